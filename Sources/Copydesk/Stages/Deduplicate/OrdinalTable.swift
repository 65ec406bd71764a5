import Synchronization

/// An open-addressing hash table from 64-bit keys to document ordinals, 4 bytes a slot: it keeps no
/// keys, only the ordinal (26 bits) and 6 bits of the key's hash, a fingerprint that rules out 63 in
/// 64 slots holding other keys without looking at their documents. Several ordinals may share a key,
/// and a fingerprint match is only likely, so callers confirm each ordinal against its document.
///
/// Linear probing with multiply-shift placement; the owner grows it (it alone can recompute the
/// keys) when ``needsGrowth(adding:)`` says so, keeping it between 70% and 87.5% full.
struct OrdinalTable {
    /// The largest ordinal a slot can hold: about 67 million documents.
    static let maximumOrdinal = (1 << 26) - 2

    private var slots: [UInt32]
    /// Ordinals stored.
    private(set) var count = 0

    /// An empty table with `slotCount` slots.
    init(slotCount: Int = 1024) {
        slots = [UInt32](repeating: 0, count: max(slotCount, 16))
    }

    /// Bytes of the slots.
    var byteCount: Int { slots.count * 4 }

    /// Whether adding `newOrdinals` would fill the table past 87.5%.
    func needsGrowth(adding newOrdinals: Int) -> Bool {
        (count + newOrdinals) * 8 > slots.count * 7
    }

    /// The slot count to rebuild with so that `ordinals` fill it to at most 70% (and at least a
    /// quarter more than now).
    func grownSlotCount(for ordinals: Int) -> Int {
        max(slots.count * 5 / 4, ordinals * 10 / 7 + 1)
    }

    /// Adds `ordinal` under `key`.
    mutating func insert(_ ordinal: Int, key: UInt64) {
        precondition(ordinal <= Self.maximumOrdinal, "an ordinal table holds at most \(Self.maximumOrdinal + 1) documents")
        let entry = UInt32(ordinal + 1) << 6 | Self.fingerprint(of: key)
        slots.withUnsafeMutableBufferPointer { slots in
            var slot = Self.home(of: key, in: slots.count)
            while slots[slot] != 0 { slot = slot + 1 == slots.count ? 0 : slot + 1 }
            slots[slot] = entry
        }
        count += 1
    }

    /// Adds `ordinal` under each of `keys`. The home slots are read first, all together, so their
    /// cache misses overlap instead of queueing one behind another.
    mutating func insert(_ ordinal: Int, keys: UnsafeBufferPointer<UInt64>) {
        prefetch(keys)
        for key in keys { insert(ordinal, key: key) }
    }

    /// Reads the home slot of each of `keys`, so that the lookups or inserts that follow find them in
    /// the cache (the reads are independent, so the processor overlaps their misses).
    func prefetch(_ keys: UnsafeBufferPointer<UInt64>) {
        var touched: UInt32 = 0
        slots.withUnsafeBufferPointer { slots in
            for key in keys { touched |= slots[Self.home(of: key, in: slots.count)] }
        }
        Self.sink.store(touched, ordering: .relaxed)
    }

    /// Keeps ``prefetch(_:)``'s reads from being optimized away (atomic: indexes on several threads
    /// may prefetch at once).
    private static let sink = Atomic<UInt32>(0)

    /// Calls `body` with each ordinal stored under a key with `key`'s home and fingerprint, until it
    /// returns false.
    @inline(__always)
    func forEachOrdinal(possiblyUnder key: UInt64, _ body: (Int) -> Bool) {
        let fingerprint = Self.fingerprint(of: key)
        slots.withUnsafeBufferPointer { slots in
            var slot = Self.home(of: key, in: slots.count)
            while case let entry = slots[slot], entry != 0 {
                if entry & 0x3F == fingerprint, !body(Int(entry >> 6) - 1) { return }
                slot = slot + 1 == slots.count ? 0 : slot + 1
            }
        }
    }

    @inline(__always)
    private static func home(of key: UInt64, in slotCount: Int) -> Int {
        Int(((key >> 32) &* UInt64(slotCount)) >> 32)
    }

    @inline(__always)
    private static func fingerprint(of key: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: key) & 0x3F
    }
}
