import CopydeskCore

/// The tokens of a document's text as words, with the helpers the entity rules share. The claims
/// stage reads the same view, which the entity stage leaves in ``Document/derived``.
struct TokenizedText: Sendable {
    /// The text the view was made from.
    let source: String
    /// The tokens' code-point spans, from the segmentation.
    let tokens: [TextSpan]
    /// Each token's text.
    let words: [String]
    /// The words in lower case, made once for every rule that compares them with a list.
    let lowercaseWords: [String]
    /// Each word's lowercase hash (``FeatureHash/word(_:)``): the key the name lists and the rules
    /// look it up by, made once instead of once per look-up.
    let wordKeys: [UInt64]
    /// The first code point of each token.
    let firstScalars: [Unicode.Scalar]
    /// Token ranges of the sentences.
    let sentences: [Range<Int>]
    /// The segmentation's sentence spans the ranges were made from.
    private let sentenceSpans: [TextSpan]
    /// For each token, the index of its sentence in ``sentences`` (-1 outside any).
    let sentenceOfToken: [Int]
    /// The text's UTF-8 bytes.
    private let utf8: [UInt8]
    /// Each token's bytes in ``utf8``.
    private let tokenBytes: [Range<Int>]

    init(text: String, segmentation: Segmentation) {
        source = text
        sentenceSpans = segmentation.sentences
        tokens = segmentation.tokens
        // Tokens are spans of code points: their byte ranges come from one walk over the bytes,
        // a lead byte at a time, and each word is then decoded from its own bytes.
        let utf8 = Array(text.utf8)
        self.utf8 = utf8
        let count = segmentation.tokens.count
        var tokenBytes: [Range<Int>] = [], words: [String] = [], lowercaseWords: [String] = []
        var firstScalars: [Unicode.Scalar] = [], wordKeys: [UInt64] = []
        wordKeys.reserveCapacity(count)
        tokenBytes.reserveCapacity(count)
        words.reserveCapacity(count)
        lowercaseWords.reserveCapacity(count)
        firstScalars.reserveCapacity(count)
        utf8.withUnsafeBufferPointer { buffer in
            @inline(__always) func width(_ lead: UInt8) -> Int { lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }
            var scalar = 0, byte = 0
            for token in segmentation.tokens {
                while scalar < token.start && byte < buffer.count { byte += width(buffer[byte]); scalar += 1 }
                let start = byte
                while scalar < token.end && byte < buffer.count { byte += width(buffer[byte]); scalar += 1 }
                tokenBytes.append(start..<byte)
                let bytes = UnsafeBufferPointer(rebasing: buffer[start..<byte])
                let word = String(decoding: bytes, as: UTF8.self)
                words.append(word)
                // Most words are ASCII without a capital: their lowercase form is the same string.
                var ascii = true, capital = false
                var key = FeatureHash.basis
                for byte in bytes {
                    if byte >= 0x80 { ascii = false; break }
                    if byte.isASCIIUppercase { capital = true }
                    key = FeatureHash.step(key, UInt32(byte.asciiLowercased))
                }
                if !ascii {
                    wordKeys.append(FeatureHash.word(word))
                    lowercaseWords.append(word.lowercased())
                    firstScalars.append(word.unicodeScalars.first ?? " ")
                    continue
                }
                firstScalars.append(Unicode.Scalar(bytes.first ?? 0x20))
                wordKeys.append(FeatureHash.mix(key))
                if !capital {
                    lowercaseWords.append(word)
                } else {
                    lowercaseWords.append(String(unsafeUninitializedCapacity: bytes.count) { lower in
                        for (i, byte) in bytes.enumerated() { lower[i] = byte.asciiLowercased }
                        return bytes.count
                    })
                }
            }
        }
        self.tokenBytes = tokenBytes
        self.words = words
        self.lowercaseWords = lowercaseWords
        self.firstScalars = firstScalars
        self.wordKeys = wordKeys
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
        let bytes = tokenBytes[range.lowerBound].lowerBound..<tokenBytes[range.upperBound - 1].upperBound
        return utf8.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[bytes]), as: UTF8.self) }
    }

    /// The length of word `i` in UTF-8 bytes, without touching the string.
    func byteCount(of i: Int) -> Int { tokenBytes[i].count }

    /// Whether the word starts with an uppercase letter.
    func isCapitalized(_ i: Int) -> Bool { Tokenizer.isUppercase(firstScalars[i]) }

    /// Whether the word is set in capitals: two or more letters, all uppercase ("LONDON", "CUTTITTA").
    func isInCapitals(_ i: Int) -> Bool {
        guard isCapitalized(i) else { return false }
        let scalars = words[i].unicodeScalars
        return scalars.count >= 2 && scalars.allSatisfy(Tokenizer.isUppercase)
    }
}
