/// What a word's first character is, answered from its first bytes when they are ASCII, so the rules
/// that ask it of every token build no `Character` for plain English words.
extension String {
    /// Whether the first character is a letter.
    var startsWithLetter: Bool {
        firstCharacter(ascii: \.isASCIILetter, other: \.isLetter)
    }

    /// Whether the first character is a letter or a digit.
    var startsWithLetterOrDigit: Bool {
        firstCharacter(ascii: { $0 &- 0x30 < 10 || $0.isASCIILetter },
                       other: { $0.isLetter || $0.isNumber })
    }

    /// `ascii` of the first byte when the first character is that one ASCII byte (a combining mark,
    /// never ASCII, may follow it and join the character), else `other` of the first character.
    @inline(__always)
    private func firstCharacter(ascii: (UInt8) -> Bool, other: (Character) -> Bool) -> Bool {
        var bytes = utf8.makeIterator()
        guard let first = bytes.next() else { return false }
        if first < 0x80, bytes.next().map({ $0 < 0x80 }) ?? true { return ascii(first) }
        return self.first.map(other) ?? false
    }
}
