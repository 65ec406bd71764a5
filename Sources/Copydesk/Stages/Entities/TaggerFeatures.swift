/// What the tagger knows about one word before it looks at its neighbours.
struct WordInfo {
    var lower: UInt64
    var form: UInt64
    var shape: WordShape
    var suffix2: UInt64, suffix3: UInt64, suffix4: UInt64
    /// The word's Brown cluster (``WordClusters``), 0 for none; set once the sentence is read.
    var cluster: UInt16 = 0

    init(_ word: String) {
        var word = word
        // A name after a lowercase Arabic article is read as the name alone ("al-Saftawi" as
        // "Saftawi"): capitalised, so it is scored and not settled as a plain word.
        if let offset = word.withUTF8({ ArabicArticle.nameOffset(in: $0) }) {
            word = String(decoding: word.utf8.dropFirst(offset), as: UTF8.self)
        }
        // ASCII words (most of English copy) are read from their bytes in one pass: no scalar
        // array, no Unicode property look-ups for the shape.
        if let ascii = word.withUTF8({ Self(ascii: $0) }) {
            self = ascii
            return
        }
        // Typographic quotes, apostrophes, ellipses and dashes are read as the training text mostly
        // writes them ("‘Tel Aviv’" as "'Tel Aviv'", "Biden’s" as "Biden's"), so that news copy set
        // with curly quotes has the context the weights were learned with.
        let scalars = Array(word.unicodeScalars)
        if scalars.contains(where: { Self.asciiPunctuation[$0] != nil }) {
            var plain = ""
            for scalar in scalars { plain += Self.asciiPunctuation[scalar] ?? String(scalar) }
            if let ascii = plain.withUTF8({ Self(ascii: $0) }) {
                self = ascii
                return
            }
            self.init(scalars: Array(plain.unicodeScalars))
            return
        }
        self.init(scalars: scalars)
    }

    /// Typographic punctuation and the ASCII the training text mostly writes for it.
    static let asciiPunctuation: [Unicode.Scalar: String] = [
        "\u{2018}": "'", "\u{2019}": "'", "\u{201A}": "'", "\u{201B}": "'", "\u{2032}": "'",
        "\u{201C}": "\"", "\u{201D}": "\"", "\u{201E}": "\"", "\u{201F}": "\"", "\u{00AB}": "\"", "\u{00BB}": "\"",
        "\u{2033}": "\"", "\u{2026}": "...", "\u{2014}": "--",
    ]

    /// A word from its scalars, any script.
    init(scalars: [Unicode.Scalar]) {
        func hash(_ part: ArraySlice<Unicode.Scalar>) -> UInt64 { FeatureHash.of(part, lowercased: true) }
        let n = scalars.count
        lower = FeatureHash.of(scalars, lowercased: true)
        form = FeatureHash.of(scalars)
        shape = WordShape(scalars)
        suffix2 = hash(scalars.suffix(2))
        suffix3 = n >= 3 ? hash(scalars.suffix(3)) : 0
        suffix4 = n >= 4 ? hash(scalars.suffix(4)) : 0
    }

    /// The same hashes for an ASCII word, from its bytes: the whole word's lowercase and as-written
    /// hashes side by side in one pass, then the suffixes from the tail. `nil` if a byte is not ASCII.
    private init?(ascii bytes: UnsafeBufferPointer<UInt8>) {
        var lowerHash = FeatureHash.basis, formHash = FeatureHash.basis
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            lowerHash = FeatureHash.step(lowerHash, UInt32(byte.asciiLowercased))
            formHash = FeatureHash.step(formHash, UInt32(byte))
        }
        @inline(__always) func suffix(_ length: Int) -> UInt64 {
            var h = FeatureHash.basis
            for byte in bytes[(bytes.count - length)...] { h = FeatureHash.step(h, UInt32(byte.asciiLowercased)) }
            return FeatureHash.mix(h)
        }
        let n = bytes.count
        lower = FeatureHash.mix(lowerHash)
        form = FeatureHash.mix(formHash)
        shape = WordShape(ascii: bytes)
        suffix2 = n <= 2 ? lower : suffix(2)
        suffix3 = n >= 3 ? suffix(3) : 0
        suffix4 = n >= 4 ? suffix(4) : 0
    }

    /// The padding beyond a sentence's edges.
    static let boundary: WordInfo = WordInfo("<S>")
}

/// What the tagger knows about every word of one sentence before it decodes: each word's own
/// features, its name-list marks, and whether it is plain.
struct SentenceWords {
    var infos: [WordInfo]
    /// Per word, the gazetteer's lists of phrases starting at it (low 16 bits) and running through it (high).
    var marks: [UInt32]
    /// Per word, whether it is ``TaggerFeatures/isPlain(_:marks:)``.
    var plain: [Bool]
    /// Per word, the run of capitalised words it belongs to (``CapitalizedRuns``).
    var runs: CapitalizedRuns

    /// The number of words.
    var count: Int { infos.count }
}

