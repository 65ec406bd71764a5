import CopydeskCore

/// Turns attributions into claims, resolving each speaker to an entity of the document where the
/// text allows: a name in the attribution (explicit), a pronoun (the most recent compatible speaker
/// or person), a role or group noun (the running speaker of that kind, or the one named next), the
/// running speaker for a quotation standing alone (context). A phrase nothing resolves is kept as
/// written; a statement with no source keeps no speaker.
struct SpeakerResolver {
    let text: ClaimText
    let entities: [Entity]
    /// For each token, the index in ``entities`` of the entity one of whose mentions covers it, or -1.
    private let entityAt: [Int]
    private let phrases: SpeakerPhrase

    /// How far back (in paragraphs) a running speaker or a pronoun's antecedent may be.
    private static let reach = 3

    init(text: ClaimText, entities: [Entity]) {
        self.text = text
        self.entities = entities
        var owner = [Int](repeating: -1, count: text.count)
        let starts = text.tokens.tokens.map(\.start)
        for (index, entity) in entities.enumerated() where entity.type != .date && entity.type != .quantity {
            for mention in entity.mentions {
                var t = starts.insertionIndex(of: mention.start)
                while t < starts.count, text.tokens.tokens[t].end <= mention.end {
                    owner[t] = index
                    t += 1
                }
            }
        }
        entityAt = owner
        phrases = SpeakerPhrase(text: text)
    }


    /// A resolved speaker with where its attribution stands.
    private struct Said {
        var speaker: Speaker
        var type: EntityType?
        var isPerson: Bool
        var position: Int

        /// The same speaker, found again at `position` through `mention` ("he", "the Hamas official").
        func restated(as resolution: SpeakerResolution, mention: Mention?, at position: Int) -> Said {
            var said = self
            said.speaker.mention = mention
            said.speaker.resolution = resolution
            said.position = position
            return said
        }
    }

    /// The claims of `attributions`, numbered in order.
    func claims(from attributions: [Attribution]) -> [Claim] {
        var history: [Said] = []
        var claims: [Claim] = []
        // Explicitly named people, for a role noun that comes before the name ("The representative … says").
        let namedPeople: [(position: Int, entity: Int)] = attributions.compactMap { attribution in
            guard case .phrase(let phrase) = attribution.source,
                  let entity = phrase.reversed().first(where: { entityAt[$0] >= 0 && entities[entityAt[$0]].type == .person }).map({ entityAt[$0] })
            else { return nil }
            return (phrase.lowerBound, entity)
        }
        for attribution in attributions {
            let position = attribution.cue?.lowerBound ?? attribution.content.lowerBound
            var speaker: Said?
            switch attribution.source {
            case .phrase(let phrase):
                speaker = resolve(phrase, history: history, namedPeople: namedPeople)
            case .subject(let sentenceStart):
                if let previous = history.last, previous.position >= sentenceStart {
                    speaker = previous
                } else if let subject = subject(ofSentenceAt: sentenceStart, before: position) {
                    speaker = resolve(subject, history: history, namedPeople: namedPeople)
                }
            case .running:
                if let previous = history.last, text.paragraphOf[previous.position] + Self.reach > text.paragraphOf[position] {
                    // The mention that named the running speaker last, so a reader can see whose it is.
                    speaker = previous.restated(as: .context, mention: previous.speaker.mention, at: position)
                }
            case .none:
                speaker = nil
            }
            if var said = speaker {
                said.position = position
                history.append(said)
            }
            let content = text.span(attribution.content)
            claims.append(Claim(
                id: "C\(claims.count + 1)", kind: attribution.kind,
                content: Mention(start: content.start, end: content.end, text: text.tokens.text(attribution.content)),
                speaker: speaker?.speaker,
                cue: attribution.cue.map { cue in
                    let span = text.span(cue)
                    return Mention(start: span.start, end: span.end, text: text.tokens.text(cue))
                }))
        }
        return claims
    }

    // MARK: Resolving a phrase

