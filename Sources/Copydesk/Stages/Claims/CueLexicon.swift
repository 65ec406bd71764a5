/// The words that report speech, and the words that can name a speaker.
///
/// Cues are reporting verbs in every inflection ("says", "said", "saying"), a few with a particle
/// ("called on", "pointed out"), and "according to". *Strong* cues report speech wherever they stand,
/// before or after what was said ("…, he said"); *weak* ones ("denounced", "believes", "showed")
/// only when a speaker stands before them and what was said follows.
enum CueLexicon {
    /// What a word can be as a cue.
    struct Verb: Sendable {
        /// The dictionary form ("say").
        let lemma: String
        /// Reports speech in any position.
        let isStrong: Bool
        /// The "-ing" form ("saying"), which introduces a participial attribution after a comma.
        let isParticiple: Bool
    }

    /// Strong reporting verbs, each with its irregular forms (past, participle) when it has them.
    private static let strong: [(String, [String])] = [
        ("say", ["said"]), ("tell", ["told"]), ("write", ["wrote", "written"]), ("add", []), ("note", []),
        ("state", []), ("claim", []), ("argue", []), ("insist", []), ("warn", []), ("explain", []),
        ("announce", []), ("report", []), ("assert", []), ("affirm", []), ("declare", []),
        ("acknowledge", []), ("admit", []), ("confirm", []), ("deny", []), ("suggest", []), ("stress", []),
        ("emphasize", []), ("emphasise", []), ("underline", []), ("underscore", []), ("reiterate", []),
        ("maintain", []), ("contend", []), ("allege", []), ("predict", []), ("recall", []),
        ("observe", []), ("remark", []), ("comment", []), ("respond", []), ("reply", []), ("concede", []),
        ("indicate", []), ("testify", []), ("tweet", []), ("mention", []), ("conclude", []),
        ("caution", []), ("counter", []), ("complain", []), ("boast", []), ("lament", []), ("quip", []),
        ("joke", []), ("muse", []), ("exclaim", []), ("clarify", []), ("disclose", []),
        ("reveal", []), ("vow", []), ("pledge", []), ("promise", []), ("threaten", []), ("estimate", []),
        ("ask", []), ("urge", []), ("demand", []), ("retort", []), ("speculate", []), ("continue", []),
        ("yell", []), ("shout", []), ("scream", []), ("whisper", []), ("mutter", []), ("chant", []),
    ]

    /// Weak reporting verbs: speech, thought and findings that need a subject before them.
    private static let weak: [(String, [String])] = [
        ("think", ["thought"]), ("believe", []), ("feel", ["felt"]), ("hope", []), ("fear", []),
        ("find", ["found"]), ("show", ["shown"]), ("expect", []), ("accuse", []), ("blame", []),
        ("criticize", []), ("criticise", []), ("condemn", []), ("denounce", []), ("praise", []),
        ("propose", []), ("recommend", []), ("question", []), ("wonder", []), ("doubt", []), ("attack", []),
        ("blast", []), ("slam", []), ("decry", []), ("dismiss", []), ("reject", []), ("want", []),
        ("call", []), ("cite", []), ("signal", []), ("highlight", []), ("welcome", []), ("hint", []),
        ("imply", []), ("contradict", []), ("dispute", []), ("agree", []), ("describe", []), ("defend", []),
        ("support", []), ("oppose", []), ("endorse", []), ("mock", []), ("label", []), ("characterize", []),
        ("characterise", []), ("brand", []), ("advocate", []), ("champion", []), ("tout", []),
        ("promote", []), ("forecast", []), ("calculate", []), ("recognize", []), ("recognise", []),
        ("challenge", []), ("contest", []), ("refute", []), ("rebut", []), ("discuss", []), ("raise", []),
        ("invoke", []), ("plead", []), ("appeal", []), ("worry", []), ("wish", []), ("anticipate", []),
        ("consider", []), ("know", ["knew", "known"]), ("understand", ["understood"]), ("assume", []),
        ("suspect", []), ("proclaim", []), ("unveil", []), ("publish", []), ("outline", []), ("portray", []),
        ("depict", []), ("demonstrate", []), ("prove", []), ("discover", []), ("learn", ["learnt"]),
        ("verify", []), ("confess", []), ("swear", ["swore", "sworn"]), ("recount", []), ("inform", []),
        ("assure", []), ("reassure", []), ("remind", []), ("advise", []), ("offer", []), ("plan", []),
        ("intend", []), ("seek", ["sought"]), ("push", []), ("pitch", []), ("celebrate", []),
        ("applaud", []), ("thank", []), ("apologize", []), ("apologise", []), ("refuse", []),
        ("decline", []), ("lambast", []), ("rebuke", []), ("chide", []), ("scold", []), ("ridicule", []),
        ("deride", []), ("disparage", []), ("insult", []), ("speak", ["spoke", "spoken"]), ("talk", []),
        ("rule", []),
    ]

