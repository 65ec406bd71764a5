/// Storms are named like people: "Hurricane Katrina", "Typhoon Haiyan", "Tropical Storm Rita". The
/// tagger, which knows "Katrina" and "Rita" as given names, reads them as persons, there and where
/// the copy goes on to say "Katrina devastated refineries". A storm is an event: "Hurricane Katrina"
/// becomes one `MISC` mention (GUM marks "Cyclone Phailin" so), and the bare name elsewhere in the
/// document, alone, is a mention of the same storm ("Rita Moreno" stays a person).
///
/// The name must read as a name, not a common word ("Hurricane Center" is no storm), and the storm
/// word must not lie inside a longer name ("National Hurricane Center").
struct StormNameRule {
    /// The lists that tell a name from a common word.
    let gazetteer: Gazetteer

    /// Words that name a storm when a capitalised name follows, in lower case. "Storm" alone counts
    /// only when capitalised ("Storm Ciarán"), or after "tropical".
    static let triggers: Set<String> = ["hurricane", "typhoon", "cyclone", "superstorm"]

    /// Replaces each storm's name by the storm, and marks the bare name where it recurs alone.
    func apply(_ names: inout [MentionCandidate], in text: TokenizedText) {
        var storms: [MentionCandidate] = []
        var stormNames: Set<String> = []
        for i in 0..<max(text.words.count - 1, 0) where Self.isStormWord(i, in: text) {
            let name = i + 1
            guard text.isCapitalized(name), text.words[name].count >= 2, text.inOneSentence(i, name),
                  text.words[name].unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" }),
                  gazetteer.readsAsName(text.words[name]),
                  !names.contains(where: { $0.first < i && i < $0.end }) else { continue }
            let first = i > 0 && Self.stormWordCount(at: i - 1, in: text) == 2 ? i - 1 : i
            storms.append(MentionCandidate(first: first, end: name + 1, type: .miscellaneous))
            stormNames.insert(text.words[name])
        }
        guard !storms.isEmpty else { return }
        names.removeAll { name in storms.contains { $0.overlaps(name) } }
        for k in names.indices where names[k].end - names[k].first == 1 && stormNames.contains(text.words[names[k].first]) {
            names[k].type = .miscellaneous
            names[k].role = nil
        }
        names += storms
        // The bare name where the tagger left it unmarked ("Rita packed winds").
        let covered = MentionCandidate.coverage(of: names, tokenCount: text.words.count)
        for t in text.words.indices where !covered[t] && stormNames.contains(text.words[t]) {
            names.append(MentionCandidate(first: t, end: t + 1, type: .miscellaneous))
        }
        names.sort { $0.first < $1.first }
    }

    /// Whether token `i` is the storm word right before a name: "Hurricane", "Storm", or "storm" after
    /// "tropical".
    private static func isStormWord(_ i: Int, in text: TokenizedText) -> Bool {
        stormWordCount(at: i, in: text) == 1 || (i > 0 && stormWordCount(at: i - 1, in: text) == 2)
    }

    /// How many words at token `i` name a kind of storm before its name: 2 for "Tropical Storm", 1
    /// for "Hurricane" or "Storm", else 0. The resolver drops them from a storm's key, so that "Rita"
    /// joins "Hurricane Rita". Every token is asked, so the length (5 to 10 bytes, not 6) is checked
    /// before any string is hashed.
    static func stormWordCount(at i: Int, in text: TokenizedText) -> Int {
        let word = text.lowercaseWords[i]
        guard [5, 7, 8, 9, 10].contains(word.utf8.count) else { return 0 }
        if triggers.contains(word) || (word == "storm" && text.isCapitalized(i)) { return 1 }
        if word == "tropical", i + 1 < text.words.count, text.lowercaseWords[i + 1] == "storm" { return 2 }
        return 0
    }
}
