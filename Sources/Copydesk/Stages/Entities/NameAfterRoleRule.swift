import CopydeskCore

/// A capitalised name right after a title or role is a person, where the tagger left it unlabelled:
/// "Prime Minister Netanyahu", "Senator Warren", "Secretary of State Blinken".
///
/// The tagger learns titles from training text that writes them both inside and outside the name,
/// so a bare surname after one is a weak case for it. The name is one to three title-case words,
/// none of them a role, and each either not a dictionary word or a listed given name ("Prince Harry";
/// not "General Motors", "Justice Department" or "King Street", though Street is a surname too).
/// On held-out folds the stage's F1 is unchanged (UNER 64.65, GUM 57.00 to 57.01): such names are
/// rare there, but common in news copy, where the tagger alone missed "Prime Minister Netanyahu".
struct NameAfterRoleRule {
    let gazetteer: Gazetteer

    /// The longest name taken after a role.
    static let longestName = 3

    /// Adds a person for each such name that no mention covers yet.
    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var covered = MentionCandidate.coverage(of: mentions, tokenCount: text.words.count)
        var k = 0
        while k < text.words.count {
            defer { k += 1 }
            guard text.isCapitalized(k), isRole(k, in: text) else { continue }
            // Past the rest of the title: more role words, office words and connectors ("of State").
            var name = k + 1
            while name < text.words.count, name - k < 6, text.inOneSentence(k, name),
                  isRole(name, in: text) || RoleRule.officeWords.contains(text.words[name]) || RoleRule.isConnector(name, in: text) {
                name += 1
            }
            var end = name
            while end < text.words.count, end - name < Self.longestName, text.inOneSentence(k, end),
                  !covered[end], isNameWord(end, in: text) {
                end += 1
            }
            guard end > name else { continue }
            mentions.append(MentionCandidate(first: name, end: end, type: .person))
            for j in name..<end { covered[j] = true }
            k = end - 1
        }
        mentions.sort { $0.first < $1.first }
    }

    private func isRole(_ k: Int, in text: TokenizedText) -> Bool { gazetteer.contains(key: text.wordKeys[k], in: .role) }

    private func isNameWord(_ k: Int, in tokens: TokenizedText) -> Bool {
        let word = tokens.words[k]
        guard WordShape(word.unicodeScalars).isTitle, !gazetteer.contains(key: tokens.wordKeys[k], in: .role) else { return false }
        return gazetteer.readsAsName(key: tokens.wordKeys[k])
    }
}
