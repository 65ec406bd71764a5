import CopydeskCore

/// A document's tokens as the claim rules read them: lowercased words, word classes, the quotation
/// each token is in, and the paragraph and sentence token ranges.
struct ClaimText {
    /// The tokens and their text.
    let tokens: TokenizedText
    /// Each token lowercased.
    let lower: [String]
    /// Whether a token starts with an uppercase letter.
    let isCapitalized: [Bool]
    /// Whether a token starts with a letter.
    let isWord: [Bool]
    /// Whether a token starts with a digit.
    let isNumber: [Bool]
    /// Whether a token is a quotation mark (single or double).
    let isMark: [Bool]
    /// Token ranges of the paragraphs.
    let paragraphs: [Range<Int>]
    /// For each token, its paragraph's index.
    let paragraphOf: [Int]
    /// The quotations.
    let quotes: [QuoteRegion]
    /// For each token, the index in ``quotes`` of the quotation it is in (its marks included), or -1.
    let quoteAt: [Int]

    init(text: String, segmentation: Segmentation) {
        let tokens = TokenizedText(text: text, segmentation: segmentation)
        self.tokens = tokens
        lower = tokens.words.map { $0.lowercased() }
        isCapitalized = tokens.words.map { $0.unicodeScalars.first?.properties.isUppercase ?? false }
        isWord = tokens.words.map { $0.first?.isLetter ?? false }
        isNumber = tokens.words.map { $0.first?.isNumber ?? false }
        isMark = tokens.words.map { word in
            word.unicodeScalars.count == 1 && "\"“”„«»‘’'".unicodeScalars.contains(word.unicodeScalars.first!)
        }
        var paragraphs: [Range<Int>] = []
        var owner = [Int](repeating: 0, count: tokens.tokens.count)
        var t = 0
        for paragraph in segmentation.paragraphs {
            while t < tokens.tokens.count && tokens.tokens[t].end <= paragraph.start { t += 1 }
            let first = t
            while t < tokens.tokens.count && tokens.tokens[t].start < paragraph.end { owner[t] = paragraphs.count; t += 1 }
            if t > first { paragraphs.append(first..<t) }
        }
        self.paragraphs = paragraphs
        paragraphOf = owner
        let quotes = QuoteScanner().regions(in: tokens, paragraphs: paragraphs)
        self.quotes = quotes
        var inside = [Int](repeating: -1, count: tokens.tokens.count)
        for (index, quote) in quotes.enumerated() {
            for t in quote.withMarks where t < inside.count { inside[t] = index }
        }
        quoteAt = inside
    }

    /// The number of tokens.
    var count: Int { lower.count }

    /// The code-point span of tokens `range`.
    func span(_ range: Range<Int>) -> TextSpan {
        TextSpan(start: tokens.tokens[range.lowerBound].start, end: tokens.tokens[range.upperBound - 1].end)
    }

    /// Whether token `t` is a punctuation mark that ends a clause (",", ";", ":", dashes, brackets).
    func isClausePunctuation(_ t: Int) -> Bool {
        [",", ";", ":", "—", "–", "--", "(", ")", "-"].contains(lower[t])
    }

    /// The number of word tokens in `range`.
    func wordCount(_ range: Range<Int>) -> Int {
        var n = 0
        for t in range where isWord[t] || isNumber[t] { n += 1 }
        return n
    }
}
