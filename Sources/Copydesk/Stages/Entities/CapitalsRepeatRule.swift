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
        guard text.tokens.indices.contains(where: text.isInCapitals) else { return }
        let covered = MentionCandidate.coverage(of: mentions, tokenCount: text.tokens.count)
        var added = false
        var index = 0
        while index < text.tokens.count {
            guard !covered[index], text.isInCapitals(index) else { index += 1; continue }
            var length = min(longest, text.tokens.count - index)
            while length > 0 {
                let run = index..<(index + length)
                if run.allSatisfy({ !covered[$0] && text.isInCapitals($0) }), text.inOneSentence(run.lowerBound, run.upperBound - 1),
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
}
