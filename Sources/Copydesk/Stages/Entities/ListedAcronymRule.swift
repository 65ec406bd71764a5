import CopydeskCore

/// An acronym in capitals that the name lists know as an organisation, and neither as a place nor as a
/// dictionary word ("WHO", "NOW" are shouted words as often), is an organisation where the tagger left
/// it unlabelled: "the UN agency for Palestinian refugees or UNRWA". The weights hold a listed acronym
/// back when the words around it read as plain text.
struct ListedAcronymRule {
    let gazetteer: Gazetteer

    /// Adds an organisation for each such acronym that no mention covers.
    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        let covered = MentionCandidate.coverage(of: mentions, tokenCount: text.words.count)
        var added = false
        for k in text.words.indices where text.isCapitalized(k) && !covered[k] && isAcronym(text.words[k]) {
            let key = text.wordKeys[k]
            guard gazetteer.contains(key: key, in: .organization), !gazetteer.contains(key: key, in: .place),
                  !gazetteer.contains(key: key, in: .dictionaryWord) else { continue }
            mentions.append(MentionCandidate(first: k, end: k + 1, type: .organization))
            added = true
        }
        if added { mentions.sort { $0.first < $1.first } }
    }

    /// Three to eight ASCII capitals.
    private func isAcronym(_ word: String) -> Bool {
        let bytes = word.utf8
        return (3...8).contains(bytes.count) && bytes.allSatisfy(\.isASCIIUppercase)
    }
}
