import CopydeskCore

/// Finds a document's entities: the statistical tagger for people, organisations, places and other
/// names, rules for roles, acronyms, storms, addresses, dates and quantities, then grouping into entities.
public struct EntityRecognizer: Sendable {
    let tagger: EntityTagger

    /// Creates a recognizer on a model.
    public init(model: EntityModel) {
        tagger = EntityTagger(model: model)
    }

    /// The entities of a cleaned text and its segmentation.
    public func entities(in text: String, segmentation: Segmentation) -> [Entity] {
        guard !segmentation.tokens.isEmpty else { return [] }
        return entities(in: TokenizedText(text: text, segmentation: segmentation))
    }

    /// The entities of a text's token view.
    func entities(in tokens: TokenizedText) -> [Entity] {
        guard !tokens.tokens.isEmpty else { return [] }
        var names: [MentionCandidate] = []
        let gazetteer = tagger.model.gazetteer
        var history = LabelHistory()
        for sentence in tokens.sentences {
            let labels = tagger.tag(tokens.words[sentence], firstScalars: tokens.firstScalars[sentence], history: &history)
            names += Self.mentions(from: labels, offset: sentence.lowerBound)
        }
        OrganizationNameRule(gazetteer: gazetteer).apply(&names, in: tokens)
        NameAfterRoleRule(gazetteer: gazetteer).apply(&names, in: tokens)
        RoleRule.mergeAdjacentPeople(&names, in: tokens)
        AcronymRule().apply(&names, in: tokens)
        Self.addRepeats(of: &names, in: tokens)
        RoleRule.mergeAdjacentPeople(&names, in: tokens)
        EntityResolver.retypeSurnames(&names, in: tokens, gazetteer: gazetteer)
        RoleRule(gazetteer: gazetteer).apply(&names, in: tokens)
        StormNameRule(gazetteer: gazetteer).apply(&names, in: tokens)
        // A name starts with a letter or digit, never with a bracket or a quote mark, unless it is an
        // editor's bracketed given name ("[Joe] Biden").
        names.removeAll { !tokens.words[$0.first].startsWithLetterOrDigit && !(tokens.words[$0.first] == "[" && $0.end - $0.first > 3) }
        IdeologyRule.apply(&names, in: tokens)
        OperationNameRule.apply(&names, in: tokens)
        ListedPlaceRule(gazetteer: gazetteer).apply(&names, in: tokens)
        ListedAcronymRule(gazetteer: gazetteer).apply(&names, in: tokens)
        AddressRule().apply(&names, in: tokens)
        NationalityRule(gazetteer: gazetteer).apply(&names, in: tokens)
        ResultsLineRule.apply(&names, in: tokens)
        DatelineRule.apply(&names, in: tokens, gazetteer: gazetteer)
        CapitalsRepeatRule.apply(&names, in: tokens)
        let dates = DateRule().mentions(in: tokens)
        names.removeAll { name in dates.contains { $0.overlaps(name) } }
        let quantities = QuantityRule(gazetteer: gazetteer).mentions(in: tokens, excluding: dates)
        let all = (names + dates + quantities).sorted { ($0.first, $1.end) < ($1.first, $0.end) }
        return EntityResolver().entities(from: all, in: tokens)
    }

    /// BIO labels to mentions (an inside label after another type starts a mention, as conlleval reads it).
    static func mentions(from labels: [EntityLabel], offset: Int) -> [MentionCandidate] {
        var found: [MentionCandidate] = []
        var open: (start: Int, type: Int)?
        let types: [EntityType] = [.person, .organization, .location, .miscellaneous]
        func close(at end: Int) {
            if let o = open { found.append(MentionCandidate(first: offset + o.start, end: offset + end, type: types[o.type])) }
            open = nil
        }
        for (i, label) in labels.enumerated() {
            guard let type = label.typeIndex else { close(at: i); continue }
            if label.isBegin || open?.type != type {
                close(at: i)
                open = (i, type)
            }
        }
        close(at: labels.count)
        return found
    }

    /// Names the tagger found once, found again where it missed them: the same words, capitalised
    /// as before, outside any other mention ("Haniya" after "Ismail Haniya").
    static func addRepeats(of mentions: inout [MentionCandidate], in text: TokenizedText) {
        // Phrases by a hash of their words, so each window is hashed once, not copied and rehashed.
        func wordHash(_ t: Int) -> UInt64 { FeatureHash.of(text.words[t].unicodeScalars) }
        func phraseHash(_ tokens: Range<Int>) -> UInt64 { tokens.reduce(0) { FeatureHash.extend($0, with: wordHash($1)) } }
        var phrases: [UInt64: EntityType] = [:]
        var firstWords = WordSet()
        var longest = 0
        func add(_ tokens: Range<Int>, as type: EntityType) {
            let key = phraseHash(tokens)
            phrases[key] = phrases[key] ?? type
            firstWords.insert(text.words[tokens.lowerBound])
            longest = max(longest, tokens.count)
        }
        for m in mentions where m.end - m.first <= 6 {
            guard text.isCapitalized(m.first) else { continue }
            add(m.first..<m.end, as: m.type)
            if m.type == .person, m.end - m.first >= 2, text.words[m.end - 1].count >= 3, text.isCapitalized(m.end - 1) {
                add(m.end - 1..<m.end, as: .person)
            }
        }
        guard !phrases.isEmpty else { return }
        let covered = MentionCandidate.coverage(of: mentions, tokenCount: text.words.count)
        var added: [MentionCandidate] = []
        var windows: [UInt64] = []
        var i = 0
        while i < text.words.count {
            guard !covered[i], text.isCapitalized(i), firstWords.contains(text.words[i]) else { i += 1; continue }
            // The hashes of the windows starting here, by length; the longest known one wins.
            windows.removeAll(keepingCapacity: true)
            for k in i..<min(i + longest, text.words.count) {
                windows.append(FeatureHash.extend(windows.last ?? 0, with: wordHash(k)))
            }
            var matched = 0
            var length = windows.count
            while length > 0 {
                if !covered[i..<(i + length)].contains(true), let type = phrases[windows[length - 1]] {
                    added.append(MentionCandidate(first: i, end: i + length, type: type))
                    matched = length
                    break
                }
                length -= 1
            }
            i += max(matched, 1)
        }
        mentions += added
        mentions.sort { $0.first < $1.first }
    }
}
