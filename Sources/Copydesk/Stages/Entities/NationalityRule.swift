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

    /// Adds a MISC mention for each such word.
    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var covered = [Bool](repeating: false, count: text.tokens.count)
        for mention in mentions { for token in mention.first..<mention.end { covered[token] = true } }
        var added = false
        for token in text.tokens.indices where !covered[token] {
            guard CapitalsRepeatRule.startsWithCapital(text.firstScalars[token]),
                  gazetteer.contains(phrase: text.wordKeys[token..<(token + 1)], in: .nationality) else { continue }
            mentions.append(MentionCandidate(first: token, end: token + 1, type: .miscellaneous))
            added = true
        }
        if added { mentions.sort { $0.first < $1.first } }
    }
}
