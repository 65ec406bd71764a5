/// The lexicons a lowercased word belongs to, as bits: the claim rules test a token's kinds instead of
/// looking the word up in each lexicon (a hash per look-up), since most tokens are tested many times.
struct WordKinds: OptionSet, Sendable {
    let rawValue: UInt32

    static let verb = WordKinds(rawValue: 1 << 0)
    static let determiner = WordKinds(rawValue: 1 << 1)
    static let auxiliary = WordKinds(rawValue: 1 << 2)
    static let beForm = WordKinds(rawValue: 1 << 3)
    static let copula = WordKinds(rawValue: 1 << 4)
    static let stanceAdjective = WordKinds(rawValue: 1 << 5)
    static let clauseWord = WordKinds(rawValue: 1 << 6)
    static let innerPreposition = WordKinds(rawValue: 1 << 7)
    static let opener = WordKinds(rawValue: 1 << 8)
    static let clauseOpener = WordKinds(rawValue: 1 << 9)
    static let documentNoun = WordKinds(rawValue: 1 << 10)
    static let speakerAdjective = WordKinds(rawValue: 1 << 11)
    static let calendarWord = WordKinds(rawValue: 1 << 12)
    static let concessive = WordKinds(rawValue: 1 << 13)
    static let clauseVerb = WordKinds(rawValue: 1 << 14)
    static let pronoun = WordKinds(rawValue: 1 << 15)
    static let personNoun = WordKinds(rawValue: 1 << 16)
    static let groupNoun = WordKinds(rawValue: 1 << 17)
    /// "read" and "put", cues only in idioms ("the letter read", "as she put it").
    static let idiomVerb = WordKinds(rawValue: 1 << 18)
    /// Marks that end a clause: ",", ";", ":", dashes, brackets.
    static let clausePunctuation = WordKinds(rawValue: 1 << 19)
    /// Marks that end what was said: ";" and dashes.
    static let contentBreak = WordKinds(rawValue: 1 << 20)
    /// Dashes, which set off a description.
    static let dash = WordKinds(rawValue: 1 << 21)
    /// Marks an aside between an attribution and a quotation's second part does not cross.
    static let asideBreak = WordKinds(rawValue: 1 << 22)
    /// Punctuation trimmed from the end of what was said.
    static let trailingPunctuation = WordKinds(rawValue: 1 << 23)
    /// Punctuation skipped between a cue and what was said.
    static let leadingPunctuation = WordKinds(rawValue: 1 << 24)
    /// Marks that end the search for a "that" after a cue.
    static let clauseEnd = WordKinds(rawValue: 1 << 25)

    /// A word that can head a speaker phrase: a person, a group or a document.
    static let speakerNoun: WordKinds = [.personNoun, .groupNoun, .documentNoun]

    /// Every lexicon word with its kinds.
    static let table: WordMap<WordKinds> = {
        var table = WordMap<WordKinds>()
        func add<S: Sequence>(_ words: S, _ kind: WordKinds) where S.Element == String {
            for word in words { table.set((table[word] ?? []).union(kind), for: word) }
        }
        add(CueLexicon.verbs.keys, .verb)
        add(CueLexicon.determiners, .determiner)
        add(CueLexicon.auxiliaries, .auxiliary)
        add(CueLexicon.beForms, .beForm)
        add(CueLexicon.copulas, .copula)
        add(CueLexicon.stanceAdjectives, .stanceAdjective)
        add(CueLexicon.clauseWords, .clauseWord)
        add(CueLexicon.innerPrepositions, .innerPreposition)
        add(CueLexicon.openers, .opener)
        add(CueLexicon.clauseOpeners, .clauseOpener)
        add(CueLexicon.documentNouns, .documentNoun)
        add(CueLexicon.speakerAdjectives, .speakerAdjective)
        add(SpeakerPhrase.calendarWords, .calendarWord)
        add(CueLexicon.concessives, .concessive)
        add(CueLexicon.clauseVerbs, .clauseVerb)
        add(CueLexicon.pronouns.keys, .pronoun)
        add(CueLexicon.personNounForms, .personNoun)
        add(CueLexicon.groupNouns, .groupNoun)
        add(CueLexicon.idiomVerbs, .idiomVerb)
        // Punctuation classes: dashes, then each of the next three holds the one before it and more.
        let dashes = ["--", "—", "–"]
        add(dashes, .dash)
        add(dashes + [";"], .contentBreak)
        add(dashes + [";", ":", "(", ")"], .asideBreak)
        add(dashes + [";", ":", "(", ")", ",", "-"], .clausePunctuation)
        add([".", ",", ";", ":", "!", "?", "—", "–", "-", "..."], .trailingPunctuation)
        add([",", ":", "—", "–"], .leadingPunctuation)
        add([",", ";", ".", "“", "\""], .clauseEnd)
        return table
    }()
}
