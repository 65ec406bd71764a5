import CopydeskCore

/// Lines set in capitals — headlines, slugs, datelines — repeat names the story writes in mixed case:
/// "CUTTITTA BACK FOR ITALY" above "Italy recalled Marcello Cuttitta". The tagger, trained on
/// mixed-case text, misses most of them. A run of words in capitals that spells, whatever its case, a
/// name found elsewhere in the document (or a person's surname) is that name again.
enum CapitalsRepeatRule {
    /// The longest name repeated, in words.
    static let longest = 4

    /// Adds a mention for each such run.
    static func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var known: [UInt64: EntityType] = [:]
        func key(_ tokens: Range<Int>) -> UInt64 { tokens.reduce(0) { FeatureHash.extend($0, with: text.wordKeys[$1]) } }
        for mention in mentions where mention.end - mention.first <= longest {
            known[key(mention.first..<mention.end)] = known[key(mention.first..<mention.end)] ?? mention.type
            if mention.type == .person, mention.end - mention.first >= 2, text.words[mention.end - 1].count >= 3 {
                known[key((mention.end - 1)..<mention.end)] = known[key((mention.end - 1)..<mention.end)] ?? .person
            }
        }
        guard !known.isEmpty else { return }
        // Most documents have no line in capitals: look for a word in capitals before anything else.
        guard text.tokens.indices.contains(where: { startsWithCapital(text.firstScalars[$0]) && isCapitals(text.words[$0]) }) else { return }
        var covered = [Bool](repeating: false, count: text.tokens.count)
        for mention in mentions { for token in mention.first..<mention.end { covered[token] = true } }
        var added = false
        var index = 0
        while index < text.tokens.count {
            guard !covered[index], startsWithCapital(text.firstScalars[index]), isCapitals(text.words[index]) else { index += 1; continue }
            var length = min(longest, text.tokens.count - index)
            while length > 0 {
                let run = index..<(index + length)
                if run.allSatisfy({ !covered[$0] && isCapitals(text.words[$0]) }), text.inOneSentence(run.lowerBound, run.upperBound - 1),
                   let type = known[key(run)] {
                    mentions.append(MentionCandidate(first: run.lowerBound, end: run.upperBound, type: type))
                    added = true
                    break
                }
                length -= 1
            }
            index += max(length, 1)
        }
        if added { mentions.sort { $0.first < $1.first } }
    }

    /// A word of two or more letters, all capitals (ASCII checked on its bytes).
    static func isCapitals(_ word: String) -> Bool {
        let bytes = word.utf8
        guard bytes.count >= 2 else { return false }
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.allSatisfy { $0 >= 0x41 && $0 <= 0x5A } }
        return word.unicodeScalars.count >= 2 && word.unicodeScalars.allSatisfy { $0.properties.isUppercase }
    }

    /// Whether a word's first character is a capital (ASCII without a table lookup).
    static func startsWithCapital(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar.value >= 0x41 && scalar.value <= 0x5A : scalar.properties.isUppercase
    }
}
