import CopydeskCore

/// Acronyms defined in the text: "Palestinian Authority (PA)", "the World Health Organization (WHO)".
///
/// The acronym in brackets becomes a mention of the name before it, and so does every later use of
/// it; the resolver then groups them under the long name.
struct AcronymRule {
    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var definitions: [String: EntityType] = [:]   // acronym → the type of the name it stands for
        for open in text.words.indices where text.words[open] == "(" && open + 2 < text.words.count && text.words[open + 2] == ")" {
            let acronym = text.words[open + 1]
            let letters = Array(acronym.filter { $0 != "." })
            guard (2...8).contains(letters.count), letters.allSatisfy(\.isUppercase) else { continue }
            // A mention ending at the bracket whose words' initials spell the acronym, or the capitalised
            // words before the bracket that do.
            // A possessive between name and bracket: "the Israel Defense Forces’ (IDF)".
            let nameEnd = open > 0 && ["’", "'", "’s", "'s"].contains(text.words[open - 1]) ? open - 1 : open
            var first = nameEnd
            var spelled = letters.count
            while first > 0 && spelled > 0 {
                let word = text.words[first - 1]
                if Self.connectors.contains(text.lowercaseWords[first - 1]) { first -= 1; continue }
                guard let initial = word.first, initial.isUppercase, initial == letters[spelled - 1] else { break }
                spelled -= 1
                first -= 1
            }
            while first < nameEnd && Self.connectors.contains(text.lowercaseWords[first]) { first += 1 }
            let tagged = mentions.firstIndex { $0.end == nameEnd }
            if spelled == 0 {
                if let tagged, mentions[tagged].first >= first {
                    mentions[tagged].first = first
                    mentions[tagged].acronym = acronym
                    definitions[acronym] = mentions[tagged].type
                } else {
                    mentions.removeAll { $0.first >= first && $0.end <= nameEnd }
                    var m = MentionCandidate(first: first, end: nameEnd, type: .organization)
                    m.acronym = acronym
                    mentions.append(m)
                    mentions.sort { $0.first < $1.first }
                    definitions[acronym] = .organization
                }
            } else if let tagged, let initial = letters.first,
                      text.words[mentions[tagged].first..<nameEnd].contains(where: { $0.first == initial }) {
                // The name starts one of its words with the acronym's first letter.
                mentions[tagged].acronym = acronym
                definitions[acronym] = mentions[tagged].type
            }
        }
        guard !definitions.isEmpty else { return }
        var added: [MentionCandidate] = []
        for (i, word) in text.words.enumerated() {
            guard let type = definitions[word] else { continue }
            if mentions.contains(where: { $0.first <= i && i < $0.end }) { continue }
            added.append(MentionCandidate(first: i, end: i + 1, type: type))
        }
        // Mentions the tagger gave the acronym keep their place but take the defined type.
        for index in mentions.indices where mentions[index].end - mentions[index].first == 1 {
            if let type = definitions[text.words[mentions[index].first]] { mentions[index].type = type }
        }
        mentions += added
        mentions.sort { $0.first < $1.first }
    }

    private static let connectors: WordSet = ["of", "the", "for", "and", "on", "de"]
}
