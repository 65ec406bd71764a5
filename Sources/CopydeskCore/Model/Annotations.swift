/// A half-open range `[start, end)` of Unicode code points in a document's text.
public struct TextSpan: Sendable, Equatable, Hashable {
    /// First code point.
    public var start: Int
    /// One past the last code point.
    public var end: Int

    /// Creates a span.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The number of code points covered.
    public var length: Int { end - start }
}

/// A span together with the text it covers, as the output writes mentions, claim contents and cues.
public struct Mention: Sendable, Equatable {
    /// First code point.
    public var start: Int
    /// One past the last code point.
    public var end: Int
    /// The covered text, exactly `text[start..<end]`.
    public var text: String
    /// For a person's mention, the title or role written before the name ("Prime Minister",
    /// "Chief of Hamas Politburo"); `nil` otherwise.
    public var role: String?

    /// Creates a mention.
    public init(start: Int, end: Int, text: String, role: String? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.role = role
    }
}

/// Entity types of the output schema.
public enum EntityType: String, Sendable, Equatable, CaseIterable {
    /// A person.
    case person = "PERSON"
    /// An organisation.
    case organization = "ORG"
    /// A place.
    case location = "LOCATION"
    /// Nationalities, events, works and other names.
    case miscellaneous = "MISC"
    /// A date or time expression.
    case date = "DATE"
    /// A number with what it counts.
    case quantity = "QUANTITY"
}

/// One entity of a document with all its mentions.
public struct Entity: Sendable, Equatable {
    /// Document-local id (`E1`, `E2`, …).
    public var id: String
    /// Canonical name.
    public var name: String
    /// Type.
    public var type: EntityType
    /// Every mention, in text order.
    public var mentions: [Mention]
    /// For a `QUANTITY`, its number ("at least 45,514 Palestinians" → 45514); `nil` otherwise.
    public var value: Double?
    /// For a `QUANTITY`, what is counted ("Palestinians"); `nil` otherwise.
    public var counted: String?

    /// Creates an entity.
    public init(id: String, name: String, type: EntityType, mentions: [Mention], value: Double? = nil, counted: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.mentions = mentions
        self.value = value
        self.counted = counted
    }
}

/// How a claim reports speech.
public enum ClaimKind: String, Sendable, Equatable, CaseIterable {
    /// A direct quotation.
    case direct
    /// Reported (indirect) speech.
    case indirect
    /// Reported speech containing a quoted fragment.
    case mixed
}

/// How a claim's speaker was found.
public enum SpeakerResolution: String, Sendable, Equatable, CaseIterable {
    /// Named in the attribution.
    case explicit
    /// Through a pronoun.
    case pronoun
    /// Through a role or group noun ("the Hamas official").
    case nominal
    /// The running speaker of a quote-only paragraph.
    case context
}

/// Who made a claim.
public struct Speaker: Sendable, Equatable {
    /// The speaker's name (canonical entity name where resolved).
    public var name: String
    /// The entity id, when the speaker is a known entity.
    public var entity: String?
    /// The mention in the attribution.
    public var mention: Mention?
    /// How the speaker was resolved.
    public var resolution: SpeakerResolution

    /// Creates a speaker.
    public init(name: String, entity: String?, mention: Mention?, resolution: SpeakerResolution) {
        self.name = name
        self.entity = entity
        self.mention = mention
        self.resolution = resolution
    }
}

/// A statement the document attributes to someone.
public struct Claim: Sendable, Equatable {
    /// Document-local id (`C1`, `C2`, …).
    public var id: String
    /// Direct, indirect or mixed.
    public var kind: ClaimKind
    /// What was said.
    public var content: Mention
    /// Who said it, when the text says.
    public var speaker: Speaker?
    /// The reporting verb or phrase.
    public var cue: Mention?

    /// Creates a claim.
    public init(id: String, kind: ClaimKind, content: Mention, speaker: Speaker?, cue: Mention?) {
        self.id = id
        self.kind = kind
        self.content = content
        self.speaker = speaker
        self.cue = cue
    }
}

/// The `dedup` stage's verdict.
public struct DedupResult: Sendable, Equatable {
    /// Dedup verdicts.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// Not seen before.
        case unique
        /// The same text as an earlier document.
        case duplicate
        /// Nearly the same text as an earlier document.
        case nearDuplicate = "near_duplicate"
    }

    /// The verdict.
    public var status: Status
    /// The id of the earliest document this one repeats.
    public var of: String?
    /// Similarity to that document, 0…1.
    public var similarity: Double?
    /// A stable id for the group of documents telling the same story.
    public var cluster: String?

    /// Creates a verdict.
    public init(status: Status, of: String? = nil, similarity: Double? = nil, cluster: String? = nil) {
        self.status = status
        self.of = of
        self.similarity = similarity
        self.cluster = cluster
    }
}
