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

    /// Replaces each storm's name by the storm, and marks the bare name where it recurs alone.
    func apply(_ names: inout [MentionCandidate], in text: TokenizedText) {
        var storms: [MentionCandidate] = []
        var stormNames: Set<String> = []
        var before = 0   // the storm words at the previous token
        for i in 0..<max(text.words.count - 1, 0) {
            let here = Self.stormWordCount(at: i, in: text)
            defer { before = here }
            // The storm word right before a name: "Hurricane", "Storm", or "storm" after "tropical".
            guard here == 1 || before == 2 else { continue }
            let name = i + 1
            guard text.isCapitalized(name), text.words[name].count >= 2, text.inOneSentence(i, name),
                  text.words[name].unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" }),
                  gazetteer.readsAsName(key: text.wordKeys[name]),
                  !names.contains(where: { $0.first < i && i < $0.end }) else { continue }
            let first = before == 2 ? i - 1 : i
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

    /// How many words at token `i` name a kind of storm before its name: 2 for "Tropical Storm", 1
    /// for "Hurricane", "Typhoon", "Cyclone", "Superstorm" or a capitalised "Storm" ("Storm Ciarán"),
    /// else 0. The resolver drops them from a storm's key, so that "Rita" joins "Hurricane Rita".
    /// Every token is asked: its length and first letter settle nearly all of them, and only words
    /// that pass compare their keys.
    static func stormWordCount(at i: Int, in text: TokenizedText) -> Int {
        switch text.firstScalars[i] {
        case "h", "H", "t", "T", "c", "C", "s", "S": break
        default: return 0
        }
        let length = text.byteCount(of: i)
        guard length >= 5, length <= 10, length != 6 else { return 0 }
        let key = text.wordKeys[i]
        if key == StormKeys.storm { return text.isCapitalized(i) ? 1 : 0 }
        if key == StormKeys.tropical { return i + 1 < text.words.count && text.wordKeys[i + 1] == StormKeys.storm ? 2 : 0 }
        return StormKeys.kinds.contains(key) ? 1 : 0
    }
}

/// The keys (``FeatureHash/word(_:)``) of the storm words.
private enum StormKeys {
    static let storm = FeatureHash.word("storm")
    static let tropical = FeatureHash.word("tropical")
    static let kinds = ["hurricane", "typhoon", "cyclone", "superstorm"].map(FeatureHash.word)
}
