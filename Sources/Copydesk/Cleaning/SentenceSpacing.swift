/// Restores the space a sentence lost after its full stop: "Gaza Strip.Haniya" → "Gaza Strip. Haniya",
/// "atrocities.“The" → "atrocities. “The", `defense."Washington` → `defense." Washington`.
///
/// Leaves alone what only looks similar: initials and acronyms ("U.S."), decimals ("3.5"),
/// titles ("Dr.Smith" is already rare and stays), URLs, e-mail addresses and file names.
enum SentenceSpacing {
    static func restore(in text: String) -> String {
        let s = Array(text.unicodeScalars)
        guard s.count > 3 else { return text }
        // First where spaces go (most texts need none), then the text with them, if any.
        var insertions: [Int] = []
        var straightQuotes = 0
        var wordStart = 0
        var i = 0
        while i < s.count {
            let scalar = s[i]
            if scalar == "\"" { straightQuotes += 1 }
            if scalar == " " { wordStart = i + 1 }
            i += 1
            guard scalar == "." || scalar == "?" || scalar == "!", i < s.count, s[i] != " ", s[i] != "\n",
                  endsSentence(s, at: i - 1, wordStart: wordStart) else {
                continue
            }
            // Closing marks that belong to the sentence: ’ ” ) and a straight quote that closes.
            while i < s.count, s[i] == "”" || s[i] == "’" || s[i] == ")" || (s[i] == "\"" && straightQuotes % 2 == 1) {
                if s[i] == "\"" { straightQuotes += 1 }
                i += 1
            }
            if i < s.count, startsSentence(s, at: i) {
                insertions.append(i)
                wordStart = i
            }
        }
        guard !insertions.isEmpty else { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(s.count + insertions.count)
        var from = 0
        for at in insertions {
            out.append(contentsOf: s[from..<at])
            out.append(" ")
            from = at
        }
        out.append(contentsOf: s[from...])
        return String(out)
    }

    /// The mark at `index` ends a sentence glued to the next: a lowercase word (or a number, or a
    /// closing bracket) before it, and no URL, address or path in the word.
    private static func endsSentence(_ s: [Unicode.Scalar], at index: Int, wordStart: Int) -> Bool {
        guard index >= 2 else { return false }
        var tokenEnd = index
        while tokenEnd < s.count && !s[tokenEnd].properties.isWhitespace { tokenEnd += 1 }
        let token = String(String.UnicodeScalarView(s[wordStart..<tokenEnd]))
        if token.contains("://") || token.contains("@") || token.hasPrefix("www.") || token.contains("/") { return false }
        let word = String(String.UnicodeScalarView(s[wordStart..<index]))
        let a = s[index - 2], b = s[index - 1]
        if s[index] != "." { return b.properties.isAlphabetic || b == "\"" || b == "”" || b == ")" }
        if b.properties.isLowercase && (a.properties.isLowercase || a == "'" || a == "’") {
            // "e.g.Xyz": a one-letter segment before the dot is an abbreviation, not a word.
            return !word.contains(".")
        }
        return b == ")" || (("0"..."9").contains(b) && !word.contains(".") && !word.contains(","))
    }

    /// A sentence starts at `index`: a capital followed by a lowercase letter, or an opening quote.
    private static func startsSentence(_ s: [Unicode.Scalar], at index: Int) -> Bool {
        let first = s[index]
        let second: Unicode.Scalar? = index + 1 < s.count ? s[index + 1] : nil
        if first == "“" || first == "‘" || first == "\"" { return second.map { $0.properties.isAlphabetic } ?? false }
        guard first.properties.isUppercase, let second else { return false }
        return second.properties.isLowercase || second == " " && first == "A" || second == "’" || second == "'"
    }
}