    /// Verbs of findings, whose speaker is often a document ("a 2014 study … found", "data … show").
    static let findingVerbs: WordSet = ["find", "show", "conclude", "estimate", "indicate", "suggest", "reveal", "demonstrate"]

    /// Verbs that may stand before their speaker after what was said ("…,” said Hamdan).
    static let invertible: WordSet = [
        "say", "add", "write", "note", "explain", "state", "continue", "insist", "warn", "argue", "claim",
        "reply", "respond", "ask", "recall", "concede", "report", "declare", "announce", "acknowledge",
        "admit", "observe", "remark", "comment", "quip", "joke", "retort", "counter", "tweet", "caution",
        "stress", "emphasize", "emphasise", "affirm", "assert", "predict", "exclaim", "muse", "complain",
        "boast", "lament", "confirm", "suggest", "reiterate", "maintain", "contend", "promise",
        "yell", "shout", "scream", "whisper", "mutter", "chant", "read",
    ]

    /// Cue verbs whose past tense is their base form ("the letter *read*", "as she *put* it"): the
    /// base form is no sign of a plural subject.
    static let pastLikeBase: WordSet = ["read", "put"]

    /// Verbs that report speech only after it ("…,” she continued), never before their object.
    static let afterContentOnly: WordSet = ["continue"]

    /// Verbs whose following content needs "that", a colon, a comma or a quotation: "added that …",
    /// never "added the extra week".
    static let introducedOnly: WordSet = WordSet(["add", "write", "report", "post", "ask", "rule"]).union(loudVerbs)

    /// Verbs of the voice, which report speech only with what was said introduced ("shouted, “…”"),
    /// never before an object ("shouting profanities"), even as a participle.
    static let loudVerbs: WordSet = ["yell", "shout", "scream", "whisper", "mutter", "chant"]

    /// Verbs that are far more often another word ("the state", "state law", "twenty-seven states"):
    /// a cue only when "that", a colon or a comma follows at once ("officials stated that …").
    static let introducedAtOnce: WordSet = ["state"]

    /// Words that may stand just before a speaker phrase: a clause starts there.
    static let clauseOpeners: WordSet = [
        "and", "but", "so", "while", "as", "because", "when", "if", "although", "though", "since", "after",
        "before", "that", "yet", "until", "once", "whereas", "where", "then", "also", "now", "instead",
    ]

    /// Verbs that are cues only with their particle ("called on", "called for", "pointed out").
    static let particles: [String: Set<String>] = [
        "call": ["on", "for"], "point": ["out", "to"], "lash": ["out"], "weigh": ["in"], "refer": ["to"],
        "speak": ["of", "about", "out"], "talk": ["about", "of"], "hit": ["back", "out"], "fire": ["back"],
    ]

    /// Every cue form, lowercased.
    static let verbs: WordMap<Verb> = {
        var table = WordMap<Verb>()
        func add(_ lemma: String, _ irregular: [String], strong: Bool) {
            for form in inflections(of: lemma) + irregular {
                let participle = form.hasSuffix("ing")
                if let existing = table[form], existing.isStrong || !strong { continue }
                table.set(Verb(lemma: lemma, isStrong: strong, isParticiple: participle), for: form)
            }
        }
        for (lemma, irregular) in strong { add(lemma, irregular, strong: true) }
        for (lemma, irregular) in weak { add(lemma, irregular, strong: false) }
        for lemma in particles.keys { add(lemma, [], strong: false) }
        return table
    }()

    /// Regular inflections of a verb: base, third person, past, "-ing".
    static func inflections(of lemma: String) -> [String] {
        let consonantY = lemma.hasSuffix("y") && !"aeiou".contains(lemma.dropLast().last ?? "a")
        let third: String
        if consonantY { third = lemma.dropLast() + "ies" } else if lemma.hasSuffix("s") || lemma.hasSuffix("sh") || lemma.hasSuffix("ch") || lemma.hasSuffix("x") { third = lemma + "es" } else { third = lemma + "s" }
        let past: String
        if lemma.hasSuffix("e") { past = lemma + "d" } else if consonantY { past = lemma.dropLast() + "ied" } else { past = lemma + "ed" }
        let ing: String
        if lemma.hasSuffix("ie") { ing = lemma.dropLast(2) + "ying" } else if lemma.hasSuffix("e") && !lemma.hasSuffix("ee") { ing = lemma.dropLast() + "ing" } else { ing = lemma + "ing" }
        let doubled: [String] = ["admit", "quip", "plan"].contains(lemma) ? [lemma + String(lemma.last!) + "ed", lemma + String(lemma.last!) + "ing"] : []
        return [lemma, third, past, ing] + doubled
    }

