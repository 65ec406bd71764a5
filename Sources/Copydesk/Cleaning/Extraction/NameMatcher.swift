/// Finds many short ASCII patterns in a `class`/`id` string in one pass, case-insensitively.
///
/// Patterns are bucketed by their first two bytes, so each position of the input costs one table
/// lookup. A whole-token pattern must be bounded by non-alphanumerics (`ad` matches `ad-slot` but
/// not `header`); the others match anywhere (`newsletter` in `footerNewsletterSignup`).
struct NameMatcher: Sendable {
    /// Category bits.
    static let articleBody: UInt8 = 1
    static let content: UInt8 = 2
    static let furniture: UInt8 = 4
    static let weakFurniture: UInt8 = 8
    static let byline: UInt8 = 16

    private struct Pattern: Sendable {
        var bytes: [UInt8]
        var category: UInt8
        var wholeToken: Bool
    }

    private var patterns: [Pattern] = []
    /// For each two-byte prefix, 1 + the index of its bucket in `buckets`, or 0.
    private var table = [UInt16](repeating: 0, count: 65536)
    private var buckets: [[Int]] = []

    /// Adds lowercase ASCII patterns of at least two bytes.
    mutating func add(_ words: [String], category: UInt8, wholeToken: Bool) {
        for word in words {
            let bytes = Array(word.utf8)
            precondition(bytes.count >= 2, "name patterns need two bytes")
            let key = Int(bytes[0]) << 8 | Int(bytes[1])
            if table[key] == 0 {
                buckets.append([])
                table[key] = UInt16(buckets.count)
            }
            buckets[Int(table[key]) - 1].append(patterns.count)
            patterns.append(Pattern(bytes: bytes, category: category, wholeToken: wholeToken))
        }
    }

    /// The union of the categories of every pattern found in `names`.
    func categories(in names: String) -> UInt8 {
        var found: UInt8 = 0
        var utf8 = Array(names.utf8)
        for index in utf8.indices where utf8[index] >= 0x41 && utf8[index] <= 0x5A { utf8[index] |= 0x20 }
        let count = utf8.count
        guard count >= 2 else { return 0 }
        for start in 0..<(count - 1) {
            let slot = table[Int(utf8[start]) << 8 | Int(utf8[start + 1])]
            guard slot != 0 else { continue }
            for patternIndex in buckets[Int(slot) - 1] {
                let pattern = patterns[patternIndex]
                if found & pattern.category != 0 { continue }
                let end = start + pattern.bytes.count
                guard end <= count else { continue }
                var matched = 2
                while matched < pattern.bytes.count && utf8[start + matched] == pattern.bytes[matched] { matched += 1 }
                guard matched == pattern.bytes.count else { continue }
                if pattern.wholeToken {
                    if start > 0 && Self.isWordByte(utf8[start - 1]) { continue }
                    if end < count && Self.isWordByte(utf8[end]) { continue }
                }
                found |= pattern.category
            }
        }
        return found
    }

    /// ASCII letters and digits, and any non-ASCII byte.
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
    }
}
