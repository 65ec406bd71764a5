import Foundation

/// Trains the entity tagger: an averaged perceptron over the tagger's own features.
///
/// Each epoch visits the sentences in a seeded random order, decodes each greedily with the current
/// weights, and moves the weights of every wrongly labelled word toward its gold label. The result is
/// the average of the weights over all steps, which generalises far better than the last weights.
public enum EntityTrainer {
    /// One training sentence.
    public struct Sentence: Sendable {
        /// The words.
        public var words: [String]
        /// The gold label of each word.
        public var labels: [EntityLabel]
        /// Types (0 person … 3 misc) that this sentence's source does not annotate: a prediction of
        /// one of them where the gold says `O` is not counted as an error (UNER and WikiANN have no MISC).
        public var unannotatedTypes: Set<Int>
        /// Whether a new document starts with this sentence (the label history starts afresh).
        public var startsDocument: Bool

        /// Creates a sentence.
        public init(words: [String], labels: [EntityLabel], unannotatedTypes: Set<Int> = [], startsDocument: Bool = false) {
            self.words = words
            self.labels = labels
            self.unannotatedTypes = unannotatedTypes
            self.startsDocument = startsDocument
        }
    }

    /// Training settings.
    public struct Settings: Sendable {
        /// Passes over the data.
        public var epochs = 8
        /// log2 of the weight rows (the model file holds `2^bits × 9` half-precision weights).
        public var bucketBits = 17
        /// Seed of the shuffling.
        public var seed: UInt64 = 7
        /// Models trained with different shuffles and averaged into one (less sensitive to the order).
        /// Held-out folds (three-fold cross-validation by document over GUM's training documents and
        /// UNER dev), tagger F1 UNER / GUM: 3 runs 66.63 / 57.56, 6 runs 66.77 / 57.87, 8 runs
        /// 66.95 / 58.00, 10 runs 66.91 / 57.83; the entity stage 66.29 / 57.46 at 3 runs, 66.42 /
        /// 57.91 at 8. Only training takes longer.
        public var runs = 8

        /// Default settings.
        public init() {}
    }

    /// Trains a model; `progress` hears one line per epoch.
    public static func train(_ sentences: [Sentence], gazetteer: Gazetteer, settings: Settings = Settings(),
                             progress: (String) -> Void = { _ in }) -> EntityModel {
        var sum: [Float] = []
        var gazetteerUsed = gazetteer
        let runs = max(settings.runs, 1)
        for run in 0..<runs {
            var one = settings
            one.seed = settings.seed &+ UInt64(run) &* 1_000_003
            let model = trainOnce(sentences, gazetteer: gazetteer, settings: one) { progress("run \(run + 1): \($0)") }
            let weights = model.weights
            if sum.isEmpty {
                sum = weights
            } else {
                for k in sum.indices { sum[k] += weights[k] }
            }
            gazetteerUsed = model.gazetteer
        }
        for k in sum.indices { sum[k] /= Float(runs) }
        gazetteerUsed.keepCommonWords(CommonWords.mostFrequent(in: sentences.lazy.flatMap(\.words)))
        // Built once from the final weights, so the tagger's integer copy matches them.
        return EntityModel(bucketBits: settings.bucketBits, weights: sum, gazetteer: gazetteerUsed)
    }

    private static func trainOnce(_ sentences: [Sentence], gazetteer: Gazetteer, settings: Settings,
                                  progress: (String) -> Void) -> EntityModel {
        var gazetteer = gazetteer
        var lowercase: [String: Int] = [:]
        for sentence in sentences {
            for (i, word) in sentence.words.enumerated() where i > 0 && word.first?.isLowercase == true { lowercase[word, default: 0] += 1 }
        }
        for (word, count) in lowercase where count >= 2 { gazetteer.add(word, to: .lowercaseWord) }
        let features = TaggerFeatures(bucketBits: settings.bucketBits)
        let labelCount = EntityLabel.allCases.count
        let size = (1 << settings.bucketBits) * labelCount
        var weights = [Float](repeating: 0, count: size)
        var totals = [Double](repeating: 0, count: size)
        var stamps = [Int32](repeating: 0, count: size)
        let prepared = sentences.map { features.staticRows(words: $0.words, gazetteer: gazetteer) }
        // Documents are visited in a random order, their sentences in order, so the label history
        // sees what it would see when tagging.
        let isStart = sentences.indices.map { $0 == 0 || sentences[$0].startsDocument }
        let starts = sentences.indices.filter { isStart[$0] }
        let documents = zip(starts, starts.dropFirst() + [sentences.count]).map { $0..<$1 }
        var order = Array(documents.indices)
        var random = SplitMix(seed: settings.seed)
        var step: Int32 = 0

        for epoch in 1...settings.epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(random.next() % UInt64(i + 1)))
            }
            var errors = 0, words = 0
            var history = LabelHistory()
            for s in order.lazy.flatMap({ documents[$0] }) {
                if isStart[s] { history = LabelHistory() }
                let sentence = prepared[s], gold = sentences[s]
                var previous = EntityLabel.outside, beforePrevious = EntityLabel.outside
                for i in sentence.ends.indices {
                    step += 1
                    words += 1
                    let rows = sentence.rows(of: i)
                    let word = sentence.read.infos[i]
                    let dynamic = features.labelRows(previous: previous, beforePrevious: beforePrevious,
                                                     word: word.lower, shape: word.shape.shapeHash)
                    var remembered: [UInt32] = []
                    history.forEachFeature(of: word.lower, capitalized: word.shape.isCapitalized) { remembered.append(features.row($0)) }
                    let guess = weights.withUnsafeBufferPointer {
                        EntityTagger.bestLabel(rows: rows, dynamic: dynamic, extra: remembered, after: previous, weights: $0)
                    }
                    if previous != .outside || !sentence.read.plain[i] { history.record(word.lower, as: guess) }
                    var truth = gold.labels[i]
                    if truth == .outside, let type = guess.typeIndex, gold.unannotatedTypes.contains(type) { truth = guess }
                    if guess != truth {
                        errors += 1
                        // Toward the gold label, away from the guess; averaging is kept lazily per weight.
                        func update(_ row: UInt32) {
                            let base = Int(row) * labelCount
                            for (label, delta) in [(truth.rawValue, Float(1)), (guess.rawValue, Float(-1))] {
                                let k = base + label
                                totals[k] += Double(step - stamps[k]) * Double(weights[k])
                                stamps[k] = step
                                weights[k] += delta
                            }
                        }
                        for row in rows { update(row) }
                        for row in remembered { update(row) }
                        update(dynamic.0); update(dynamic.1); update(dynamic.2); update(dynamic.3)
                    }
                    beforePrevious = previous
                    previous = guess
                }
            }
            if epoch == settings.epochs || epoch == 1 { progress("epoch \(epoch): \(errors) errors in \(words) words (\(String(format: "%.2f", 100 * Double(errors) / Double(max(words, 1))))%)") }
        }
        var averaged = [Float](repeating: 0, count: size)
        for k in 0..<size {
            let total = totals[k] + Double(step - stamps[k]) * Double(weights[k])
            averaged[k] = Float(total / Double(max(step, 1)))
        }
        return EntityModel(bucketBits: settings.bucketBits, weights: averaged, gazetteer: gazetteer)
    }
}

/// A small seeded random generator (splitmix64), so training is repeatable.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return FeatureHash.mix(state)
    }
}