    /// Words allowed between a speaker and a cue, and kept in the cue ("has also said").
    static let auxiliaries: WordSet = [
        "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may", "might",
        "also", "further", "later", "again", "previously", "repeatedly", "reportedly", "then", "once",
        "already", "separately", "publicly", "privately", "earlier", "recently", "often", "just", "been",
        "did", "does", "do", "should", "must", "similarly", "likewise", "flatly", "firmly", "strongly",
        "angrily", "bluntly", "openly", "frequently", "specifically", "explicitly", "clearly", "even",
        "still", "ominously", "all", "both", "long", "always", "now", "first",
    ]

    /// Whether a word negates the cue after it: "did *not* say", "*never* said", and a contraction
    /// split off ("n't") or kept whole by the tokenizer ("*haven't* said", "*didn’t* say").
    static func isNegation(_ word: String) -> Bool {
        word == "not" || word == "never" || word.hasSuffix("n't") || word.hasSuffix("n’t")
    }

    /// Whether a verb's -s form modifies the group noun after it: "the *appeals* court".
    static func modifiesGroupNoun(_ word: String, before next: String) -> Bool {
        word.hasSuffix("s") && groupNouns.contains(next)
    }

    /// Forms of "be", before a progressive cue ("is stressing that") or a stance adjective.
    static let beForms: WordSet = ["is", "are", "was", "were", "be", "been", "being", "am", "’m", "'m", "’re", "'re", "’s", "'s"]

    /// Verbs other than "be" that link a speaker to a stance adjective ("remained convinced that").
    static let copulas: WordSet = [
        "remain", "remains", "remained", "seem", "seems", "seemed", "feel", "feels", "felt", "grew", "grow",
        "grows", "became", "become", "becomes", "appear", "appears", "appeared", "came", "away",
    ]

    /// Adjectives that report a stance when "that" follows: "Democrats are afraid that …".
    static let stanceAdjectives: WordSet = [
        "afraid", "concerned", "confident", "convinced", "worried", "sure", "certain", "hopeful", "optimistic",
        "pessimistic", "adamant", "aware", "skeptical", "sceptical", "fearful", "insistent", "incensed",
        "frustrated", "angry", "upset", "pleased", "glad", "happy", "disappointed", "surprised", "alarmed",
        "satisfied", "persuaded", "positive", "unaware", "unconvinced", "proud", "outraged", "furious",
        "thankful", "grateful", "anxious", "nervous", "doubtful",
    ]

    /// Words that end a speaker phrase to their left: a clause or a list starts there.
    static let clauseWords: WordSet = [
        "that", "and", "but", "which", "whom", "whose", "when", "while", "as", "because", "if",
        "although", "though", "where", "since", "after", "before", "so", "or", "nor", "than", "until",
        "unless", "whether", "what", "how", "why", "not", "to", "be", "being", "about", "by", "however",
    ]

    /// Determiners and quantifiers that may open a speaker phrase.
    static let determiners: WordSet = [
        "the", "a", "an", "this", "these", "those", "another", "some", "many", "several", "most", "other",
        "his", "her", "its", "their", "our", "my", "two", "three", "four", "five", "one", "both", "each", "few",
        "numerous", "various", "no", "any", "more", "top", "all",
    ]

    /// Prepositions allowed inside a speaker phrase ("the representative of Hamas in Iran").
    static let innerPrepositions: WordSet = ["of", "for", "in", "at", "from", "with", "on"]

    /// Pronouns that can be a speaker, with the kind of antecedent they take.
    static let pronouns: WordMap<PronounKind> = [
        "he": .male, "she": .female, "they": .plural, "it": .neuter, "we": .firstPerson, "i": .firstPerson,
        "who": .relative,
    ]

    /// What a pronoun points back to.
    enum PronounKind: Sendable { case male, female, plural, neuter, firstPerson, relative }

