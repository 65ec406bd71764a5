/// Hashes for the entity tagger's features: strings and template numbers to 64-bit keys.
enum FeatureHash {
    /// FNV-1a over the scalars of `text`, lowercased when asked, finished with a mixer.
    @inline(__always)
    static func of<S: Sequence>(_ scalars: S, lowercased: Bool = false) -> UInt64 where S.Element == Unicode.Scalar {
        var h = basis
        for s in scalars {
            var v = s.value
            if lowercased { v = lower(s) }
            h = step(h, v)
        }
        return mix(h)
    }

    /// FNV-1a's starting value.
    @inline(__always)
    static var basis: UInt64 { 0xcbf2_9ce4_8422_2325 }

    /// A word's key in any case: the hash of its lowercase code points, as the name lists store it.
    static func word(_ word: String) -> UInt64 { of(word.unicodeScalars, lowercased: true) }

    /// One FNV-1a step: the running hash with one more scalar value.
    @inline(__always)
    static func step(_ h: UInt64, _ value: UInt32) -> UInt64 { (h ^ UInt64(value)) &* 0x100_0000_01b3 }

    /// A scalar's lowercase value (ASCII fast path; others through Unicode properties when they map to one scalar).
    @inline(__always)
    static func lower(_ s: Unicode.Scalar) -> UInt32 {
        let v = s.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) ? v + 32 : v }
        let mapping = s.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first!.value : v
    }

    /// splitmix64's finaliser.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One feature: a template number with one value.
    @inline(__always)
    static func feature(_ template: UInt64, _ value: UInt64) -> UInt64 {
        mix(value ^ (template &* 0xD6E8_FEB8_6659_FD93))
    }

    /// One feature: a template number with two values.
    @inline(__always)
    static func feature(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a ^ ((b << 23) | (b >> 41)) ^ (template &* 0xD6E8_FEB8_6659_FD93))
    }

    /// Combines a running phrase hash with the next word's hash.
    @inline(__always)
    static func extend(_ phrase: UInt64, with word: UInt64) -> UInt64 {
        mix(phrase &* 31 ^ word)
    }
}
