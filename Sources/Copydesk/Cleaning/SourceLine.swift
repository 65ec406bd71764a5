/// One line of a text or Markdown input, after Markdown syntax is taken off.
struct SourceLine: Equatable {
    /// The line's text, without Markdown syntax and without leading or trailing spaces.
    var text: String
    /// What the line was, where it matters for finding paragraphs and the title.
    var role: Role = .body

    enum Role: Equatable {
        /// Ordinary text, possibly hard-wrapped.
        case body
        /// A Markdown heading (`#`–`######`): always a paragraph of its own.
        case heading
        /// A list item: always starts a new paragraph.
        case listItem
        /// A blank line or a horizontal rule: ends the paragraph.
        case separator
        /// A whole line in bold or italics (a signature, a kicker): a paragraph of its own.
        case emphasized
    }

    /// Splits text into lines with line endings normalised, tabs and odd spaces folded.
    static func lines(of content: String) -> [SourceLine] {
        var lines: [SourceLine] = []
        var current: [UInt8] = []
        func finish() {
            let text = String(decoding: current, as: UTF8.self).trimmingSpaces()
            lines.append(SourceLine(text: text, role: text.isEmpty ? .separator : .body))
            current.removeAll(keepingCapacity: true)
        }
        var content = content
        content.withUTF8 { bytes in
            var previousWasCarriageReturn = false
            var i = 0
            while i < bytes.count {
                // Runs of ordinary bytes are copied as they are; only control characters and the lead
                // bytes of the odd spaces and separators (C2, E2, E3, EF) are looked at one scalar at a time.
                let runStart = i
                while i < bytes.count, Self.isOrdinary(bytes[i]) { i += 1 }
                if i > runStart {
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                    previousWasCarriageReturn = false
                }
                guard i < bytes.count else { break }
                var rest = bytes[i...].makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                guard case .valid(let encoded) = parser.parseScalar(from: &rest) else { break }
                let end = i + encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                defer { previousWasCarriageReturn = scalar == "\r" }
                switch scalar {
                case "\n" where previousWasCarriageReturn: break
                case "\n", "\r", "\u{2028}", "\u{2029}", "\u{0B}", "\u{85}": finish()
                case "\u{0C}": finish(); lines.append(SourceLine(text: "", role: .separator))
                case "\t", "\u{00A0}", "\u{2000}"..."\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}": current.append(0x20)
                case "\u{200B}", "\u{FEFF}", "\u{00AD}": break
                default: current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                }
                i = end
            }
        }
        finish()
        return lines
    }

    /// A byte that is copied as it is: not a control character, and not the lead byte of a
    /// sequence that may be an odd space, a separator or an invisible mark.
    @inline(__always)
    private static func isOrdinary(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0xC2 && byte != 0xE2 && byte != 0xE3 && byte != 0xEF
    }
}
