/// What the tagger looks up for every word before it reads its neighbours: the word's Brown cluster
/// and its one-word entry in the name lists.
struct WordEntry: Equatable {
    /// The word's cluster (``WordClusters``), 0 for none.
    var cluster: UInt16
    /// The lists the word alone is a phrase of, with ``Gazetteer/continues`` when a longer phrase
    /// starts with it; 0 for none.
    var lists: UInt16
}

/// The training text's most frequent word forms with their ``WordEntry``, in a table small enough to
/// stay in the processor's cache.
///
/// The cluster table (190,000 words) and the one-word name table (118,000) fill 2 MB each, more than
/// a core's second-level cache, so nearly every look-up there is a cache miss; in a profile over
/// PolNeAR's articles the cluster look-up's one load held over half of the samples of the function
/// that reads a sentence's words. The shipped model keeps every form its training text uses (14,971
/// of them, in a 256 KB table), which make up about nine in ten words of news copy (PolNeAR). It is a
/// cache: a word it lacks is looked up in the big tables, and either way the entry is the same.
/// Keeping the 8,192 most frequent forms instead (128 KB, about 85% of PolNeAR's words), or 1,024,
/// did no better. Either way the gain is small, since the tagger's weight rows miss the cache as well:
/// relative to the claims stage, the entities stage's time fell by 3 to 5% in alternating runs.
///
/// Each slot packs a form's check bits (the high 32 bits of its hash, lowest bit set so that no
/// slot reads as empty), its cluster and its lists into one word. Two forms whose hashes agree in
/// those 31 bits and in the bits that pick the slot would share an entry: about one look-up in 10^9.
struct CommonWords: Sendable {
    /// How many forms the trainer keeps at most.
    static let capacity = 16_384

    /// The forms held, as (as-written hash, lowercase hash), most frequent first: what a model file
    /// stores, the entries being rebuilt from the gazetteer when it is read.
    private(set) var forms: [(form: UInt64, lower: UInt64)]
    private var slots: [UInt64]
    private var mask: Int

    /// An empty table: every look-up goes to the big tables.
    init() {
        forms = []
        slots = [0]
        mask = 0
    }

    /// A table of the given forms, their entries taken from `lookUp`.
    init(forms: [(form: UInt64, lower: UInt64)], lookUp: (UInt64, UInt64) -> WordEntry) {
        self.forms = forms
        var size = 16
        while size < forms.count * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for (form, lower) in forms {
            let check = Self.check(form)
            var slot = Int(truncatingIfNeeded: form) & mask
            while slots[slot] != 0 && slots[slot] >> 32 != check { slot = (slot + 1) & mask }
            let entry = lookUp(form, lower)
            slots[slot] = check << 32 | UInt64(entry.cluster) << 16 | UInt64(entry.lists)
        }
    }

    @inline(__always) private static func check(_ form: UInt64) -> UInt64 { form >> 32 | 1 }

    /// The entry of a form, if the table holds it.
    @inline(__always)
    subscript(form: UInt64) -> WordEntry? {
        let check = Self.check(form)
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: form) & mask
            while true {
                let here = slots[slot]
                if here == 0 { return nil }
                if here >> 32 == check {
                    return WordEntry(cluster: UInt16(truncatingIfNeeded: here >> 16), lists: UInt16(truncatingIfNeeded: here))
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The `capacity` most frequent forms of `words` (ties in the order first seen), as hashes.
    static func mostFrequent<Words: Sequence>(in words: Words) -> [(form: UInt64, lower: UInt64)] where Words.Element == String {
        var counts: [String: (count: Int, order: Int)] = [:]
        for word in words {
            let order = counts.count
            counts[word, default: (0, order)].count += 1
        }
        return counts.sorted { ($0.value.count, -$0.value.order) > ($1.value.count, -$1.value.order) }
            .prefix(capacity)
            .map { word, _ in
                let info = WordInfo(word)
                return (info.form, info.lower)
            }
    }
}
