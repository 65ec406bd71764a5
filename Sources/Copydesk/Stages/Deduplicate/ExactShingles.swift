/// The exact shingles of a text, as 32-bit hashes, for checking a MinHash estimate that lands near a
/// threshold. With 48 lanes an estimated Jaccard similarity of 0.4 is off by 0.07 one time in three,
/// and a containment estimate's error is multiplied by the ratio of the two texts' sizes; on short
/// wire stories that is the difference between a reprint found and one missed, or between a results
/// list kept apart from an unrelated table and linked to it. The exact sets answer both.
///
/// Kept as computed (one hash per shingle position, unsorted), so sketching stays a single pass;
/// sorted only when an estimate has to be checked. Shingles with a number in them are also kept with
/// the number masked, for the template test.
package struct ExactShingles: Sendable, Equatable {
    /// The hash of every shingle, in text order (repeats included).
    var plain: [UInt32]
    /// For each shingle with a number in it: its plain hash, then its hash with every number masked.
    var numbered: [UInt32]
    /// The hash of every number in the text, in text order.
    var numbers: [UInt32]

    init(plain: [UInt32] = [], numbered: [UInt32] = [], numbers: [UInt32] = []) {
        self.plain = plain
        self.numbered = numbered
        self.numbers = numbers
    }

    /// Bytes of the hashes.
    var byteCount: Int { (plain.count + numbered.count + numbers.count) * 4 }

    /// How two texts' shingles compare.
    struct Comparison: Equatable {
        /// Jaccard similarity of the shingle sets.
        var jaccard: Double
        /// Share of the smaller set found in the larger.
        var containment: Double
        /// Jaccard similarity with every number masked.
        var maskedJaccard: Double
        /// The share of the figures that differ (the numbers of the text with more of them that the
        /// other does not have): near 1 for two days of one table, low for a correction of a few.
        var changedFigures: Double
    }

    /// The sets a comparison reads, sorted: made once per text, however many candidates it meets.
    struct Sorted {
        /// The shingle set.
        let plain: [UInt32]
        /// The shingle set with numbers masked.
        let masked: [UInt32]
        /// The numbers, repeats kept.
        let numbers: [UInt32]
    }

    /// ``Sorted`` for this text.
    var sorted: Sorted {
        let plain = Self.sortedSet(self.plain)
        return Sorted(plain: plain, masked: masked(plain), numbers: numbers.sorted())
    }

    /// The exact comparison with `other`.
    func compared(with other: ExactShingles) -> Comparison { Self.compare(sorted, other.sorted) }

    /// The exact comparison of two texts' sorted sets.
    static func compare(_ a: Sorted, _ b: Sorted) -> Comparison {
        let shared = intersectionCount(a.plain, b.plain)
        let union = a.plain.count + b.plain.count - shared
        let smaller = min(a.plain.count, b.plain.count)
        let maskedShared = intersectionCount(a.masked, b.masked)
        let maskedUnion = a.masked.count + b.masked.count - maskedShared
        let figures = max(a.numbers.count, b.numbers.count)
        // The numbers are multisets: the walk counts repeats as often as both have them.
        let sameFigures = intersectionCount(a.numbers, b.numbers)
        return Comparison(jaccard: union == 0 ? 0 : Double(shared) / Double(union),
                          containment: smaller == 0 ? 0 : Double(shared) / Double(smaller),
                          maskedJaccard: maskedUnion == 0 ? 0 : Double(maskedShared) / Double(maskedUnion),
                          changedFigures: figures == 0 ? 0 : 1 - Double(sameFigures) / Double(figures))
    }

    /// The sorted set with numbers masked: the plain set less the shingles that hold a number, plus
    /// their masked forms.
    private func masked(_ sortedPlain: [UInt32]) -> [UInt32] {
        guard !numbered.isEmpty else { return sortedPlain }
        var withNumbers: [UInt32] = [], maskedForms: [UInt32] = []
        withNumbers.reserveCapacity(numbered.count / 2)
        maskedForms.reserveCapacity(numbered.count / 2)
        for pair in stride(from: 0, to: numbered.count - 1, by: 2) {
            withNumbers.append(numbered[pair])
            maskedForms.append(numbered[pair + 1])
        }
        let removed = Self.sortedSet(withNumbers)
        var kept: [UInt32] = []
        kept.reserveCapacity(sortedPlain.count)
        var index = 0
        for value in sortedPlain {
            while index < removed.count && removed[index] < value { index += 1 }
            if index < removed.count && removed[index] == value { continue }
            kept.append(value)
        }
        return Self.sortedSet(kept + maskedForms)
    }

    static func sortedSet(_ values: [UInt32]) -> [UInt32] {
        var sorted = values.sorted()
        var write = 0
        for read in sorted.indices where read == 0 || sorted[read] != sorted[read - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }

    /// Common elements of two sorted arrays, repeats counted (sets or multisets alike).
    static func intersectionCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var (i, j, shared) = (0, 0, 0)
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return shared
    }

    // MARK: Storage

    /// Little-endian bytes: the plain count, the numbers' count, the plain hashes, the numbers, then
    /// the numbered pairs.
    package var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * (2 + plain.count + numbers.count + numbered.count))
        func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        put(UInt32(plain.count))
        put(UInt32(numbers.count))
        plain.forEach(put)
        numbers.forEach(put)
        numbered.forEach(put)
        return bytes
    }

    /// Reads ``bytes``; nil when they are not a stored set.
    package init?(bytes: [UInt8]) {
        guard bytes.count >= 8, bytes.count % 4 == 0 else { return nil }
        var words = [UInt32](repeating: 0, count: bytes.count / 4)
        for index in words.indices {
            words[index] = UInt32(bytes[index * 4]) | UInt32(bytes[index * 4 + 1]) << 8
                | UInt32(bytes[index * 4 + 2]) << 16 | UInt32(bytes[index * 4 + 3]) << 24
        }
        let (plainCount, numberCount) = (Int(words[0]), Int(words[1]))
        let numbersEnd = 2 + plainCount + numberCount
        guard numbersEnd <= words.count, (words.count - numbersEnd) % 2 == 0 else { return nil }
        self.init(plain: Array(words[2..<(2 + plainCount)]), numbered: Array(words[numbersEnd...]),
                  numbers: Array(words[(2 + plainCount)..<numbersEnd]))
    }
}