    private func resolve(_ phrase: Range<Int>, history: [Said], namedPeople: [(position: Int, entity: Int)]) -> Said {
        let written = text.tokens.text(phrase)
        let span = text.span(phrase)
        let mention = Mention(start: span.start, end: span.end, text: written)
        func said(_ entity: Int?, _ resolution: SpeakerResolution, person: Bool) -> Said {
            if let entity {
                let e = entities[entity]
                return Said(speaker: Speaker(name: e.name, entity: e.id, mention: mention, resolution: resolution),
                            type: e.type, isPerson: e.type == .person, position: phrase.lowerBound)
            }
            return Said(speaker: Speaker(name: written, entity: nil, mention: mention, resolution: resolution),
                        type: nil, isPerson: person, position: phrase.lowerBound)
        }
        let paragraph = text.paragraphOf[phrase.lowerBound]
        let recent = history.suffix(12).reversed().filter { text.paragraphOf[$0.position] + Self.reach > paragraph }

        // A pronoun: the most recent compatible speaker, else the most recent such name.
        if phrase.count == 1, let kind = CueLexicon.pronouns[text.lower[phrase.lowerBound]] {
            switch kind {
            case .male, .female:
                if let previous = recent.first(where: \.isPerson) {
                    return previous.restated(as: .pronoun, mention: mention, at: phrase.lowerBound)
                }
                return said(lastEntity(before: phrase.lowerBound, where: { $0 == .person }), .pronoun, person: true)
            case .plural, .neuter:
                if let previous = recent.first(where: { !$0.isPerson && ($0.type == .organization || $0.type == .location || $0.speaker.entity == nil) }),
                   previous.speaker.resolution != .pronoun || previous.speaker.entity != nil {
                    return previous.restated(as: .pronoun, mention: mention, at: phrase.lowerBound)
                }
                return said(kind == .neuter ? lastEntity(before: phrase.lowerBound, where: { $0 == .organization }) : nil, .pronoun, person: false)
            case .relative:
                // "Bill Clinton, who said": the name just before (and its comma), else kept as written.
                var named = phrase.lowerBound - 1
                if named >= 0, text.lower[named] == "," { named -= 1 }
                if named >= text.paragraphs[paragraph].lowerBound, entityAt[named] >= 0 {
                    return said(entityAt[named], .pronoun, person: entities[entityAt[named]].type == .person)
                }
                return said(nil, .pronoun, person: true)
            case .firstPerson:
                return said(nil, .pronoun, person: true)
            }
        }

        // A name in the phrase: the last person named ("Hamas spokesman Osama Hamdan"), else the name
        // the phrase ends on ("the White House", "Hamas’s").
        if let person = phrase.reversed().first(where: { entityAt[$0] >= 0 && entities[entityAt[$0]].type == .person }) {
            return said(entityAt[person], .explicit, person: true)
        }
        let head = headToken(of: phrase)
        let headWord = text.lower[head]
        if entityAt[head] >= 0 { return said(entityAt[head], .explicit, person: false) }

        let opener = text.lower[phrase.lowerBound]
        let indefinite = ["a", "an", "another", "one", "some", "several", "many", "two", "three", "four", "five", "other", "others", "numerous", "various"].contains(opener)
        let plural = headWord.hasSuffix("s") && !headWord.hasSuffix("ss") && !text.kinds[head].contains(.groupNoun)
            || headWord.hasSuffix("men") || Self.collectiveNouns.contains(headWord)
        if text.kinds[head].contains(.personNoun) {
            // "my father", "his wife": a relative of someone, not the running speaker.
            if ["my", "our", "your"].contains(opener) || ["his", "her", "their"].contains(opener) && Self.kinNouns.contains(headWord) {
                return said(nil, .nominal, person: true)
            }
            // A news lede introduces its source by role and names them after: "A senior official of
            // Hamas says …" then "… Osama Hamdan said".
            if indefinite, !plural, opener == "a" || opener == "an", paragraph <= 3, !history.contains(where: \.isPerson),
               let next = namedPeople.first(where: { $0.position > phrase.upperBound && text.paragraphOf[$0.position] <= paragraph + 2 }) {
                return said(next.entity, .nominal, person: true)
            }
            guard !indefinite, !plural else { return said(nil, .nominal, person: !plural) }
            if let previous = recent.first(where: { $0.isPerson && $0.speaker.entity != nil }) {
                return previous.restated(as: .nominal, mention: mention, at: phrase.lowerBound)
            }
            if history.isEmpty || !history.contains(where: \.isPerson), let next = namedPeople.first(where: { $0.position > phrase.upperBound }) {
                return said(next.entity, .nominal, person: true)
            }
            return said(nil, .nominal, person: true)
        }
        if text.kinds[head].contains(.groupNoun) {
            if let named = phrase.first(where: { entityAt[$0] >= 0 && entities[entityAt[$0]].type == .organization }) {
                return said(entityAt[named], .nominal, person: false)
            }
            guard !indefinite else { return said(nil, .nominal, person: false) }
            // "the group", "the agency" stand for the organisation named before; "the army", "the
            // police", "the government" are institutions of their own unless that organisation's name
            // says it is one ("the Health Ministry" … "the ministry said"): "Hamas issued a statement.
            // The army told reporters …" is not Hamas speaking.
            let standsFor = { (name: String?) -> Bool in
                guard let name else { return false }
                return !Self.institutionNouns.contains(headWord)
                    || name.lowercased().split(separator: " ").contains { $0 == headWord || $0 + "s" == headWord }
            }
            if let previous = recent.first(where: { $0.type == .organization }), standsFor(previous.speaker.name) {
                return previous.restated(as: .nominal, mention: mention, at: phrase.lowerBound)
            }
            let earlier = lastEntity(before: phrase.lowerBound, where: { $0 == .organization })
            return said(standsFor(earlier.map { entities[$0].name }) ? earlier : nil, .nominal, person: false)
        }
        if text.kinds[head].contains(.documentNoun) {
            if let owner = phrase.first(where: { entityAt[$0] >= 0 && text.lower.indices.contains($0 + 1) && (text.lower[$0 + 1] == "’s" || text.lower[$0 + 1] == "'s") }) {
                return said(entityAt[owner], .nominal, person: false)
            }
            // "the statement said": its issuer, named where the statement was introduced ("Hamas issued
            // a statement").
            if !indefinite, let issuer = issuer(of: headWord, before: phrase.lowerBound) {
                return said(issuer, .nominal, person: entities[issuer].type == .person)
            }
            return said(nil, .nominal, person: false)
        }
        // A name the entity stage missed.
        return said(nil, .explicit, person: false)
    }

