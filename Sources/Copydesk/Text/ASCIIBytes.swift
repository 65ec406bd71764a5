/// Case of ASCII bytes, for the word readers that work on UTF-8 bytes directly.
extension UInt8 {
    /// Whether the byte is an ASCII capital, A to Z.
    @inline(__always)
    var isASCIIUppercase: Bool { self &- 0x41 < 26 }

    /// Whether the byte is a small ASCII letter, a to z.
    @inline(__always)
    var isASCIILowercase: Bool { self &- 0x61 < 26 }

    /// Whether the byte is an ASCII letter, A to Z or a to z.
    @inline(__always)
    var isASCIILetter: Bool { (self | 0x20) &- 0x61 < 26 }

    /// The byte with an ASCII capital lowered; any other byte as it is.
    @inline(__always)
    var asciiLowercased: UInt8 { isASCIIUppercase ? self | 0x20 : self }
}
