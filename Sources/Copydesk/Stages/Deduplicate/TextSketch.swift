/// What the dedup index keeps of a text: an exact hash, a MinHash signature of its word 5-shingles,
/// its shingle count, and a short MinHash of the same shingles with every number masked.
///
/// Words are runs of letters and digits, lowercased, so case, punctuation and white space changes
/// do not matter. Shingles overlap by four words, so an added header or footer, a cut, or an inserted
/// caption disturbs only the shingles it touches.
struct TextSketch: Sendable, Equatable {
    /// Signature length: 48 minimum hashes, kept as their low 16 bits.
    static let signatureLength = 48
    /// Length of the number-masked signature: the same as ``signature``'s, with the same hash
    /// functions, so the two can be compared lane by lane and computed in one pass. The index keeps 4
    /// bits a lane and discounts chance matches.
    static let maskedLength = signatureLength
    /// Words per shingle.
    static let shingleWidth = 5

    /// A hash of the word sequence: equal for texts that differ only in case, punctuation or spacing.
    var exactHash: UInt64
    /// The MinHash signature of the shingle set, 16 bits a lane (b-bit minwise hashing).
    var signature: [UInt16]
    /// Shingle positions, which stand for distinct shingles (a 5-word window rarely repeats in a story).
    var shingleCount: UInt32
    /// A MinHash of the shingles with numbers masked: two texts from one template (a results table, a
    /// market report) are far more alike masked than as written, an update of a story is not.
    var maskedSignature: [UInt8]
    /// The shingles themselves, for checking an estimate near a threshold; nil for a sketch read back
    /// from a store (which keeps them apart, read only when needed).
    var exact: ExactShingles?

    /// Sketches `text`.
    init(_ text: String) {
        var text = text
        let (words, masked) = text.withUTF8 { Self.words(ofUTF8: $0) }

        var exact: UInt64 = 0x9e37_79b9_7f4a_7c15
        for word in words { exact = Self.finalize(exact ^ word) &+ 0x9e37_79b9_7f4a_7c15 }
        exactHash = exact
        // Positions, not distinct shingles: a 5-word window rarely repeats within one story, and
        // counting without sorting keeps sketching linear.
        shingleCount = UInt32(words.count <= Self.shingleWidth ? (words.isEmpty ? 0 : 1) : words.count - Self.shingleWidth + 1)
        (signature, maskedSignature, self.exact) = Self.minHashes(shinglesOf: words, masked: masked, whole: exact)
        for (word, maskedWord) in zip(words, masked) where word != maskedWord {
            self.exact?.numbers.append(UInt32(truncatingIfNeeded: word >> 32))
        }
    }

