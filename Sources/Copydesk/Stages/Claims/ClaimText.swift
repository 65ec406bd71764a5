import CopydeskCore

/// A document's tokens as the claim rules read them: lowercased words, word classes, the quotation
/// each token is in, and the paragraph and sentence token ranges.
struct ClaimText {
    /// The tokens and their text.
    let tokens: TokenizedText
    /// Each token lowercased.
    let lower: [String]
    /// The lexicons each lowercased token is in.
    let kinds: [WordKinds]
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

    /// The claim rules' view of a token view; `segmentation` gives the paragraphs.
    init(tokens: TokenizedText, segmentation: Segmentation) {
        self.tokens = tokens
        let count = tokens.tokens.count
        var isCapitalized = [Bool](repeating: false, count: count)
        var isWord = [Bool](repeating: false, count: count)
        var isNumber = [Bool](repeating: false, count: count)
        var isMark = [Bool](repeating: false, count: count)
        for (t, token) in tokens.tokens.enumerated() {
            let first = tokens.firstScalars[t]
            if first.isASCII {
                let v = first.value
                isCapitalized[t] = v >= 65 && v <= 90
                isWord[t] = isCapitalized[t] || v >= 97 && v <= 122
                isNumber[t] = v >= 48 && v <= 57
                isMark[t] = token.length == 1 && (first == "\"" || first == "'")
            } else {
                let properties = first.properties
                isCapitalized[t] = properties.isUppercase
                isWord[t] = properties.isAlphabetic
                isNumber[t] = properties.numericType != nil
                isMark[t] = token.length == 1 && "“”„«»‘’".unicodeScalars.contains(first)
            }
        }
        lower = tokens.lowercaseWords
        let table = WordKinds.table
        kinds = lower.map { table[$0] ?? [] }
        self.isCapitalized = isCapitalized
        self.isWord = isWord
        self.isNumber = isNumber
        self.isMark = isMark
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

    /// Token `t` as a cue verb, if it is one.
    @inline(__always)
    func verb(at t: Int) -> CueLexicon.Verb? {
        kinds[t].contains(.verb) ? CueLexicon.verbs[lower[t]] : nil
    }

    /// The number of tokens.
    var count: Int { lower.count }

    /// The code-point span of tokens `range`.
    func span(_ range: Range<Int>) -> TextSpan {
        TextSpan(start: tokens.tokens[range.lowerBound].start, end: tokens.tokens[range.upperBound - 1].end)
    }

    /// Whether token `t` is a punctuation mark that ends a clause (",", ";", ":", dashes, brackets).
    func isClausePunctuation(_ t: Int) -> Bool {
        kinds[t].contains(.clausePunctuation)
    }

    /// The number of word tokens in `range`.
    func wordCount(_ range: Range<Int>) -> Int {
        var n = 0
        for t in range where isWord[t] || isNumber[t] { n += 1 }
        return n
    }
}