    /// Nouns for people in a role: the head of a speaker phrase such as "the Hamas official".
    static let personNouns: WordSet = [
        "official", "spokesman", "spokeswoman", "spokesperson", "leader", "minister", "president",
        "representative", "source", "aide", "adviser", "advisor", "analyst", "expert", "officer",
        "commander", "chief", "head", "director", "secretary", "ambassador", "envoy", "diplomat", "lawmaker",
        "legislator", "senator", "congressman", "congresswoman", "governor", "mayor", "candidate", "nominee",
        "chairman", "chairwoman", "chair", "member", "politician", "activist", "witness", "resident",
        "doctor", "physician", "nurse", "professor", "researcher", "scientist", "economist", "strategist",
        "pollster", "lawyer", "attorney", "prosecutor", "judge", "investigator", "negotiator", "mediator",
        "militant", "fighter", "soldier", "general", "colonel", "captain", "correspondent", "reporter",
        "journalist", "editor", "columnist", "author", "writer", "critic", "supporter", "opponent", "voter",
        "founder", "owner", "executive", "manager", "operative", "staffer", "campaigner", "organizer",
        "organiser", "man", "woman", "person", "mother", "father", "son", "daughter", "wife", "husband",
        "victim", "survivor", "student", "teacher", "worker", "employee", "businessman", "businesswoman",
        "entrepreneur", "observer", "insider", "ally", "rival", "challenger", "incumbent", "counterpart",
        "premier", "king", "queen", "prince", "cleric", "imam", "priest", "bishop", "pope", "rabbi",
        "historian", "democrat", "republican", "conservative", "liberal", "progressive", "surrogate",
        "coordinator", "commissioner", "inspector", "agent", "detective", "sheriff", "trooper", "paramedic",
        "rescuer", "farmer", "vice", "deputy", "speaker", "whip", "staff", "everyone", "somebody", "someone",
        "nobody", "people", "residents", "officials", "sources", "authorities", "police", "lawmakers",
        "critics", "experts", "analysts", "witnesses", "aides", "advisers", "officers", "leaders",
        "democrats", "republicans", "supporters", "opponents", "voters", "activists", "doctors", "medics",
        "rescuers", "protesters", "demonstrators", "organizers", "negotiators", "mediators", "diplomats",
        "investigators", "prosecutors", "scientists", "researchers", "economists", "observers", "others",
        "families", "relatives", "survivors", "fighters", "militants", "soldiers", "troops", "members",
        "candidates", "senators", "governors", "mayors", "ministers", "executives", "insiders", "allies",
        "conservatives", "liberals", "progressives",
        // More roles news writing names its sources by.
        "narrator", "host", "anchor", "moderator", "commentator", "pundit", "blogger", "publisher", "producer",
        "engineer", "developer", "investor", "banker", "lobbyist", "consultant", "scholar", "fellow",
        "chancellor", "councilman", "councilwoman", "councillor", "councilor", "delegate", "trustee",
        "treasurer", "comptroller", "auditor", "clerk", "regulator", "administrator", "superintendent",
        "principal", "coach", "player", "athlete", "actor", "actress", "singer", "musician", "artist",
        "comedian", "filmmaker", "pastor", "reverend", "preacher", "firefighter", "pilot", "driver",
        "landlord", "tenant", "shopkeeper", "vendor", "merchant", "neighbor", "neighbour", "friend",
        "colleague", "partner", "cofounder", "co-founder", "chairperson", "counsel", "solicitor", "barrister",
        "defendant", "plaintiff", "suspect", "accuser", "juror", "magistrate", "surgeon", "psychologist",
        "psychiatrist", "epidemiologist", "meteorologist", "forecaster", "statistician", "sociologist",
        "veteran", "retiree", "immigrant", "refugee", "migrant", "parent", "widow", "widower", "teenager",
        "consul", "nun", "monk", "sergeant", "lieutenant", "major", "admiral", "marshal",
    ]

    /// Nouns for groups that act as one speaker: "the resistance group", "the ministry".
    static let groupNouns: WordSet = [
        "group", "percent", "movement", "organization", "organisation", "party", "ministry", "government",
        "administration", "agency", "army", "military", "company", "firm", "campaign", "committee",
        "council", "office", "department", "court", "union", "association", "coalition", "alliance",
        "authority", "regime", "parliament", "congress", "senate", "house", "bureau", "commission",
        "board", "network", "newspaper", "station", "outlet", "force", "forces", "faction", "team",
        "side", "state", "country", "nation", "embassy", "mission", "institute", "center", "centre",
        "foundation", "charity", "federation", "cabinet", "police", "service", "body", "bank", "fund",
        "groups", "organizations", "agencies", "governments", "companies", "parties", "countries",
        "family", "city", "county", "district", "school", "university", "college", "hospital", "church",
        "league", "club", "museum", "airline", "studio", "publisher", "network", "panel", "jury", "tribunal",
    ]

