import CopydeskCore

/// A nationality or group adjective or noun standing on its own ("French officials", "Israeli and
/// Palestinian negotiators", "the Egyptian mediator") is a miscellaneous name: CoNLL marks such words
/// MISC, OntoNotes NORP, IPTC's taxonomy a nationality, and newsroom users search by them. The tagger
/// leaves most of them unmarked (its GUM training text marks only names whose head is a proper noun).
///
/// Only capitalised words the nationality list holds (`data/gazetteers/nationalities.txt`) and no
/// other name covers: "the French Open" and "the Palestinian Authority" stay the names they are in.
struct NationalityRule {
    let gazetteer: Gazetteer
    /// The longest listed phrase, in words ("Sri Lankan", "South Korean").
    static let longest = 3

    /// Adds a MISC mention for each such word, and retypes an organisation or place that is nothing
    /// but such a word ("Sri Lankan" read as an organisation).
    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        for index in mentions.indices where mentions[index].type == .organization || mentions[index].type == .location {
            let span = mentions[index].first..<mentions[index].end
            if span.count <= Self.longest, gazetteer.contains(phrase: text.wordKeys[span], in: .nationality) {
                mentions[index].type = .miscellaneous
            }
        }
        let covered = MentionCandidate.coverage(of: mentions, tokenCount: text.tokens.count)
        var added = false
        var token = 0
        while token < text.tokens.count {
            defer { token += 1 }
            guard !covered[token], text.isCapitalized(token) else { continue }
            // The longest listed phrase first: "South African", not "African".
            for length in stride(from: min(Self.longest, text.tokens.count - token), through: 1, by: -1) {
                let phrase = token..<(token + length)
                guard phrase.allSatisfy({ !covered[$0] && text.isCapitalized($0) }),
                      gazetteer.contains(phrase: text.wordKeys[phrase], in: .nationality) else { continue }
                mentions.append(MentionCandidate(first: phrase.lowerBound, end: phrase.upperBound, type: .miscellaneous))
                added = true
                token = phrase.upperBound - 1
                break
            }
        }
        if added { mentions.sort { $0.first < $1.first } }
    }
}