/// A sentence's static feature rows: word `i` owns `rows[ends[i-1]..<ends[i]]`.
struct SentenceRows {
    var rows: [UInt32]
    var ends: [Int]
    /// The words the rows were made from.
    var read: SentenceWords

    /// The static rows of word `i`.
    func rows(of i: Int) -> ArraySlice<UInt32> { rows[(i == 0 ? 0 : ends[i - 1])..<ends[i]] }
}

/// The feature templates of the entity tagger, turned into weight rows.
///
/// Static features depend on the words only; the label features depend on the two previous
/// decisions and are added while decoding left to right.
struct TaggerFeatures {
    /// Rows are `hash >> shift`.
    let shift: UInt64

    init(bucketBits: Int) { shift = UInt64(64 - bucketBits) }

    @inline(__always) func row(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> shift) }

    /// The row every scored word has: the labels' biases.
    var biasRow: UInt32 { row(FeatureHash.feature(1, 0)) }

    private static let lowercaseWordBit = UInt32(1) << UInt32(Gazetteer.List.lowercaseWord.rawValue)
    private static let anyName = UInt32(Gazetteer.nameLists | 1 << Gazetteer.ListSet(Gazetteer.List.properNoun.rawValue))

    /// Whether a word is `O` whenever no name is open before it: punctuation, or a word in lower
    /// case inside no longer name from the lists ("york" in "new york" is not plain) that either the
    /// training text also writes in lower case mid-sentence ("said" is plain, though "Said" is a
    /// surname), or that starts with a lowercase letter of a cased script, has no digit and is in no
    /// name list ("obstructing"; not "사생활" or "u2"). The tagger settles such words without scoring
    /// them. Scored, they would be `O` there all but always: on held-out folds (three-fold
    /// cross-validation on UNER dev and GUM dev) settling the unlisted words too moved F1 from 64.31 to
    /// 64.62 and left GUM's at 51.51, and on PolNeAR it leaves a third fewer words to score.
    static func isPlain(_ shape: WordShape, marks: UInt32) -> Bool {
        if shape.isPunctuation { return true }
        guard shape.isLower, (marks >> 16) & anyName == 0 else { return false }
        return marks & lowercaseWordBit != 0 || shape.startsLowercase && !shape.hasDigit && marks & anyName == 0
    }

    /// The words of a sentence, read once.
    func sentence<Words: Collection>(_ words: Words, gazetteer: Gazetteer) -> SentenceWords where Words.Element == String {
        var firstEntries: [UInt16] = []
        firstEntries.reserveCapacity(words.count)
        let infos = words.map { word in
            var info = WordInfo(word)
            let entry = gazetteer.entry(form: info.form, lower: info.lower)
            info.cluster = entry.cluster
            firstEntries.append(entry.lists)
            return info
        }
        let marks = gazetteer.matches(infos.map(\.lower), firstEntries: firstEntries)
        let plain = infos.indices.map { Self.isPlain(infos[$0].shape, marks: marks[$0]) }
        return SentenceWords(infos: infos, marks: marks, plain: plain, runs: CapitalizedRuns(infos))
    }

    /// The static feature rows of every word of a sentence, flattened, with each word's range.
    func staticRows(words: [String], gazetteer: Gazetteer) -> SentenceRows {
        let sentence = sentence(words, gazetteer: gazetteer)
        var rows: [UInt32] = []
        rows.reserveCapacity(words.count * 36)
        var ends: [Int] = []
        ends.reserveCapacity(words.count)
        for i in 0..<sentence.count {
            forEachRow(of: i, in: sentence) { rows.append($0) }
            ends.append(rows.count)
        }
        return SentenceRows(rows: rows, ends: ends, read: sentence)
    }

    /// Calls `body` with each static feature row of word `i`, in a fixed order.
    @inline(__always)
    func forEachRow(of i: Int, in sentence: SentenceWords, _ body: (UInt32) -> Void) {
        let infos = sentence.infos, marks = sentence.marks
        let edge = WordInfo.boundary
        let w = infos[i]
        let p1 = i > 0 ? infos[i - 1] : edge
        let p2 = i > 1 ? infos[i - 2] : edge
        let n1 = i + 1 < infos.count ? infos[i + 1] : edge
        let n2 = i + 2 < infos.count ? infos[i + 2] : edge
        let s = w.shape
        let flags = UInt64(s.isTitle ? 1 : 0) | UInt64(s.isAllCaps ? 2 : 0) | UInt64(s.hasDigit ? 4 : 0)
            | UInt64(s.isLower ? 8 : 0) | UInt64(i == 0 ? 16 : 0) | UInt64(s.isPunctuation ? 32 : 0)
            | UInt64(s.hasHyphen ? 64 : 0)
        @inline(__always) func add(_ h: UInt64) { body(row(h)) }
        body(biasRow)
        add(FeatureHash.feature(2, w.lower))
        add(FeatureHash.feature(3, w.form))
        add(FeatureHash.feature(4, s.shapeHash))
        add(FeatureHash.feature(5, s.shortHash))
        add(FeatureHash.feature(8, w.suffix2))
        if w.suffix3 != 0 { add(FeatureHash.feature(9, w.suffix3)) }
        if w.suffix4 != 0 { add(FeatureHash.feature(10, w.suffix4)) }
        add(FeatureHash.feature(11, p1.lower))
        add(FeatureHash.feature(12, n1.lower))
        add(FeatureHash.feature(13, p2.lower))
        add(FeatureHash.feature(14, n2.lower))
        add(FeatureHash.feature(15, p1.shape.shapeHash))
        add(FeatureHash.feature(16, n1.shape.shapeHash))
        add(FeatureHash.feature(17, p1.shape.shapeHash, s.shapeHash))
        add(FeatureHash.feature(18, s.shapeHash, n1.shape.shapeHash))
        // (Template 19, the previous word and this one as a pair, is gone: in an ablation of every
        // template on the held-out folds, leaving it out scored best, tagger UNER / GUM 67.26 / 57.94
        // -> 67.53 / 58.07 and the stage 66.81 / 57.96 -> 67.53 / 57.84, with one row fewer per word.
        // Leaving out any other template alone moved the tagger by -1.8 to +0.1 on UNER.)
        add(FeatureHash.feature(20, w.lower, n1.lower))
        // The words on either side as a pair ("Mr _ said", "of _ ,"). Held-out folds with the logistic
        // regression, tagger UNER / GUM 68.18 / 60.29 -> 68.67 / 60.30, the stage 68.27 / 59.22 ->
        // 68.58 / 59.37. (Also tried there: the previous word and this one, 68.30 / 59.89; the next
        // two words, 68.15 / 60.44; the three words, 68.57 / 60.05; the two words before, 68.39 / 59.66.)
        add(FeatureHash.feature(92, p1.lower, n1.lower))
        add(FeatureHash.feature(21, flags))
        add(FeatureHash.feature(22, p1.form))
        add(FeatureHash.feature(23, n1.form))
        add(FeatureHash.feature(24, p1.lower, s.shapeHash))
        add(FeatureHash.feature(25, n1.lower, s.shapeHash))
        add(FeatureHash.feature(26, p1.suffix3, flags))
        // Brown clusters at four depths, and the neighbours' whole clusters.
        let c = UInt64(w.cluster)
        add(FeatureHash.feature(70, c & 0xF))
        add(FeatureHash.feature(71, c & 0x3F))
        add(FeatureHash.feature(72, c & 0x3FF))
        add(FeatureHash.feature(73, c))
        add(FeatureHash.feature(74, UInt64(p1.cluster)))
        add(FeatureHash.feature(75, UInt64(n1.cluster)))
        let here = marks[i]
        let before = i > 0 ? marks[i - 1] : 0
        let after = i + 1 < marks.count ? marks[i + 1] : 0
        add(FeatureHash.feature(34, UInt64(here), flags & 0x1B))
        if here != 0 {
            var bits = here
            while bits != 0 {
                let bit = UInt64(bits.trailingZeroBitCount)
                bits &= bits - 1
                add(FeatureHash.feature(30, bit))
                add(FeatureHash.feature(31, bit, flags & 0x1B))
            }
        } else {
            add(FeatureHash.feature(30, 99))
        }
        if before != 0 { add(FeatureHash.feature(32, UInt64(before))) }
        if after != 0 { add(FeatureHash.feature(33, UInt64(after))) }
        // In a sentence written all in lower case ("i live in san rafael"), a listed word's case says
        // nothing: its lists count on their own. Held-out folds: UNER 65.62 -> 66.46, GUM 57.21 -> 57.47,
        // and higher on both with every other number of averaged runs tried (2, 4, 5: UNER +0.3 to +0.7).
        // Yet names written wholly in lower case gain little (19 of UNER's 61 found, against 18).
        if sentence.runs.isLowercase && s.isLower && here != 0 {
            add(FeatureHash.feature(65, UInt64(here)))
        }
        let run = sentence.runs.bounds[i]
        if run.count > 1 {
            let place = UInt64(i == run.lowerBound ? 0 : i == run.upperBound - 1 ? 2 : 1)
            let last = run.upperBound - 1
            add(FeatureHash.feature(60, infos[last].lower, place))
            add(FeatureHash.feature(61, UInt64(min(run.count, 5)), place))
            add(FeatureHash.feature(62, UInt64(marks[last] & 0xFFFF), place))
            add(FeatureHash.feature(63, infos[run.lowerBound].lower, place))
        }
    }

    /// The label-feature rows for a word, given the two previous labels.
    @inline(__always)
    func labelRows(previous: EntityLabel, beforePrevious: EntityLabel, word: UInt64, shape: UInt64) -> (UInt32, UInt32, UInt32, UInt32) {
        let p = UInt64(previous.rawValue), pp = UInt64(beforePrevious.rawValue)
        return (row(FeatureHash.feature(40, p)),
                row(FeatureHash.feature(41, p, pp)),
                row(FeatureHash.feature(42, p, word)),
                row(FeatureHash.feature(43, p, shape)))
    }
}
