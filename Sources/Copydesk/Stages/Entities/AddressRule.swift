/// Names the tagger finds inside a web address, an e-mail address or a file name: "bbc" in
/// "http://www.bbc.co.uk/news", "julie" in "julie@example.net" or "Lisa" in "Lisa_resume.doc" are
/// pieces of an address, not mentions of anyone. The tokenizer cuts such a string into words, which
/// the tagger then reads as names. A web or e-mail address becomes one `MISC` mention, as GUM
/// annotates them; a name inside a file name is dropped.
///
/// A string is what its tokens make where nothing separates them. Handles ("@Reuters") and bare
/// domains ("Amazon.com") are left alone: in copy they usually do name someone.
struct AddressRule {
    /// Extensions that make a word a file name.
    static let fileExtensions: Set<String> = [
        "asp", "aspx", "csv", "doc", "docx", "gif", "htm", "html", "jpeg", "jpg", "json", "mp3", "mp4",
        "pdf", "php", "png", "ppt", "pptx", "rtf", "txt", "xls", "xlsx", "xml", "zip",
    ]

    /// Replaces the names that lie inside an address by the address, and drops those inside a file name.
    func apply(_ names: inout [MentionCandidate], in text: TokenizedText) {
        var kept: [MentionCandidate] = []
        for name in names {
            let tokens = attachedTokens(around: name, in: text)
            switch Self.kind(of: text.words[tokens].joined()) {
            case nil:
                kept.append(name)
            case .address?:
                let address = MentionCandidate(first: tokens.lowerBound, end: tokens.upperBound, type: .miscellaneous)
                // Several names may lie in one address; it is one mention.
                if !kept.contains(address) { kept.append(address) }
            case .fileName?:
                continue
            }
        }
        names = kept
    }

    /// Brackets, quotes and sentence punctuation that close up to an address without being part of it.
    private static let enclosing: Set<String> = ["(", ")", "[", "]", "<", ">", "{", "}", "\"", "'", "“", "”", "‘", "’",
                                                 ",", ".", ";", ":", "!", "?"]

    /// The tokens around a name with nothing between them and the name, less enclosing punctuation.
    private func attachedTokens(around name: MentionCandidate, in text: TokenizedText) -> Range<Int> {
        var first = name.first, end = name.end
        func touching(_ left: Int) -> Bool { text.tokens[left].end == text.tokens[left + 1].start }
        while first > 0 && touching(first - 1) { first -= 1 }
        while end < text.tokens.count && touching(end - 1) { end += 1 }
        while first < name.first && Self.enclosing.contains(text.words[first]) { first += 1 }
        while end > name.end && Self.enclosing.contains(text.words[end - 1]) { end -= 1 }
        return first..<end
    }

    /// What a string without spaces is.
    enum Kind {
        /// A web or e-mail address.
        case address
        /// A file name.
        case fileName
    }

    /// Whether a string without spaces is a web address, an e-mail address or a file name.
    static func kind(of string: String) -> Kind? {
        let lower = string.lowercased()
        if lower.contains("://") || lower.hasPrefix("www.") { return .address }
        if let at = lower.firstIndex(of: "@"), at != lower.startIndex, lower[at...].dropFirst().contains(".") { return .address }
        guard let dot = lower.lastIndex(of: "."), dot != lower.startIndex,
              fileExtensions.contains(String(lower[lower.index(after: dot)...])) else { return nil }
        return .fileName
    }
}
