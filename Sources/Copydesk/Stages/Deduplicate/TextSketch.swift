/// What the dedup index keeps of a text: an exact hash, a MinHash signature of its word 5-shingles,
/// its shingle count, and a short MinHash of the same shingles with every number masked.
///
/// Words are runs of letters and digits, lowercased, so case, punctuation and white space changes
/// do not matter. Shingles overlap by four words, so an added header or footer, a cut, or an inserted
/// caption disturbs only the shingles it touches.
struct TextSketch: Sendable, Equatable {
    /// Signature length: 48 minimum hashes, kept as their low 16 bits.
    static let signatureLength = 48
    /// Length of the number-masked signature. It uses the same hash functions as ``signature``, so
    /// the two can be compared lane by lane; 8 bits a lane are enough to compare (a chance match
    /// adds 1/256 to an estimate).
    static let maskedLength = 48
    /// Words per shingle.
    static let shingleWidth = 5

    /// A hash of the word sequence: equal for texts that differ only in case, punctuation or spacing.
    var exactHash: UInt64
    /// The MinHash signature of the shingle set, 16 bits a lane (b-bit minwise hashing).
    var signature: [UInt16]
    /// Distinct shingles (at most `UInt32.max`).
    var shingleCount: UInt32
    /// A MinHash of the shingles with numbers masked: two texts from one template (a results table, a
    /// market report) are far more alike masked than as written, an update of a story is not.
    var maskedSignature: [UInt8]

    /// Sketches `text`.
    init(_ text: String) {
        var words: [UInt64] = []
        var masked: [UInt64] = []
        words.reserveCapacity(text.utf8.count / 5)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        var allDigits = true
        func endWord() {
            guard inWord else { return }
            let finished = Self.finalize(hash)
            words.append(finished)
            masked.append(allDigits ? 0x2323_2323 : finished)
            hash = 0xcbf2_9ce4_8422_2325
            inWord = false
            allDigits = true
        }
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value < 0x80 {
                let isDigit = value >= 0x30 && value <= 0x39
                if value >= 0x41 && value <= 0x5A { value |= 0x20 }
                guard isDigit || (value >= 0x61 && value <= 0x7A) else {
                    // Digits joined by , or . stay one number ("1,250", "3.5").
                    if (value == 0x2C || value == 0x2E) && inWord && allDigits { continue }
                    endWord()
                    continue
                }
                if !isDigit { allDigits = false }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                allDigits = false
                for lowered in scalar.properties.lowercaseMapping.unicodeScalars {
                    value = lowered.value
                    hash = (hash ^ UInt64(value)) &* 0x100_0000_01b3
                }
                inWord = true
                continue
            } else {
                endWord()
                continue
            }
            hash = (hash ^ UInt64(value)) &* 0x100_0000_01b3
            inWord = true
        }
        endWord()

        var exact: UInt64 = 0x9e37_79b9_7f4a_7c15
        for word in words { exact = Self.finalize(exact ^ word) &+ 0x9e37_79b9_7f4a_7c15 }
        exactHash = exact

        let shingles = Self.shingles(of: words, whole: exact)
        // Positions, not distinct shingles: a 5-word window rarely repeats within one story, and
        // counting without sorting keeps sketching linear.
        shingleCount = UInt32(shingles.count)
        signature = Self.minHash(shingles, length: Self.signatureLength)
        maskedSignature = Self.minHash(Self.shingles(of: masked, whole: exact), length: Self.maskedLength)
            .map { UInt8(truncatingIfNeeded: $0) }
    }

    /// Hashes of every run of `shingleWidth` words (one shingle for shorter texts).
    static func shingles(of words: [UInt64], whole: UInt64) -> [UInt64] {
        var shingles: [UInt64] = []
        if words.count <= shingleWidth {
            if !words.isEmpty { shingles.append(whole) }
        } else {
            shingles.reserveCapacity(words.count - shingleWidth + 1)
            // Word hashes are already mixed, so rotating each by its place and combining them needs
            // only one finalizer per shingle.
            for start in 0...(words.count - shingleWidth) {
                let combined = words[start] ^ rotate(words[start + 1], 13) ^ rotate(words[start + 2], 26)
                    ^ rotate(words[start + 3], 39) ^ rotate(words[start + 4], 52)
                shingles.append(finalize(combined))
            }
        }
        return shingles
    }

    /// Memberwise, for the store.
    init(exactHash: UInt64, signature: [UInt16], shingleCount: UInt32, maskedSignature: [UInt8]) {
        self.exactHash = exactHash
        self.signature = signature
        self.shingleCount = shingleCount
        self.maskedSignature = maskedSignature
    }

    /// The estimated Jaccard similarity of two signatures.
    static func jaccard<Lane: FixedWidthInteger>(_ a: ArraySlice<Lane>, _ b: ArraySlice<Lane>) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        var equal = 0
        for (x, y) in zip(a, b) where x == y { equal += 1 }
        return Double(equal) / Double(a.count)
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

    /// One-permutation MinHash with densification: each value is hashed once and lands in one of
    /// `length` bins, which keep their minimum; an empty bin borrows from the next full one (with a
    /// per-distance salt), so estimates stay unbiased for short texts. Low 16 bits of each minimum
    /// (b-bit minwise hashing: a minimum's top bits are mostly zeros). All-ones when `values` is empty.
    static func minHash(_ values: [UInt64], length: Int) -> [UInt16] {
        var minimums = [UInt64](repeating: .max, count: length)
        let bins = UInt64(length)
        minimums.withUnsafeMutableBufferPointer { minimums in
            for value in values {
                let hashed = finalize(value ^ 0x2545_f491_4f6c_dd1d)
                let bin = Int(((hashed >> 32) &* bins) >> 32)
                let rest = hashed & 0xFFFF_FFFF
                if rest < minimums[bin] { minimums[bin] = rest }
            }
        }
        var signature = [UInt16](repeating: .max, count: length)
        guard !values.isEmpty else { return signature }
        for bin in 0..<length {
            var source = bin, distance = 0
            while minimums[source] == .max { source = (source + 1) % length; distance += 1 }
            let value = distance == 0 ? minimums[source] : finalize(minimums[source] &+ UInt64(distance))
            signature[bin] = UInt16(truncatingIfNeeded: value)
        }
        return signature
    }

}