    /// Hashes of the words of a UTF-8 text, and the same with every number masked. A word is a run of
    /// letters and digits, lowercased; digits joined by `,` or `.` stay one number ("1,250", "3.5").
    static func words(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> (words: [UInt64], masked: [UInt64]) {
        var words = WordHasher(capacity: bytes.count / 5)
        let folding = foldingTable
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                if byte >= 0x30 && byte <= 0x39 {
                    words.add(UInt32(byte), isDigit: true)
                } else if byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A {
                    words.add(UInt32(byte | 0x20), isDigit: false)
                } else if !((byte == 0x2C || byte == 0x2E) && words.isInNumber) {
                    words.endWord()
                }
                continue
            }
            // A multi-byte scalar (the text is valid UTF-8: it is a String).
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            index += length
            let folded = value < folding.count ? folding[Int(value)] : Self.slowFold
            if folded == 0 {
                words.endWord()
            } else if folded != Self.slowFold {
                words.add(folded, isDigit: false)
            } else {
                let scalar = Unicode.Scalar(value)!
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    for lowered in scalar.properties.lowercaseMapping.unicodeScalars { words.add(lowered.value, isDigit: false) }
                } else {
                    words.endWord()
                }
            }
        }
        words.endWord()
        return (words.words, words.masked)
    }

    /// Hashes words scalar by scalar (FNV-1a over lowercased scalar values, then a finalizer).
    private struct WordHasher {
        static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
        var words: [UInt64] = []
        var masked: [UInt64] = []
        var hash = basis
        var inWord = false
        var allDigits = true

        init(capacity: Int) {
            words.reserveCapacity(capacity)
            masked.reserveCapacity(capacity)
        }

        /// Whether the current word so far is all digits (so `,` and `.` continue it).
        var isInNumber: Bool { inWord && allDigits }

        @inline(__always) mutating func add(_ value: UInt32, isDigit: Bool) {
            hash = (hash ^ UInt64(value)) &* 0x100_0000_01b3
            inWord = true
            if !isDigit { allDigits = false }
        }

        @inline(__always) mutating func endWord() {
            guard inWord else { return }
            let finished = finalize(hash)
            words.append(finished)
            masked.append(allDigits ? 0x2323_2323 : finished)
            hash = Self.basis
            inWord = false
            allDigits = true
        }
    }

    /// `foldingTable`'s mark for a scalar that needs the full Unicode lookup.
    private static let slowFold = UInt32.max

    /// For each scalar below U+3000 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic scripts, General
    /// Punctuation): 0 when it separates words, its lowercase form when it is a letter or digit, or
    /// ``slowFold`` when that form is more than one scalar. Unicode property lookups are slow; news in
    /// every script is mostly made of these.
    private static let foldingTable: [UInt32] = (0..<0x3000).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return 0 }
        guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { return 0 }
        let lowered = scalar.properties.lowercaseMapping.unicodeScalars
        return lowered.count == 1 ? lowered.first!.value : slowFold
    }

    /// Memberwise, for the store.
    init(exactHash: UInt64, signature: [UInt16], shingleCount: UInt32, maskedSignature: [UInt8], exact: ExactShingles? = nil) {
        self.exactHash = exactHash
        self.signature = signature
        self.shingleCount = shingleCount
        self.maskedSignature = maskedSignature
        self.exact = exact
    }

    /// Containment of the smaller set in the larger, from Jaccard and the set sizes:
    /// |A∩B| = J(|A|+|B|)/(1+J).
    static func containment(jaccard: Double, _ a: UInt32, _ b: UInt32) -> Double {
        let smaller = Double(min(a, b))
        guard smaller > 0 else { return 0 }
        return min(1, jaccard * Double(a + b) / (1 + jaccard) / smaller)
    }

    // MARK: Hashing

    @inline(__always)
    static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { value << count | value >> (64 - count) }

    /// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
    @inline(__always)
    static func finalize(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x = x &* 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }

    /// One-permutation MinHash with densification over the hashes of every run of `shingleWidth`
    /// words (one shingle, `whole`, for shorter texts): each shingle is hashed once and lands in one of
    /// `signatureLength` bins, which keep their minimum; an empty bin borrows from the next full one
    /// (with a per-distance salt), so estimates stay unbiased for short texts. Low 16 bits of each
    /// minimum (b-bit minwise hashing: a minimum's top bits are mostly zeros); all-ones when there are
    /// no words. The same for the `masked` words, kept to 8 bits a lane; a shingle without a number is
    /// the same in both and hashed once. Every shingle's hash is also kept, for ``ExactShingles``.
    static func minHashes(shinglesOf words: [UInt64], masked: [UInt64], whole: UInt64)
        -> (plain: [UInt16], masked: [UInt8], exact: ExactShingles) {
        let length = signatureLength
        guard !words.isEmpty else {
            return ([UInt16](repeating: .max, count: length), [UInt8](repeating: .max, count: length), ExactShingles())
        }
        var plainSignature = [UInt16](repeating: 0, count: length)
        var maskedSignature = [UInt8](repeating: 0, count: length)
        var exact = ExactShingles()
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * length) { minimums in
            minimums.initialize(repeating: .max)
            let bins = UInt64(length)
            @inline(__always) func hash(_ shingle: UInt64) -> (bin: Int, rest: UInt64) {
                let hashed = finalize(shingle ^ 0x2545_f491_4f6c_dd1d)
                return (Int(((hashed >> 32) &* bins) >> 32), hashed & 0xFFFF_FFFF)
            }
            if words.count <= shingleWidth {
                let (bin, rest) = hash(whole)
                minimums[bin] = rest
                minimums[length + bin] = rest
                exact.plain = [UInt32(truncatingIfNeeded: whole >> 32)]
            } else {
                exact.plain.reserveCapacity(words.count - shingleWidth + 1)
                words.withUnsafeBufferPointer { words in
                    masked.withUnsafeBufferPointer { masked in
                        // Word hashes are already mixed, so rotating each by its place and combining
                        // them needs only one finalizer per shingle.
                        @inline(__always) func shingle(_ words: UnsafeBufferPointer<UInt64>, _ start: Int) -> UInt64 {
                            finalize(words[start] ^ rotate(words[start + 1], 13) ^ rotate(words[start + 2], 26)
                                ^ rotate(words[start + 3], 39) ^ rotate(words[start + 4], 52))
                        }
                        var lastNumber = -1
                        for start in 0..<(shingleWidth - 1) where words[start] != masked[start] { lastNumber = start }
                        for start in 0...(words.count - shingleWidth) {
                            if words[start + 4] != masked[start + 4] { lastNumber = start + 4 }
                            let plainShingle = shingle(words, start)
                            exact.plain.append(UInt32(truncatingIfNeeded: plainShingle >> 32))
                            let (bin, rest) = hash(plainShingle)
                            if rest < minimums[bin] { minimums[bin] = rest }
                            if lastNumber < start {
                                if rest < minimums[length + bin] { minimums[length + bin] = rest }
                            } else {
                                let maskedShingle = shingle(masked, start)
                                exact.numbered.append(UInt32(truncatingIfNeeded: plainShingle >> 32))
                                exact.numbered.append(UInt32(truncatingIfNeeded: maskedShingle >> 32))
                                let (maskedBin, maskedRest) = hash(maskedShingle)
                                if maskedRest < minimums[length + maskedBin] { minimums[length + maskedBin] = maskedRest }
                            }
                        }
                    }
                }
            }
            for bin in 0..<length {
                plainSignature[bin] = UInt16(truncatingIfNeeded: densified(minimums, bin, from: 0, length: length))
                maskedSignature[bin] = UInt8(truncatingIfNeeded: densified(minimums, bin, from: length, length: length))
            }
        }
        return (plainSignature, maskedSignature, exact)
    }

    /// A bin's minimum, or when it is empty the next full bin's, salted with the distance.
    private static func densified(_ minimums: UnsafeMutableBufferPointer<UInt64>, _ bin: Int, from base: Int, length: Int) -> UInt64 {
        var source = bin, distance = 0
        while minimums[base + source] == .max { source = (source + 1) % length; distance += 1 }
        return distance == 0 ? minimums[base + source] : finalize(minimums[base + source] &+ UInt64(distance))
    }
}
