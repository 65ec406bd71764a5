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
        var current = String.UnicodeScalarView()
        func finish() {
            let text = String(current).trimmingSpaces()
            lines.append(SourceLine(text: text, role: text.isEmpty ? .separator : .body))
            current = String.UnicodeScalarView()
        }
        var previousWasCarriageReturn = false
        for scalar in content.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCarriageReturn: continue
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{0B}", "\u{85}": finish()
            case "\u{0C}": finish(); lines.append(SourceLine(text: "", role: .separator))
            case "\t", "\u{00A0}", "\u{2000}"..."\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}": current.append(" ")
            case "\u{200B}", "\u{FEFF}", "\u{00AD}": continue
            default: current.append(scalar)
            }
        }
        finish()
        return lines
    }
}