    /// Nouns for documents and findings that can be a claim's source: "the statement", "a poll".
    static let documentNouns: WordSet = [
        "statement", "report", "study", "poll", "survey", "letter", "memo", "filing", "document",
        "analysis", "review", "investigation", "data", "figures", "record", "records", "release",
        "communique", "communiqué", "announcement", "complaint", "lawsuit", "suit", "indictment",
        "ruling", "decision", "order", "resolution", "research", "paper", "article", "video", "ad",
        "advertisement", "post", "tweet", "message", "website", "site", "account", "findings", "reports",
        "polls", "surveys", "studies", "documents", "estimates", "statistics", "book", "interview",
        "testimony", "transcript", "declaration", "bill", "law", "proposal", "plan", "platform",
        "average", "averages", "slide", "slides", "footage", "evidence", "audit", "chart", "census", "tally",
    ]

    /// Every person noun with its plural forms ("attorneys", "spokesmen", "secretaries").
    static let personNounForms: WordSet = {
        var forms = personNouns
        for noun in personNouns {
            forms.insert(noun + "s")
            if noun.hasSuffix("y") { forms.insert(noun.dropLast() + "ies") }
            if noun.hasSuffix("man") { forms.insert(noun.dropLast(3) + "men") }
        }
        return forms
    }()

    /// Adjectives common inside speaker phrases ("a senior official", "an unnamed source").
    static let speakerAdjectives: WordSet = [
        "senior", "former", "top", "chief", "local", "foreign", "anonymous", "unnamed", "federal",
        "military", "political", "independent", "official", "prime", "general", "deputy", "vice", "acting",
        "interim", "high-ranking", "ranking", "leading", "prominent", "longtime", "veteran", "new",
        "outgoing", "incoming", "then", "current", "assistant", "associate", "executive", "press",
        "campaign", "national", "international", "regional", "state", "city", "county", "white",
        "resistance", "health", "security", "defense", "defence", "interior", "finance", "justice", "human",
        "rights", "election", "intelligence", "police", "medical", "palestinian", "israeli", "american",
        "democratic", "republican", "conservative", "liberal", "progressive", "many", "some", "other",
        "certain", "administration", "government", "party", "house", "senate", "congressional",
        "presidential", "gubernatorial", "civil", "public", "private", "aid", "relief", "rescue", "legal",
        "news", "media", "economic",
    ]

    /// Discourse words that open a sentence without being what was said ("However, he added, …").
    static let openers: WordSet = [
        "however", "meanwhile", "but", "and", "yet", "still", "moreover", "furthermore", "also",
        "instead", "nevertheless", "nonetheless", "indeed", "separately", "elsewhere", "later",
        "earlier", "now", "then", "so", "thus", "therefore", "in", "on", "at", "for", "this", "that",
        "here", "today", "yesterday", "again", "further", "finally", "first", "second", "third",
        "otherwise", "similarly", "likewise", "additionally", "besides", "specifically", "importantly",
    ]

    /// Verbs that are cues only in an idiom: a document that reads ("the letter read: …"), "as X put it".
    static let idiomVerbs: WordSet = ["read", "reads", "put", "puts"]

    /// Verbs that carry an infinitive cue: "he *appeared* to suggest", "she *continued* to insist".
    static let raisingVerbs: WordSet = [
        "appeared", "appears", "appear", "seemed", "seems", "seem", "continued", "continues", "continue",
        "proceeded", "sought", "seeks", "tried", "tries", "rushed", "hastened", "moved", "used",
    ]

    /// Lowercase -ly words that are nouns, not adverbs: "the *family* said", "the *weekly* reported".
    static let lyNouns: WordSet = [
        "family", "ally", "assembly", "rally", "supply", "monopoly", "anomaly", "bully", "folly", "belly",
        "daily", "weekly", "monthly", "quarterly", "fortnightly", "homily", "reply", "butterfly", "july",
    ]

    /// Auxiliaries and copulas that start a clause's predicate.
    static let clauseVerbs: WordSet = [
        "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may", "might",
        "did", "does", "do", "should", "must", "that", "to",
    ]

    /// Words after a comma that turn from what was said to the writer's own qualification.
    static let concessives: WordSet = ["although", "though", "whereas", "despite", "yet", "but", "while"]

    /// Verbs whose object is a person before the clause: "told the court that", "warned Israel that".
    static let personObjectVerbs: WordSet = [
        "tell", "warn", "assure", "remind", "inform", "convince", "persuade", "notify", "advise", "caution",
        "promise", "reassure", "urge", "ask", "show", "teach", "write",
    ]
}