    /// Group nouns for institutions of a state that speak for themselves: such a noun stands for the
    /// organisation named before it only when that organisation's name holds the noun.
    private static let institutionNouns: WordSet = [
        "army", "military", "police", "forces", "government", "parliament", "cabinet", "ministry",
    ]

    /// Verbs that introduce a document and its issuer: "Hamas issued a statement".
    private static let issuingVerbs: WordSet = [
        "issued", "released", "published", "put", "posted", "sent", "wrote", "signed", "filed", "presented", "unveiled",
        "distributed", "circulated", "shared", "announced", "produced",
    ]

    /// The organisation or person that issued the document `noun` names: the first such name before an
    /// issuing verb in the last earlier sentence (within reach) that mentions the same noun.
    private func issuer(of noun: String, before position: Int) -> Int? {
        let floor = text.paragraphs[max(0, text.paragraphOf[max(0, min(position, text.count - 1))] - Self.reach + 1)].lowerBound
        var t = position - 1
        while t >= floor {
            defer { t -= 1 }
            guard text.lower[t] == noun, text.quoteAt[t] < 0 else { continue }
            // The sentence start: back to the previous full stop or the paragraph's start.
            var start = t
            while start > floor, ![".", "!", "?"].contains(text.lower[start - 1]), text.paragraphOf[start - 1] == text.paragraphOf[t] { start -= 1 }
            guard (start..<t).contains(where: { Self.issuingVerbs.contains(text.lower[$0]) }) else { continue }
            return (start..<t).first { entityAt[$0] >= 0 && [.organization, .person].contains(entities[entityAt[$0]].type) }
                .map { entityAt[$0] }
        }
        return nil
    }

    /// Person nouns that are plural without an -s ("police said"): never a "he" or a "she".
    private static let collectiveNouns: WordSet = ["police", "people", "staff", "everyone", "nobody", "troops", "clergy"]

    /// Nouns of kinship, whose speaker is a relative of the one named before ("his wife said").
    private static let kinNouns: WordSet = [
        "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "parents", "children",
        "grandmother", "grandfather", "uncle", "aunt", "cousin", "widow", "nephew", "niece", "fiancée", "fiance",
    ]

    /// The phrase's head: its last token before an inner preposition ("the representative of Hamas").
    private func headToken(of phrase: Range<Int>) -> Int {
        var head = phrase.upperBound - 1
        for t in phrase where t > phrase.lowerBound && text.kinds[t].contains(.innerPreposition) && !text.isCapitalized[t] {
            head = t - 1
            break
        }
        while head > phrase.lowerBound, text.lower[head] == "’s" || text.lower[head] == "'s" { head -= 1 }
        return head
    }

    private func lastEntity(before position: Int, where accept: (EntityType) -> Bool) -> Int? {
        var t = position - 1
        let floor = text.paragraphs[max(0, text.paragraphOf[max(0, min(position, text.count - 1))] - Self.reach + 1)].lowerBound
        while t >= floor {
            // A name inside a quotation is the speaker's word, not an antecedent outside it.
            // (A mark never closed may be a stray one.)
            if entityAt[t] >= 0, text.quoteAt[t] < 0 || text.quotes[text.quoteAt[t]].close == nil, accept(entities[entityAt[t]].type) { return entityAt[t] }
            t -= 1
        }
        return nil
    }

    /// The subject of a sentence's main clause: the first speaker phrase followed by a verb, at the
    /// sentence start or after one of its first commas ("Speaking on Friday, Khaled Qaddoumi pointed …").
    private func subject(ofSentenceAt start: Int, before limit: Int) -> Range<Int>? {
        var candidates = [start]
        var t = start
        while t < limit && candidates.count < 3 {
            if text.lower[t] == "," { candidates.append(t + 1) }
            t += 1
        }
        for candidate in candidates where candidate < limit {
            guard let phrase = phrases.after(candidate, limit: limit) else { continue }
            var next = phrase.upperBound
            while next < limit, text.kinds[next].contains(.auxiliary) { next += 1 }
            if next < limit, text.isWord[next], !text.isCapitalized[next] { return phrase }
            // "Donald Trump, her Republican opponent, bemoaned …": a subject set off by commas.
            if candidate == start, next < limit, text.lower[next] == ",",
               text.isCapitalized[phrase.upperBound - 1] || !text.kinds[phrase.upperBound - 1].isDisjoint(with: .speakerNoun) { return phrase }
        }
        return nil
    }
}
