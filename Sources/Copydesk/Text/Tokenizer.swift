import CopydeskCore

/// Splits text into word, number and punctuation tokens with code-point offsets.
///
/// Words keep inner hyphens and apostrophes ("Al-Aqsa", "don't"); the possessive "’s" is a token of
/// its own, as in news treebanks. Numbers keep inner separators ("45,514", "3.5"). Acronyms with
/// stops and known abbreviations keep their full stop ("U.S.", "Gen."); other punctuation is one
/// token per mark, except runs of the same mark ("--", "...").
public enum Tokenizer {
    /// The tokens of `scalars[range]`.
    public static func tokens(in scalars: [Unicode.Scalar], range: Range<Int>) -> [TextSpan] {
        var tokens: [TextSpan] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = scalars[i]
            if isSpace(c) { i += 1; continue }
            let start = i
            if isWordScalar(c) {
                i = endOfWord(scalars, from: i, end: end)
                // Possessive 's as its own token.
                if i - start > 2, isApostrophe(scalars[i - 2]), scalars[i - 1] == "s" || scalars[i - 1] == "S" {
                    tokens.append(TextSpan(start: start, end: i - 2))
                    tokens.append(TextSpan(start: i - 2, end: i))
                    continue
                }
                i = absorbAbbreviationStop(scalars, start: start, end: i, limit: end)
            } else {
                i += 1
                if c == "-" || c == "." || c == "*" || c == "=" || c == "_" {
                    while i < end && scalars[i] == c { i += 1 }
                }
            }
            tokens.append(TextSpan(start: start, end: i))
        }
        return tokens
    }

    private static func endOfWord(_ s: [Unicode.Scalar], from start: Int, end: Int) -> Int {
        var i = start + 1
        while i < end {
            let c = s[i]
            if isWordScalar(c) || !c.isASCII && c.properties.generalCategory == .nonspacingMark { i += 1; continue }
            guard i + 1 < end, isWordScalar(s[i + 1]) else { break }
            let previous = s[i - 1]
            if c == "-" || c == "‐" || isApostrophe(c) || c == "&" && isUppercase(previous) {
                i += 1
                continue
            }
            // 3.5, 45,514, 10:30, 9/11
            if (c == "." || c == "," || c == ":" || c == "/") && isDigit(previous) && isDigit(s[i + 1]) { i += 1; continue }
            // U.S, U.N, and a party and state: R-S.C, D-N.Y (the final stop is absorbed below)
            if c == ".", isUppercase(previous), i - start == 1 || (i >= start + 2 && (s[i - 2] == "." || s[i - 2] == "-")),
               isUppercase(s[i + 1]), i + 2 >= end || s[i + 2] == "." {
                i += 1
                continue
            }
            break
        }
        return i
    }

    /// "U.S." keeps its final stop, and so does "Gen."; "Strip." does not.
    private static func absorbAbbreviationStop(_ s: [Unicode.Scalar], start: Int, end: Int, limit: Int) -> Int {
        guard end < limit, s[end] == "." else { return end }
        if end + 1 < limit, s[end + 1] == "." { return end }  // an ellipsis
        if end - start == 1 && isUppercase(s[start]) || isDottedAcronym(s[start..<end]) { return end + 1 }
        return Abbreviations.contains(String(String.UnicodeScalarView(s[start..<end]))) ? end + 1 : end
    }

    /// Whether a word is single letters between full stops (and hyphens), with a stop: "U.S", "R-S.C".
    static func isDottedAcronym(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
        guard word.contains(".") else { return false }
        guard word.allSatisfy(\.isASCII) else {
            // A letter may carry combining marks: count characters.
            let text = String(String.UnicodeScalarView(word))
            return text.split(whereSeparator: { $0 == "." || $0 == "-" }).allSatisfy { $0.count == 1 && $0.first!.isLetter }
        }
        var letters = 0  // in the current run between separators
        for c in word {
            if c == "." || c == "-" {
                letters = 0
                continue
            }
            let folded = c.value | 0x20
            guard folded >= 0x61 && folded <= 0x7A, letters == 0 else { return false }
            letters = 1
        }
        return true
    }

    /// An uppercase letter, with ASCII answered without a Unicode property lookup.
    @inline(__always)
    static func isUppercase(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c.value >= 0x41 && c.value <= 0x5A }
        return c.properties.isUppercase
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            let v = c.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        }
        return c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// White space, with ASCII answered without a Unicode property lookup.
    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return c.value == 0x20 || (c.value >= 0x09 && c.value <= 0x0D) }
        return c.properties.isWhitespace
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    static func isApostrophe(_ c: Unicode.Scalar) -> Bool { c == "'" || c == "’" }
}
