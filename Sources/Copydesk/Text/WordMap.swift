/// A table from words to values for the lexicons the stages consult at every token (cue verbs,
/// auxiliaries, person nouns…).
///
/// `Dictionary<String, _>` hashes each looked-up word with seeded SipHash, which dominated those
/// look-ups; this table rules most words out by their length in bytes, then hashes the UTF-8 bytes
/// with FNV-1a and probes an open-addressing table, comparing the word itself on a hash match.
/// Words are compared exactly, as `Dictionary` compares them (no case folding).
struct WordMap<Value> {
    /// The words, in the order they were added.
    private(set) var keys: [String] = []
    private var values: [Value] = []
    private var hashes: [UInt64] = []
    /// Indices into `keys`, -1 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 16)
    /// Bit `min(byte count, 63)` is set when some word has that many bytes.
    private var lengths: UInt64 = 0

    /// An empty table.
    init() {}

    /// Number of words.
    var count: Int { keys.count }

    /// The value of `word`, if it is in the table.
    @inline(__always)
    subscript(word: String) -> Value? {
        index(of: word).map { values[$0] }
    }

    /// Adds `word` with `value`, or replaces its value.
    mutating func set(_ value: Value, for word: String) {
        if let existing = index(of: word) {
            values[existing] = value
            return
        }
        if (keys.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(word)
        keys.append(word)
        values.append(value)
        hashes.append(hash)
        lengths |= Self.lengthBit(word.utf8.count)
        place(keys.count - 1, hash: hash)
    }

    @inline(__always)
    private func index(of word: String) -> Int? {
        guard lengths & Self.lengthBit(word.utf8.count) != 0 else { return nil }
        let hash = Self.hash(word)
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                let mask = slots.count - 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let k = Int(slots[slot])
                    if k < 0 { return nil }
                    if hashes[k] == hash && keys[k] == word { return k }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    private mutating func place(_ k: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(k)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for k in hashes.indices { place(k, hash: hashes[k]) }
    }

    @inline(__always)
    private static func lengthBit(_ count: Int) -> UInt64 { 1 << UInt64(min(count, 63)) }

    /// FNV-1a over the UTF-8 bytes, with the high bits folded into the low ones the table indexes by.
    @inline(__always)
    static func hash(_ word: String) -> UInt64 {
        word.utf8.withContiguousStorageIfAvailable(hash) ?? hash(Array(word.utf8)[...])
    }

    /// The same over bytes.
    @inline(__always)
    static func hash<Bytes: Collection>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h ^ (h >> 32)
    }
}

extension WordMap: ExpressibleByDictionaryLiteral {
    /// A table of the given words and values (a repeated word keeps its last value).
    init(dictionaryLiteral elements: (String, Value)...) {
        for (word, value) in elements { set(value, for: word) }
    }
}

extension WordMap: Sendable where Value: Sendable {}

/// A set of words with ``WordMap``'s fast look-up.
struct WordSet: Sendable, Sequence, ExpressibleByArrayLiteral {
    private var map = WordMap<Bool>()

    /// An empty set.
    init() {}

    /// The set of the given words.
    init<S: Sequence>(_ words: S) where S.Element == String {
        for word in words { insert(word) }
    }

    init(arrayLiteral words: String...) { self.init(words) }

    /// Whether `word` is in the set.
    @inline(__always)
    func contains(_ word: String) -> Bool { map[word] != nil }

    /// Adds a word.
    mutating func insert(_ word: String) { map.set(true, for: word) }

    /// This set and the words of `other`.
    func union(_ other: WordSet) -> WordSet {
        var result = self
        for word in other { result.insert(word) }
        return result
    }

    func makeIterator() -> IndexingIterator<[String]> { map.keys.makeIterator() }
}
