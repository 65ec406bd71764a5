/// An open-addressing hash table from phrase hashes to list sets, for the gazetteer.
///
/// The keys are already well-mixed 64-bit hashes, so the table uses their low bits as the slot and
/// probes linearly: one cache line per look-up in the common case, where a `Dictionary` would hash
/// the key again and chase its storage. Half the slots at most are used.
struct PhraseTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt16]
    private var mask: Int
    /// Number of keys held.
    private(set) var count = 0

    /// The slot key that marks an empty slot; a real key of 0 is stored as ``zeroKey``.
    private static let empty: UInt64 = 0
    private static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 0) {
        var slots = 16
        while slots < capacity * 2 { slots <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: slots)
        values = [UInt16](repeating: 0, count: slots)
        mask = slots - 1
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == empty ? zeroKey : key }

    /// The value of `key`, if it is held.
    @inline(__always)
    subscript(key: UInt64) -> UInt16? {
        let key = Self.stored(key)
        return keys.withUnsafeBufferPointer { keys in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let here = keys[slot]
                if here == key { return values[slot] }
                if here == Self.empty { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Sets bits in the value of `key`, adding the key when it is new.
    mutating func insert(_ key: UInt64, bits: UInt16) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.stored(key)
        var slot = Int(truncatingIfNeeded: key) & mask
        while keys[slot] != Self.empty && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == Self.empty {
            keys[slot] = key
            count += 1
        }
        values[slot] |= bits
    }

    private mutating func grow() {
        var bigger = PhraseTable(capacity: keys.count)
        for (key, value) in pairs { bigger.insert(key, bits: value) }
        self = bigger
    }

    /// Every key with its value, in no particular order.
    var pairs: [(key: UInt64, value: UInt16)] {
        keys.indices.compactMap { slot in
            keys[slot] == Self.empty ? nil : (keys[slot] == Self.zeroKey ? 0 : keys[slot], values[slot])
        }
    }

    /// The values, in no particular order.
    var allValues: [UInt16] { pairs.map(\.value) }
}
