import CopydeskCore

/// Groups tokens into sentences.
///
/// A sentence ends at `.`, `?`, `!` or `…` (with any closing quotes and brackets glued to it) when
/// the next token starts a sentence: a capital, a digit or an opening quote. Titles ("Gen.", "Dr.")
/// and initials ("J.") never end one; acronyms and other abbreviations ("U.S.", "Inc.") end one only
/// when a typical sentence opener follows ("… in the U.S. The statement …").
public enum SentenceSplitter {
    /// Sentence spans for `tokens` of one paragraph.
    public static func sentences(in scalars: [Unicode.Scalar], tokens: ArraySlice<TextSpan>) -> [TextSpan] {
        var sentences: [TextSpan] = []
        guard let first = tokens.first else { return sentences }
        var sentenceStart = first.start
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            var last = index
            if isTerminal(scalars, token) {
                // Absorb closing marks glued to the terminator.
                var previousEnd = token.end
                while last + 1 < tokens.endIndex, tokens[last + 1].start == previousEnd,
                      isClosingMark(scalars[tokens[last + 1].start]) {
                    last += 1
                    previousEnd = tokens[last].end
                }
                if last + 1 < tokens.endIndex, endsSentence(scalars, tokens: tokens, terminal: index, next: last + 1) {
                    sentences.append(TextSpan(start: sentenceStart, end: tokens[last].end))
                    sentenceStart = tokens[last + 1].start
                }
            }
            index = last + 1
        }
        sentences.append(TextSpan(start: sentenceStart, end: tokens[tokens.endIndex - 1].end))
        return sentences
    }

    private static func isTerminal(_ s: [Unicode.Scalar], _ token: TextSpan) -> Bool {
        let lastScalar = s[token.end - 1]
        return lastScalar == "." || lastScalar == "?" || lastScalar == "!" || lastScalar == "…"
    }

    private static func isClosingMark(_ c: Unicode.Scalar) -> Bool {
        c == "\"" || c == "”" || c == "’" || c == "'" || c == ")" || c == "]" || c == "»"
    }

    private static func endsSentence(_ s: [Unicode.Scalar], tokens: ArraySlice<TextSpan>, terminal: Int, next: Int) -> Bool {
        let nextToken = tokens[next]
        let nextFirst = s[nextToken.start]
        let opensQuote = nextFirst == "“" || nextFirst == "\"" || nextFirst == "‘" || nextFirst == "(" || nextFirst == "«" || nextFirst == "'"
        guard nextFirst.properties.isUppercase || Tokenizer.isDigit(nextFirst) || opensQuote else { return false }
        let token = tokens[terminal]
        // A word token that kept its stop is an abbreviation or acronym.
        guard token.length > 1 else { return true }
        let word = String(String.UnicodeScalarView(s[token.start..<(token.end - 1)]))
        if s[token.end - 1] != "." { return true }
        if word.hasSuffix(".") { return true }  // "..." and similar runs
        if Abbreviations.titles.contains(word.lowercased()) { return false }
        if word.count == 1 && word.unicodeScalars.first!.properties.isUppercase { return false }  // initials
        if opensQuote { return true }
        let nextWord = String(String.UnicodeScalarView(s[nextToken.start..<nextToken.end])).lowercased()
        return Abbreviations.sentenceStarters.contains(nextWord)
    }
}
