import CopydeskCore

/// A mention found by the tagger or a rule, before mentions are grouped into entities.
struct MentionCandidate: Equatable {
    /// First token (index into the document's tokens).
    var first: Int
    /// One past the last token.
    var end: Int
    /// Its type.
    var type: EntityType
    /// A person's title or role written just before the name.
    var role: String?
    /// A quantity's number and what it counts.
    var value: Double?
    var counted: String?
    /// An acronym defined for this mention in the text: "Palestinian Authority (PA)".
    var acronym: String?

    init(first: Int, end: Int, type: EntityType, role: String? = nil) {
        self.first = first
        self.end = end
        self.type = type
        self.role = role
    }

    func overlaps(_ other: MentionCandidate) -> Bool { first < other.end && other.first < end }
}

/// The tokens of a document's text as words, with the helpers the entity rules share. The claims
/// stage reads the same view, which the entity stage leaves in ``Document/derived``.
struct TokenizedText: Sendable {
    /// The text the view was made from.
    let source: String
    let scalars: [Unicode.Scalar]
    let tokens: [TextSpan]
    let words: [String]
    /// The words in lower case, made once for every rule that compares them with a list.
    let lowercaseWords: [String]
    /// Token ranges of the sentences.
    let sentences: [Range<Int>]
    /// The segmentation's sentence spans the ranges were made from.
    private let sentenceSpans: [TextSpan]
    /// For each token, the index of its sentence in ``sentences`` (-1 outside any).
    let sentenceOfToken: [Int]
    /// The text's UTF-8 bytes.
    private let utf8: [UInt8]
    /// For each code point (and one past the last), its offset in ``utf8``.
    private let byteOffset: [Int]

    init(text: String, segmentation: Segmentation) {
        source = text
        sentenceSpans = segmentation.sentences
        tokens = segmentation.tokens
        // The scalars and their byte offsets in one pass; words are then decoded from byte ranges,
        // far cheaper than scalar by scalar.
        let utf8 = Array(text.utf8)
        self.utf8 = utf8
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(utf8.count)
        var byteOffset: [Int] = []
        byteOffset.reserveCapacity(utf8.count + 1)
        var bytes = 0
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            byteOffset.append(bytes)
            bytes += UTF8.width(scalar)
        }
        byteOffset.append(bytes)
        self.scalars = scalars
        self.byteOffset = byteOffset
        // Each word and its lowercase form from the word's bytes. Most words are ASCII without a
        // capital, and their lowercase form is the same string, not a copy.
        var words: [String] = [], lowercaseWords: [String] = []
        words.reserveCapacity(segmentation.tokens.count)
        lowercaseWords.reserveCapacity(segmentation.tokens.count)
        utf8.withUnsafeBufferPointer { buffer in
            for token in segmentation.tokens {
                let bytes = UnsafeBufferPointer(rebasing: buffer[byteOffset[token.start]..<byteOffset[token.end]])
                let word = String(decoding: bytes, as: UTF8.self)
                words.append(word)
                var ascii = true, capital = false
                for byte in bytes {
                    if byte >= 0x80 { ascii = false; break }
                    if byte &- 0x41 < 26 { capital = true }
                }
                if !ascii {
                    lowercaseWords.append(word.lowercased())
                } else if !capital {
                    lowercaseWords.append(word)
                } else {
                    lowercaseWords.append(String(unsafeUninitializedCapacity: bytes.count) { lower in
                        for (i, byte) in bytes.enumerated() { lower[i] = byte &- 0x41 < 26 ? byte | 0x20 : byte }
                        return bytes.count
                    })
                }
            }
        }
        self.words = words
        self.lowercaseWords = lowercaseWords
        var ranges: [Range<Int>] = []
        var t = 0
        for sentence in segmentation.sentences {
            while t < tokens.count && tokens[t].end <= sentence.start { t += 1 }
            let first = t
            while t < tokens.count && tokens[t].start < sentence.end { t += 1 }
            if t > first { ranges.append(first..<t) }
        }
        if ranges.isEmpty && !tokens.isEmpty { ranges = [0..<tokens.count] }
        sentences = ranges
        var owner = [Int](repeating: -1, count: tokens.count)
        for (index, range) in ranges.enumerated() { for t in range { owner[t] = index } }
        sentenceOfToken = owner
    }

    /// The view an earlier stage left in `document` when it was made from the same text and
    /// segmentation (the usual case, checked in constant time), else a new one.
    static func of(_ document: Document, segmentation: Segmentation) -> TokenizedText {
        if let view = document.derived[TokenizedText.self], view.source == document.text,
           view.tokens == segmentation.tokens, view.sentenceSpans == segmentation.sentences {
            return view
        }
        return TokenizedText(text: document.text, segmentation: segmentation)
    }

    /// The first token of the sentence holding token `i` (0 outside any sentence).
    func sentenceStart(of i: Int) -> Int {
        let index = sentenceOfToken[i]
        return index < 0 ? 0 : sentences[index].lowerBound
    }

    /// Whether tokens `a` and `b` are in one sentence.
    func inOneSentence(_ a: Int, _ b: Int) -> Bool { sentenceOfToken[a] >= 0 && sentenceOfToken[a] == sentenceOfToken[b] }

    /// The text of tokens `range`, exactly as written (spaces included).
    func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let bytes = byteOffset[tokens[range.lowerBound].start]..<byteOffset[tokens[range.upperBound - 1].end]
        return utf8.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[bytes]), as: UTF8.self) }
    }

    /// Whether the word starts with an uppercase letter.
    func isCapitalized(_ i: Int) -> Bool {
        guard let byte = words[i].utf8.first else { return false }
        if byte < 0x80 { return byte >= 0x41 && byte <= 0x5A }
        return words[i].unicodeScalars.first!.properties.isUppercase
    }
}
