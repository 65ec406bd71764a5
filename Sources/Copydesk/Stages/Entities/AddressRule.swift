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
            switch Self.kind(of: text.words[tokens]) {
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
    static func kind(of string: String) -> Kind? { kind(of: [string][...]) }

    /// Whether the string that touching words make is a web address, an e-mail address or a file
    /// name. It is read from the words' UTF-8 bytes, in ASCII case: every mark it looks for is ASCII.
    static func kind(of words: ArraySlice<String>) -> Kind? {
        var bytes: [UInt8] = []
        for word in words { bytes.append(contentsOf: word.utf8) }
        let colon: UInt8 = 0x3A, slash: UInt8 = 0x2F, dot: UInt8 = 0x2E, at: UInt8 = 0x40
        guard bytes.contains(where: { $0 == dot || $0 == colon }) else { return nil }
        func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let n = bytes.count
        if n >= 3, (0...(n - 3)).contains(where: { bytes[$0] == colon && bytes[$0 + 1] == slash && bytes[$0 + 2] == slash }) {
            return .address
        }
        if n >= 4, bytes[..<3].allSatisfy({ lowered($0) == 0x77 }), bytes[3] == dot { return .address }
        if let sign = bytes.firstIndex(of: at), sign > 0, bytes[(sign + 1)...].contains(dot) { return .address }
        guard let last = bytes.lastIndex(of: dot), last > 0, n - last - 1 <= 4 else { return nil }
        let fileExtension = String(decoding: bytes[(last + 1)...].map(lowered), as: UTF8.self)
        return fileExtensions.contains(fileExtension) ? .fileName : nil
    }
}
