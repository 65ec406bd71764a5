/// An open-addressing hash table from phrase hashes to list sets, for the gazetteer.
///
/// The keys are already well-mixed 64-bit hashes, so the table keeps only their high 48 bits, packs
/// the 16-bit value beside them in one word, and probes linearly from a slot the key picks: a look-up
/// touches one cache line in the common case, where a `Dictionary` would hash the key again and
/// chase its storage. (Two phrases that agree in 48 bits of hash would share a value: with a
/// million phrases, about one look-up in 10^8.) At most three slots in four are used: the shipped
/// name lists then fill half of a 2 MB table, where at most one in two made it 4 MB, a quarter full, and
/// every look-up is likely a cache miss either way, so the smaller table misses less.
struct PhraseTable: Sendable {
    /// Each slot: the key's high 48 bits, then the value in the low 16; 0 is an empty slot.
    private var slots: [UInt64]
    private var mask: Int
    /// Number of keys held.
    private(set) var count = 0

    private static let valueBits: UInt64 = 0xFFFF
    /// Stands for a key whose high 48 bits are all zero, which would read as an empty slot.
    private static let zeroKey: UInt64 = 0x9E37_79B9_7F4A_0000

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 0) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 {
        let high = key & ~valueBits
        return high == 0 ? zeroKey : high
    }

    @inline(__always) private func home(_ high: UInt64) -> Int { Int(truncatingIfNeeded: high >> 16) & mask }

    /// The value of `key`, if it is held.
    @inline(__always)
    subscript(key: UInt64) -> UInt16? {
        let high = Self.stored(key)
        return slots.withUnsafeBufferPointer { slots in
            var slot = home(high)
            while true {
                let here = slots[slot]
                if here & ~Self.valueBits == high { return UInt16(truncatingIfNeeded: here) }
                if here == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Sets bits in the value of `key`, adding the key when it is new.
    mutating func insert(_ key: UInt64, bits: UInt16) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let high = Self.stored(key)
        var slot = home(high)
        while slots[slot] != 0 && slots[slot] & ~Self.valueBits != high { slot = (slot + 1) & mask }
        if slots[slot] == 0 {
            slots[slot] = high
            count += 1
        }
        slots[slot] |= UInt64(bits)
    }

    private mutating func grow() {
        var bigger = PhraseTable(capacity: slots.count)
        for slot in slots where slot != 0 { bigger.insertStored(slot) }
        self = bigger
    }

    private mutating func insertStored(_ packed: UInt64) {
        let high = packed & ~Self.valueBits
        var slot = home(high)
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = packed
        count += 1
    }

    /// Every key (its high 48 bits, the low 16 zero) with its value, in no particular order.
    var pairs: [(key: UInt64, value: UInt16)] {
        slots.compactMap { slot in slot == 0 ? nil : (slot & ~Self.valueBits, UInt16(truncatingIfNeeded: slot)) }
    }
}
