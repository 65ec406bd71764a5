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
            if isWordScalar(c) || c.properties.generalCategory == .nonspacingMark { i += 1; continue }
            guard i + 1 < end, isWordScalar(s[i + 1]) else { break }
            let previous = s[i - 1]
            if c == "-" || c == "‐" || isApostrophe(c) || c == "&" && previous.properties.isUppercase {
                i += 1
                continue
            }
            // 3.5, 45,514, 10:30, 9/11
            if (c == "." || c == "," || c == ":" || c == "/") && isDigit(previous) && isDigit(s[i + 1]) { i += 1; continue }
            // U.S, U.N, and a party and state: R-S.C, D-N.Y (the final stop is absorbed below)
            if c == ".", previous.properties.isUppercase, i - start == 1 || (i >= start + 2 && (s[i - 2] == "." || s[i - 2] == "-")),
               s[i + 1].properties.isUppercase, i + 2 >= end || s[i + 2] == "." {
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
        let word = String(String.UnicodeScalarView(s[start..<end]))
        let isAcronym = (end - start == 1 && s[start].properties.isUppercase)
            || (word.contains(".") && word.split(whereSeparator: { $0 == "." || $0 == "-" }).allSatisfy { $0.count == 1 && $0.first!.isLetter })
        return isAcronym || Abbreviations.contains(word) ? end + 1 : end
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
