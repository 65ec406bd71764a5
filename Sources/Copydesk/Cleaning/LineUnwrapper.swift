/// A paragraph of a text or Markdown input, with what kind of line it came from.
struct TextParagraph: Equatable {
    var text: String
    var role: SourceLine.Role
}

/// Rejoins hard-wrapped lines into paragraphs.
///
/// Decides per document whether lines were wrapped at a fixed width (PDF extractions, e-mail), and
/// per line break whether it ends a paragraph: a break after a full-width line, or before a line that
/// starts in lowercase, is a wrap; a break after a short line that ends a sentence is a paragraph end.
/// Words hyphenated across a break keep their hyphen ("Al-\nAqsa" → "Al-Aqsa") unless the document
/// itself spells the word without it elsewhere ("destruc-\ntion" → "destruction").
struct LineUnwrapper {
    /// Lines that must start a paragraph even inside a block (a dateline after a wrapped title).
    var startsParagraph: (String) -> Bool = { _ in false }

    func paragraphs(from lines: [SourceLine]) -> [TextParagraph] {
        let width = wrapWidth(of: lines)
        var vocabulary: Set<String>? = nil
        var paragraphs: [TextParagraph] = []
        var current: TextParagraph? = nil
        var previous: SourceLine? = nil

        func flush() {
            if let paragraph = current, !paragraph.text.isEmpty { paragraphs.append(paragraph) }
            current = nil
        }

        for line in lines {
            defer { previous = line }
            switch line.role {
            case .separator:
                flush()
                continue
            case .heading, .emphasized:
                flush()
                paragraphs.append(TextParagraph(text: line.text, role: line.role))
                previous = nil
                continue
            case .listItem:
                flush()
                current = TextParagraph(text: line.text, role: .listItem)
                continue
            case .body:
                break
            }
            guard var paragraph = current, let before = previous, before.role == .body || before.role == .listItem else {
                flush()
                current = TextParagraph(text: line.text, role: .body)
                continue
            }
            if isParagraphBreak(after: before.text, before: line.text, width: width) {
                flush()
                current = TextParagraph(text: line.text, role: .body)
                continue
            }
            if endsWithHyphenatedWord(paragraph.text), let next = line.text.unicodeScalars.first, next.properties.isAlphabetic {
                if vocabulary == nil { vocabulary = Self.words(in: lines) }
                if shouldDropHyphen(left: paragraph.text, right: line.text, vocabulary: vocabulary!) {
                    paragraph.text.removeLast()
                }
                paragraph.text += line.text
            } else {
                paragraph.text += " " + line.text
            }
            current = paragraph
        }
        flush()
        return paragraphs
    }

    /// The width lines were wrapped at, or `nil` when the text is not hard-wrapped.
    func wrapWidth(of lines: [SourceLine]) -> Int? {
        var lengths: [Int] = []
        for (index, line) in lines.enumerated().dropLast()
        where line.role == .body && lines[index + 1].role == .body {
            lengths.append(line.text.count)
        }
        guard lengths.count >= 3 else { return nil }
        lengths.sort()
        let width = lengths[lengths.count * 9 / 10]
        let full = lengths.filter { $0 * 10 >= width * 6 }.count
        guard width <= 200, full * 2 >= lengths.count else { return nil }
        return width
    }

    private func isParagraphBreak(after line: String, before next: String, width: Int?) -> Bool {
        if startsParagraph(next) { return true }
        if let first = next.unicodeScalars.first, first.properties.isLowercase { return false }
        guard let width else { return true }
        if line.count * 10 >= width * 7 { return false }
        if let last = line.unicodeScalars.last, ".?!:\"”’)…".unicodeScalars.contains(last) { return true }
        return Self.isTitleCase(line) && line.count * 2 < width
    }

    private func endsWithHyphenatedWord(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.last == "-" else { return false }
        let beforeHyphen = scalars.dropLast().last
        return beforeHyphen?.properties.isAlphabetic == true
    }

    /// Drop the hyphen only when the document writes the joined word elsewhere and never the
    /// hyphenated one; keep it for names and capitalised parts ("Al-Aqsa", "COVID-19").
    private func shouldDropHyphen(left: String, right: String, vocabulary: Set<String>) -> Bool {
        guard let first = right.unicodeScalars.first, first.properties.isLowercase else { return false }
        let leftWord = String(left.dropLast().reversed().prefix { $0.isLetter }.reversed())
        let rightWord = String(right.prefix { $0.isLetter })
        guard !leftWord.isEmpty, !rightWord.isEmpty else { return false }
        let joined = (leftWord + rightWord).lowercased()
        let hyphenated = (leftWord + "-" + rightWord).lowercased()
        return vocabulary.contains(joined) && !vocabulary.contains(hyphenated)
    }

    /// Every word of the document, lowercased, hyphenated forms included ("al-aqsa").
    private static func words(in lines: [SourceLine]) -> Set<String> {
        var words = Set<String>()
        var word = String.UnicodeScalarView()
        func finish() {
            while word.last == "-" { word.removeLast() }
            if !word.isEmpty { words.insert(String(word)) }
            word = String.UnicodeScalarView()
        }
        for line in lines {
            for scalar in line.text.unicodeScalars {
                if scalar.properties.isAlphabetic {
                    if scalar.value < 0x80 {
                        word.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
                    } else {
                        word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                    }
                } else if scalar == "-" && !word.isEmpty {
                    word.append(scalar)
                } else {
                    finish()
                }
            }
            finish()
        }
        return words
    }

    /// "International Response and Accountability": capitalised words, small words allowed.
    static func isTitleCase(_ line: String) -> Bool {
        let small: Set<String> = ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on",
                                  "or", "over", "the", "to", "up", "vs", "with"]
        let words = line.split(separator: " ")
        guard words.count >= 2 else { return false }
        var capitalised = 0
        for word in words {
            let letters = word.drop { !$0.isLetter }
            guard let first = letters.first else { continue }
            if first.isUppercase { capitalised += 1 } else if !small.contains(letters.lowercased()) { return false }
        }
        return capitalised >= 2
    }
}

extension StringProtocol {
    /// The string without the given characters at either end.
    func trimmingCharacters(in characters: String) -> Substring {
        let trimmed = self[...].drop { characters.contains($0) }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, characters.contains(trimmed[trimmed.index(before: end)]) { end = trimmed.index(before: end) }
        return Substring(trimmed[trimmed.startIndex..<end])
    }

    /// The string without the given characters at either end, as a `String`.
    func trimming(_ characters: String) -> String { String(trimmingCharacters(in: characters)) }
}
