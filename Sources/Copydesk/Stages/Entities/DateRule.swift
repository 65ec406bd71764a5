import CopydeskCore

/// Dates written out: "October 7, 2023", "7 October", "November 2023", "Friday", "2023-11-04",
/// "Nov. 3".
struct DateRule {
    static let months: WordMap<Int> = {
        var table = WordMap<Int>()
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"]
        for (i, name) in names.enumerated() {
            table.set(i + 1, for: name)
            table.set(i + 1, for: String(name.prefix(3)) + ".")
        }
        table.set(9, for: "sept.")
        return table
    }()
    static let weekdays: WordSet = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    func mentions(in text: TokenizedText) -> [MentionCandidate] {
        var found: [MentionCandidate] = []
        for sentence in text.sentences {
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                if let end = match(at: i, in: text, limit: sentence.upperBound) {
                    found.append(MentionCandidate(first: i, end: end, type: .date))
                    i = end
                } else {
                    i += 1
                }
            }
        }
        return found
    }

    private func isDay(_ word: String) -> Bool {
        guard let n = Int(word.hasSuffix("th") || word.hasSuffix("st") || word.hasSuffix("nd") || word.hasSuffix("rd")
                          ? String(word.dropLast(2)) : word) else { return false }
        return (1...31).contains(n)
    }

    private func isYear(_ word: String) -> Bool {
        guard word.count == 4, let n = Int(word) else { return false }
        return (1000...2200).contains(n)
    }

    private func isMonth(_ text: TokenizedText, _ i: Int) -> Bool {
        // "may" and "march" are months only when capitalised.
        text.isCapitalized(i) && Self.months[text.lowercaseWords[i]] != nil
    }

    /// One past the last token of a date starting at `i`, or `nil`.
    private func match(at i: Int, in text: TokenizedText, limit: Int) -> Int? {
        let w = text.words
        func word(_ k: Int) -> String? { k < limit ? w[k] : nil }
        // Every date starts with a digit (a day, or an ISO date) or a capitalised month or weekday.
        let startsWithDigit = w[i].utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false
        if startsWithDigit {
            if isDay(w[i]), i + 1 < limit, isMonth(text, i + 1) {
                var end = i + 2
                if let y = word(end), isYear(y) { end += 1 }
                return end
            }
            // 2023-11-04
            guard w[i].utf8.contains(0x2D) else { return nil }
            let parts = w[i].split(separator: "-")
            if parts.count == 3, parts[0].count == 4, parts.allSatisfy({ Int($0) != nil }),
               let m = Int(parts[1]), (1...12).contains(m), let d = Int(parts[2]), (1...31).contains(d) { return i + 1 }
            return nil
        }
        // Month and weekday names have three to nine letters and a full stop at most.
        guard text.isCapitalized(i), (3...10).contains(w[i].utf8.count) else { return nil }
        let lower = text.lowercaseWords[i]
        if Self.months[lower] != nil {
            // May alone is too often the verb at a sentence start; it needs a day or year.
            var end = i + 1
            if let d = word(end), isDay(d) {
                end += 1
                if word(end) == ",", let y = word(end + 1), isYear(y) { end += 2 } else if let y = word(end), isYear(y) { end += 1 }
                return end
            }
            if let y = word(end), isYear(y) { return end + 1 }
            return lower == "may" || lower == "march" ? nil : end
        }
        if Self.weekdays.contains(lower) {
            // "Friday, November 3" runs on into the date.
            if word(i + 1) == ",", i + 2 < limit, isMonth(text, i + 2), let end = match(at: i + 2, in: text, limit: limit) { return end }
            return i + 1
        }
        return nil
    }
}
