import CopydeskCore

/// Figures with what they count: "at least 45,514 Palestinians", "10s of Israeli tanks",
/// "more than 1.5 million people", "3 percent".
///
/// A number becomes a quantity only when a counted noun (or a unit) follows it, so years, ages and
/// scores standing alone are left out. The value is the number as written, scaled by "million" or
/// "billion"; "10s" is the number 10.
struct QuantityRule {
    let gazetteer: Gazetteer

    private static let modifiers: [[String]] = [
        ["at", "least"], ["more", "than"], ["less", "than"], ["fewer", "than"], ["up", "to"], ["as", "many", "as"],
        ["nearly"], ["about"], ["around"], ["over"], ["almost"], ["some"], ["approximately"], ["roughly"], ["an", "estimated"],
    ]
    /// Number words by their length in bytes, so a word is compared with the few of its length only.
    private static let wordsByLength: [[(word: [UInt8], value: Double)]] = {
        let words: [String: Double] = [
            "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
            "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "dozens": 12, "dozen": 12,
            "millions": 1_000_000, "tens": 10,
        ]
        var table = [[(word: [UInt8], value: Double)]](repeating: [], count: words.keys.map(\.utf8.count).max()! + 1)
        for (word, value) in words.sorted(by: { $0.key < $1.key }) { table[word.utf8.count].append((Array(word.utf8), value)) }
        return table
    }()
    /// The first letters of the number words, as bits (bit 0 for "a").
    private static let numberWordInitials: UInt32 = wordsByLength.joined().reduce(0) { $0 | 1 << UInt32($1.word[0] - 0x61) }
    private static let scales: WordMap<Double> = ["hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
                                                   "trillion": 1_000_000_000_000]
    /// Words that end a counted phrase before it starts: verbs and function words.
    private static let stops: WordSet = [
        "and", "or", "to", "in", "on", "at", "of", "the", "a", "an", "for", "from", "by", "with", "as", "is", "are", "was",
        "were", "have", "has", "had", "be", "been", "will", "would", "that", "this", "which", "who", "it", "its", "their",
        "his", "her", "per", "than", "since", "after", "before", "during", "until", "said", "says", "while", "when",
    ]

    func mentions(in text: TokenizedText, excluding taken: [MentionCandidate]) -> [MentionCandidate] {
        var blocked = [Bool](repeating: false, count: text.words.count)
        for m in taken where m.type == .date { for t in m.first..<m.end { blocked[t] = true } }
        var found: [MentionCandidate] = []
        let initials = Self.numberWordInitials
        // Only a word starting with a digit or with a number word's first letter is read as a number.
        func mayBeNumber(_ i: Int) -> Bool {
            let lead = text.firstScalars[i].value
            if lead &- 0x30 < 10 { return true }
            let letter = (lead | 0x20) &- 0x61
            return lead < 0x80 && letter < 26 && initials & (1 << letter) != 0
        }
        for sentence in text.sentences {
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                guard !blocked[i], mayBeNumber(i), var value = number(text.words[i]) else { i += 1; continue }
                var end = i + 1
                let limit = sentence.upperBound
                if end < limit, let scale = Self.scales[text.lowercaseWords[end]] { value *= scale; end += 1 }
                var unitEnd = end
                if end < limit, text.words[end] == "%" || text.lowercaseWords[end] == "percent" {
                    unitEnd = end + 1
                } else {
                    var k = end
                    if k < limit, text.lowercaseWords[k] == "of" { k += 1 }
                    var taken = 0
                    while k < limit, taken < 2, isCountedWord(k, in: text) {
                        taken += 1
                        k += 1
                        // One noun, or an adjective ("Israeli", "armed") and its noun.
                        if taken == 1 && !(gazetteer.contains(key: text.wordKeys[k - 1], in: .nationality) || text.words[k - 1].hasSuffix("ed")) { break }
                    }
                    if taken > 0 { unitEnd = k }
                }
                guard unitEnd > end else { i = end; continue }
                var first = i
                for modifier in Self.modifiers where first - modifier.count >= sentence.lowerBound {
                    let start = first - modifier.count
                    if (0..<modifier.count).allSatisfy({ text.lowercaseWords[start + $0] == modifier[$0] }) { first = start; break }
                }
                // A year is not a count ("in 2023 elections") unless a modifier says so.
                let figure = text.words[i].hasSuffix("s") ? String(text.words[i].dropLast()) : text.words[i]
                if first == i, let year = Int(figure), (1800...2100).contains(year) { i = unitEnd; continue }
                var mention = MentionCandidate(first: first, end: unitEnd, type: .quantity)
                mention.value = value
                let countedStart = text.lowercaseWords[end] == "of" ? end + 1 : end
                mention.counted = text.text(countedStart..<unitEnd)
                found.append(mention)
                i = unitEnd
            }
        }
        return found
    }

    private func isCountedWord(_ k: Int, in text: TokenizedText) -> Bool {
        let word = text.words[k]
        guard let first = word.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        if Self.stops.contains(text.lowercaseWords[k]) { return false }
        // Capitalised words count only when they name people ("Palestinians", "Israeli").
        if first.properties.isUppercase { return gazetteer.contains(key: text.wordKeys[k], in: .nationality) }
        return !word.hasSuffix("ly")
    }

    private func number(_ word: String) -> Double? {
        var word = word
        return word.withUTF8(Self.number)
    }

    /// The value of a number as written ("45,514", "1.5", "10s") or of a number word ("dozens"),
    /// read from its UTF-8 bytes.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        guard let lead = bytes.first else { return nil }
        guard isDigit(lead) else {
            // A number word, in any case; most words are ruled out by their length or first letter.
            guard bytes.count < wordsByLength.count else { return nil }
            for candidate in wordsByLength[bytes.count] where candidate.word[0] == lead | 0x20 {
                if zip(candidate.word, bytes).allSatisfy({ $0 == $1 | 0x20 && $1 >= 0x41 }) { return candidate.value }
            }
            return nil
        }
        var end = bytes.count
        // "10s": the decade or the tens is the number 10.
        if end > 1, bytes[end - 1] == UInt8(ascii: "s"), bytes[..<(end - 1)].allSatisfy(isDigit) { end -= 1 }
        var digits: [UInt8] = []
        digits.reserveCapacity(end)
        for byte in bytes[..<end] {
            guard isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") else { return nil }
            if byte != UInt8(ascii: ",") { digits.append(byte) }
        }
        return Double(String(decoding: digits, as: UTF8.self))
    }
}
