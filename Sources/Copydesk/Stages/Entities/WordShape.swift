/// What a word looks like, independent of what it says: case, digits, punctuation.
struct WordShape: Sendable {
    /// First scalar is an uppercase letter and some later letter is lowercase ("Gaza", "McCain").
    var isTitle = false
    /// Every letter uppercase, at least two letters ("UN", "NATO", "U.S.").
    var isAllCaps = false
    /// No uppercase letter.
    var isLower = false
    /// Contains a digit.
    var hasDigit = false
    /// No letter or digit at all.
    var isPunctuation = true
    /// Contains a hyphen.
    var hasHyphen = false
    /// Scalars in the word.
    var length = 0
    /// Hash of the compressed shape: "Xx" for "Gaza", "X.X." for "U.S.", "d,d" for "45,514".
    var shapeHash: UInt64 = 0
    /// Hash of the first scalar's class and the length bucket.
    var shortHash: UInt64 = 0

    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var last: UInt32 = 0
        var uppers = 0, lowers = 0
        var first: UInt32 = 0
        for s in scalars {
            length += 1
            let cls: UInt32
            if s.properties.isUppercase { cls = 88; uppers += 1 }            // X
            else if s.properties.isLowercase { cls = 120; lowers += 1 }      // x
            else if s.value >= 0x30 && s.value <= 0x39 { cls = 100; hasDigit = true }  // d
            else if s.properties.isAlphabetic { cls = 97; lowers += 1 }      // a: caseless letter
            else { cls = s.value; if s == "-" { hasHyphen = true } }
            if cls == 88 || cls == 120 || cls == 100 || cls == 97 { isPunctuation = false }
            if length == 1 { first = cls }
            if cls != last { h = (h ^ UInt64(cls)) &* 0x100_0000_01b3; last = cls }
        }
        isTitle = first == 88 && lowers > 0
        isAllCaps = uppers >= 2 && lowers == 0
        isLower = uppers == 0
        shapeHash = FeatureHash.mix(h)
        shortHash = FeatureHash.mix(UInt64(first) << 8 | UInt64(min(length, 6)))
    }

    /// The same shape for an ASCII word, from its bytes.
    init(ascii bytes: UnsafeBufferPointer<UInt8>) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var last: UInt32 = 0
        var uppers = 0, lowers = 0
        var first: UInt32 = 0
        for byte in bytes {
            length += 1
            let cls: UInt32
            switch byte {
            case 0x41...0x5A: cls = 88; uppers += 1
            case 0x61...0x7A: cls = 120; lowers += 1
            case 0x30...0x39: cls = 100; hasDigit = true
            default: cls = UInt32(byte); if byte == 0x2D { hasHyphen = true }
            }
            if cls == 88 || cls == 120 || cls == 100 { isPunctuation = false }
            if length == 1 { first = cls }
            if cls != last { h = (h ^ UInt64(cls)) &* 0x100_0000_01b3; last = cls }
        }
        isTitle = first == 88 && lowers > 0
        isAllCaps = uppers >= 2 && lowers == 0
        isLower = uppers == 0
        shapeHash = FeatureHash.mix(h)
        shortHash = FeatureHash.mix(UInt64(first) << 8 | UInt64(min(length, 6)))
    }
}
