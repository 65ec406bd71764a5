import CopydeskCore

/// Titles and roles around a person's name: "Prime Minister Netanyahu", "Chief of Hamas Politburo
/// Ismail Haniya", "United States Secretary of State Antony Blinken".
///
/// A role inside a person mention is cut off and kept as the mention's role; a role just before it
/// becomes the role. Organisation or place names inside the role stay mentions of their own.
struct RoleRule {
    let gazetteer: Gazetteer

    /// Words that name an office or body inside a role ("Secretary of State", "Politburo chief").
    static let officeWords: WordSet = ["State", "Defense", "Defence", "Foreign", "Affairs", "Interior", "Justice",
                                       "Health", "Finance", "Politburo", "Bureau", "Council", "Committee", "General",
                                       "Political", "Military", "National", "Security", "Executive"]

    private static let connectors: WordSet = ["of", "the", "for", "and", "de", "'s", "’s"]

    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        splitAtRoles(&mentions, in: text)
        var dropped = Set<Int>()
        for index in mentions.indices where mentions[index].type == .person {
            var mention = mentions[index]
            // A role the tagger put inside the person ("Minister of Defense Hazem Shaalan"): cut it off.
            if mention.role != nil { continue }
            var cut = mention.first
            for k in mention.first..<mention.end where isRole(k, in: text) || Self.isConnector(k, in: text) { cut = k + 1 }
            if cut > mention.first {
                // The words after "of" name the office, not the person: "of State Antony Blinken".
                if Self.isConnector(cut - 1, in: text) && mention.end - cut > 2 { cut += 1 }
                if mention.end - cut > 3 {
                    cut = (cut..<mention.end).first(where: { gazetteer.contains(key: text.wordKeys[$0], in: .givenName) }) ?? mention.end - 2
                    // An editor's bracket before the given name stays with the name: "President [Joe] Biden".
                    if cut > mention.first, text.words[cut - 1] == "[" { cut -= 1 }
                }
                let nameStart = cut < mention.end && text.words[cut] == "[" ? cut + 1 : cut
                if nameStart >= mention.end || !text.isCapitalized(nameStart) {
                    dropped.insert(index)
                    continue
                }
                let roleFirst = roleStart(before: cut, in: text) ?? mention.first
                mention.role = text.text(min(roleFirst, mention.first)..<cut)
                mention.first = cut
            }
            // What is left may be an organisation or place ("Bureau of Hamas" → "Hamas").
            let rest = mention.end - mention.first == 1 ? text.wordKeys[mention.first] : nil
            if let rest, gazetteer.contains(key: rest, in: .organization) {
                mention.type = .organization
                mention.role = nil
            } else if let rest, gazetteer.contains(key: rest, in: .place), !gazetteer.contains(key: rest, in: .surname) {
                mention.type = .location
                mention.role = nil
            }
            // A role just before the name.
            if mention.type == .person, mention.role == nil,
               let start = roleStart(before: mention.first, in: text) {
                // "Chief of Hamas Politburo Ismail Haniya": the word before a lone surname, inside the
                // role but not an office word or the object of "of", is the given name.
                var roleEnd = mention.first
                let before = mention.first - 1
                if mention.end - mention.first == 1, before > start, text.isCapitalized(before),
                   !isRole(before, in: text), !Self.isConnector(before - 1, in: text),
                   !gazetteer.contains(key: text.wordKeys[before], in: .organization), !gazetteer.contains(key: text.wordKeys[before], in: .organizationWord),
                   !Self.officeWords.contains(text.words[before]) {
                    mention.first = before
                    roleEnd = before
                }
                mention.role = text.text(start..<roleEnd)
            }
            mentions[index] = mention
        }
        mentions = mentions.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }

    /// A name the tagger ran on through a role ("United States Secretary of State Antony Blinken" as
    /// one place) is split: the words before the role keep their type, the words after it are a person.
    private func splitAtRoles(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var result: [MentionCandidate] = []
        for m in mentions {
            guard m.type != .person, m.end - m.first >= 3,
                  let role = (m.first..<(m.end - 1)).first(where: { text.isCapitalized($0) && isRole($0, in: text) }) else {
                result.append(m)
                continue
            }
            var name = role + 1
            while name < m.end && (isRole(name, in: text) || Self.isConnector(name, in: text)
                                   || (Self.isConnector(name - 1, in: text) && m.end - name > 2)) { name += 1 }
            let last = text.wordKeys[m.end - 1]
            guard name < m.end, text.isCapitalized(name), !gazetteer.contains(key: last, in: .organizationWord),
                  !gazetteer.contains(key: last, in: .organization), !gazetteer.contains(key: last, in: .place) else { result.append(m); continue }
            if role > m.first { result.append(MentionCandidate(first: m.first, end: role, type: m.type)) }
            result.append(MentionCandidate(first: name, end: m.end, type: .person, role: text.text(role..<name)))
        }
        mentions = result
    }

    /// "President" "Joe" "Biden" tagged as three people next to each other are one; so are a given
    /// name an editor put in brackets and the surname after it ("[Joe] Biden").
    static func mergeAdjacentPeople(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var merged: [MentionCandidate] = []
        for m in mentions {
            if var last = merged.last, last.type == .person, m.type == .person, text.inOneSentence(last.first, m.first),
               last.end == m.first || isBracketedInsertion(last, before: m, in: text) {
                if last.end < m.first { last.first -= 1 }
                last.end = m.end
                merged[merged.count - 1] = last
            } else {
                merged.append(m)
            }
        }
        mentions = merged
    }

    /// Whether `name` is written in square brackets right before `next`, as an editor inserts a given
    /// name into a quotation: "President [Joe] Biden".
    private static func isBracketedInsertion(_ name: MentionCandidate, before next: MentionCandidate, in text: TokenizedText) -> Bool {
        name.first > 0 && name.end + 1 == next.first && text.words[name.first - 1] == "[" && text.words[name.end] == "]"
    }

    /// Whether token `k` is a small word inside a role ("of", "the", "'s").
    static func isConnector(_ k: Int, in text: TokenizedText) -> Bool { connectors.contains(text.lowercaseWords[k]) }

    private func isRole(_ k: Int, in text: TokenizedText) -> Bool { gazetteer.contains(key: text.wordKeys[k], in: .role) }

    /// The first token of a role phrase ending right before `name`, if there is one: capitalised
    /// words and connectors, at least one of them a role word, not crossing punctuation.
    private func roleStart(before name: Int, in text: TokenizedText) -> Int? {
        let sentenceStart = text.sentenceStart(of: name)
        var k = name - 1
        var start: Int?
        while k >= sentenceStart {
            if isRole(k, in: text) { start = k } else if !(text.isCapitalized(k) || Self.isConnector(k, in: text)) { break }
            if name - k > 7 { break }
            k -= 1
        }
        guard var first = start else { return nil }
        // Capitalised words before the role word belong to it ("United States Secretary …"); connectors do not start it.
        while first > sentenceStart && text.isCapitalized(first - 1) && name - first < 7 { first -= 1 }
        while first < name && Self.isConnector(first, in: text) { first += 1 }
        return first < name ? first : nil
    }
}
