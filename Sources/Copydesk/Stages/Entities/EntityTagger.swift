/// Labels the words of a sentence with BIO entity labels, greedily left to right.
public struct EntityTagger: Sendable {
    /// The model in use.
    public let model: EntityModel
    let features: TaggerFeatures

    /// Creates a tagger for a model.
    public init(model: EntityModel) {
        self.model = model
        features = TaggerFeatures(bucketBits: model.bucketBits)
    }

    /// The label of every word of one sentence, read as the entity stage reads it: a headline in title
    /// case or capitals has its words put back in running text's case first (``HeadlineCase``).
    public func tag(_ words: [String]) -> [EntityLabel] {
        var history = LabelHistory()
        return tag(words, history: &history)
    }

    /// The label of every word of one sentence of a document whose earlier sentences `history` has
    /// seen, read as ``tag(_:)`` reads it; the sentence's names are added to the history.
    public func tag(_ words: [String], history: inout LabelHistory) -> [EntityLabel] {
        let firstScalars = words.map { $0.unicodeScalars.first ?? " " }
        return tag(words[...], firstScalars: firstScalars[...], history: &history)
    }

    /// The label of every word of one sentence of a document, given as a slice of its words and their
    /// first code points, read as ``tag(_:)`` reads it.
    func tag(_ words: ArraySlice<String>, firstScalars: ArraySlice<Unicode.Scalar>, history: inout LabelHistory) -> [EntityLabel] {
        tag(HeadlineCase.normalized(words, firstScalars: firstScalars, gazetteer: model.gazetteer), history: &history)
    }

    /// The label of every word of one sentence, given as a slice of a document's words, as they are,
    /// with the document's history so far.
    func tag(_ words: ArraySlice<String>, history: inout LabelHistory) -> [EntityLabel] {
        guard !words.isEmpty else { return [] }
        let sentence = features.sentence(words, gazetteer: model.gazetteer)
        return model.quantized.withUnsafeBufferPointer { weights in
            Self.decode(sentence, features: features, weights: weights, history: &history)
        }
    }

    static let labelCount = EntityLabel.allCases.count

    /// The marks of a word that starts a listed place, and of one inside it after its first word
    /// (``Gazetteer/matches(_:)``).
    private static let placeStart = UInt32(1) << UInt32(Gazetteer.List.place.rawValue)
    private static let insidePlace = UInt32(1) << UInt32(16 + Gazetteer.List.place.rawValue)
    /// The type index of places (``EntityLabel/typeIndex``).
    private static let placeType = EntityLabel.beginLocation.typeIndex!

    /// Greedy decoding: each word's best label among those that may follow the previous one. A plain
    /// word after `O` is `O` without scoring (``TaggerFeatures/isPlain(_:marks:)``), so its rows are
    /// never built.
    static func decode(_ sentence: SentenceWords, features: TaggerFeatures, weights: UnsafeBufferPointer<Int16>,
                       history: inout LabelHistory) -> [EntityLabel] {
        var labels: [EntityLabel] = []
        labels.reserveCapacity(sentence.count)
        var previous = EntityLabel.outside, beforePrevious = EntityLabel.outside
        for i in 0..<sentence.count {
            var best = EntityLabel.outside
            if previous != .outside || !sentence.plain[i] {
                // The rows are summed as they are made: no list of them in between.
                var sums = LabelSums(weights: weights)
                features.forEachRow(of: i, in: sentence) { sums.add($0) }
                let word = sentence.infos[i]
                sums.add(features.labelRows(previous: previous, beforePrevious: beforePrevious,
                                            word: word.lower, shape: word.shape.shapeHash))
                history.forEachFeature(of: word.lower, capitalized: word.shape.isCapitalized) { sums.add(features.row($0)) }
                best = sums.best(after: previous)
                // A name goes on through the words of a listed place it has opened ("Palo Alto",
                // "san francisco"), where the weights alone would cut it after its first word.
                // Held-out folds, UNER / GUM: 66.95 / 58.00 -> 67.26 / 57.94 (places and
                // organisations: 67.23 / 57.93).
                if let type = previous.typeIndex, best != .inside(type), !word.shape.isPunctuation,
                   sentence.marks[i] & Self.insidePlace != 0 { best = .inside(type) }
                // A listed place of two words or more, written as a name, that the weights leave
                // unopened or open as a person is opened as a place ("Tel Aviv" after a curly quote,
                // not "Tel" O and "Aviv" a person); the rule above carries it on. In a sentence written
                // all in lower case its words may be too ("i live in san rafael"), but not in running
                // text ("an olive branch"). Held-out folds, UNER / GUM: 68.67 / 60.17 -> 69.20 / 60.28
                // (any case: 69.20 / 60.31; capitalised words, where the weights said O: 69.13 / 60.22).
                if previous == .outside, best == .outside || best == .beginPerson,
                   sentence.marks[i] & Self.placeStart != 0, i + 1 < sentence.count,
                   sentence.marks[i + 1] & Self.insidePlace != 0,
                   sentence.runs.isLowercase || word.shape.isCapitalized && sentence.infos[i + 1].shape.isCapitalized {
                    best = .begin(Self.placeType)
                }
                history.record(word.lower, as: best)
            }
            labels.append(best)
            beforePrevious = previous
            previous = best
        }
        // A name never ends on punctuation: a greedy tagger that carried one on through "-" ("Debra -"
        // at a letter's greeting, where GUM's "Jean - Paul" taught it to) has its last word back.
        // Held-out folds, UNER / GUM: tagger 69.09 / 60.57 -> 69.51 / 60.57, stage 69.30 / 60.05 ->
        // 69.71 / 60.05. Neither file's gold has a name that ends on punctuation.
        labels.removeTrailingPunctuationFromNames { sentence.infos[$0].shape.isPunctuation }
        return labels
    }

    /// The highest-scoring label that may follow `previous` (the first of equals).
    @inline(__always)
    static func best<Score: Comparable>(after previous: EntityLabel, below lowest: Score, score: (Int) -> Score) -> EntityLabel {
        var best = EntityLabel.outside
        var bestScore = lowest
        for label in EntityLabel.allCases where label.mayFollow(previous) {
            let value = score(label.rawValue)
            if value > bestScore {
                best = label
                bestScore = value
            }
        }
        return best
    }
}

/// A word's score for each label, summed over its rows of the tagger's 16-bit weights, exactly in 32
/// bits. A row holds one weight per label, nine in all: the first eight are added as one vector.
struct LabelSums {
    private let base: UnsafePointer<Int16>
    private var first8 = SIMD8<Int32>(repeating: 0)
    private var ninth: Int32 = 0

    /// No rows yet.
    @inline(__always)
    init(weights: UnsafeBufferPointer<Int16>) { base = weights.baseAddress! }

    /// Adds one row.
    @inline(__always)
    mutating func add(_ row: UInt32) {
        let start = base + Int(row) &* EntityTagger.labelCount
        first8 &+= SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(start).loadUnaligned(as: SIMD8<Int16>.self))
        ninth &+= Int32(start[8])
    }

    /// Adds the four label rows.
    @inline(__always)
    mutating func add(_ rows: (UInt32, UInt32, UInt32, UInt32)) {
        add(rows.0); add(rows.1); add(rows.2); add(rows.3)
    }

    /// The best label that may follow `previous`.
    @inline(__always)
    func best(after previous: EntityLabel) -> EntityLabel {
        EntityTagger.best(after: previous, below: Int32.min) { $0 < 8 ? first8[$0] : ninth }
    }
}
