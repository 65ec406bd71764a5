/// What a word looks like, independent of what it says: case, digits, punctuation.
struct WordShape: Sendable {
    /// First scalar is an uppercase letter and some later letter is lowercase ("Gaza", "McCain").
    var isTitle = false
    /// Every letter uppercase, at least two letters ("UN", "NATO", "U.S.").
    var isAllCaps = false
    /// Title case or all capitals.
    var isCapitalized: Bool { isTitle || isAllCaps }
    /// No uppercase letter.
    var isLower = false
    /// First scalar is a lowercase letter of a script with case ("obstructing", not "٣٠" or "사생활").
    var startsLowercase = false
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
        self.init(classes: scalars.lazy.map { s -> UInt32 in
            if s.properties.isUppercase { return 88 }                 // X
            if s.properties.isLowercase { return 120 }                // x
            if s.value >= 0x30 && s.value <= 0x39 { return 100 }      // d
            if s.properties.isAlphabetic { return 97 }                // a: caseless letter
            return s.value
        })
    }

    /// The same shape for an ASCII word, from its bytes (no Unicode property look-ups).
    init(ascii bytes: UnsafeBufferPointer<UInt8>) {
        self.init(classes: bytes.lazy.map { byte -> UInt32 in
            switch byte {
            case 0x41...0x5A: return 88
            case 0x61...0x7A: return 120
            case 0x30...0x39: return 100
            default: return UInt32(byte)
            }
        })
    }

    /// The shape from each scalar's class: 88 uppercase, 120 lowercase, 97 caseless letter, 100 digit,
    /// else the scalar's own value.
    private init<C: Sequence>(classes: C) where C.Element == UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var last: UInt32 = 0
        var uppers = 0, lowers = 0
        var first: UInt32 = 0
        for cls in classes {
            length += 1
            switch cls {
            case 88: uppers += 1
            case 120, 97: lowers += 1
            case 100: hasDigit = true
            case 0x2D: hasHyphen = true
            default: break
            }
            if cls == 88 || cls == 120 || cls == 100 || cls == 97 { isPunctuation = false }
            if length == 1 { first = cls }
            if cls != last { h = (h ^ UInt64(cls)) &* 0x100_0000_01b3; last = cls }
        }
        isTitle = first == 88 && lowers > 0
        isAllCaps = uppers >= 2 && lowers == 0
        isLower = uppers == 0
        startsLowercase = first == 120
        shapeHash = FeatureHash.mix(h)
        shortHash = FeatureHash.mix(UInt64(first) << 8 | UInt64(min(length, 6)))
    }
}
