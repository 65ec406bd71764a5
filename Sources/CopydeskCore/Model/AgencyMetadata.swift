/// What news agencies' formats and e-mail say about a story beyond a web page's metadata: the
/// fields of `meta` after `dateline`. Each is written only when the source gives it.
public struct AgencyMetadata: Sendable, Equatable {
    /// The sub-headline (NITF `hl2` in the head, NewsML-G2 `headline role="subtitle"`, ninjs `headlines` role `sub`).
    public var subtitle: String?
    /// Bylines with their titles ("Staff Reporter", "AP Sports Writer"); `meta.authors` holds the names.
    public var bylines: [Byline] = []
    /// The agency's slug or keyword line ("US-Finance-Fed", "BC-BKN--Heat-Hawks").
    public var slugline: String?
    /// The agency's summary or abstract, kept out of the text.
    public var summary: String?
    /// The agency's id of the item (NewsML-G2 `guid`, NITF `doc-id`, NewsML 1.2 `NewsItemId`, ninjs `uri`).
    public var itemID: String?
    /// The item's version (NewsML-G2 `version`, NITF `du-key@version`, NewsML 1.2 `RevisionId`,
    /// the lead or write-through number of wire copy).
    public var version: Int?
    /// Urgency on IPTC's scale, 1 (most urgent) to 9 (least).
    public var urgency: Int?
    /// When the item was first created (ISO 8601 as given).
    public var firstCreated: String?
    /// When this version was created (ISO 8601 as given).
    public var versionCreated: String?
    /// Who holds the copyright (or the copyright notice where no holder is named).
    public var copyright: String?
    /// Keywords as given.
    public var keywords: [String] = []
    /// Subjects with their codes and names as given (IPTC Media Topics, or the agency's own scheme).
    public var subjects: [Subject] = []
    /// Take and version markers of wire copy ("1stLd-Writethru", "URGENT", "CORRECTS", "REFILE").
    public var markers: [String] = []
    /// Editor's notes, kept out of the text (NITF `ed-msg`, NewsML-G2 `edNote`, "Eds:" lines).
    public var notes: [String] = []
    /// An e-mail's sender ("Press Office <press@example.org>"), the original sender when forwarded.
    public var from: String?
    /// An e-mail's attachments, read or not.
    public var attachments: [Attachment] = []
    /// An e-mail's signature block (after "-- "), kept out of the text.
    public var signature: String?
    /// Wire copy's transmission header and sign-off.
    public var transmission: Transmission?

    /// Creates empty agency metadata.
    public init() {}

    /// Whether nothing is set.
    public var isEmpty: Bool { self == AgencyMetadata() }
}

/// A byline's name and title.
public struct Byline: Sendable, Equatable {
    /// The person or desk ("Meredith Jameson", "Sports Network").
    public var name: String
    /// The title that goes with it ("Staff Reporter"), if given.
    public var title: String?

    /// Creates a byline.
    public init(name: String, title: String? = nil) {
        self.name = name
        self.title = title
    }
}

/// A subject code and name as an agency gives them.
public struct Subject: Sendable, Equatable {
    /// The code ("medtop:20000523", "subj:15007000"), if given.
    public var code: String?
    /// The name ("labour market"), if given.
    public var name: String?
    /// The kind of subject where the agency says ("cpnat:abstract", "cpnat:person"), if given.
    public var type: String?

    /// Creates a subject.
    public init(code: String? = nil, name: String? = nil, type: String? = nil) {
        self.code = code
        self.name = name
        self.type = type
    }
}

/// An e-mail attachment.
public struct Attachment: Sendable, Equatable {
    /// Its file name, if it has one.
    public var name: String?
    /// Its media type ("application/pdf").
    public var type: String
    /// Its size once decoded, in bytes.
    public var bytes: Int
    /// Whether Copydesk read it as a document of its own (an agency format or an e-mail).
    public var read: Bool

    /// Creates an attachment record.
    public init(name: String?, type: String, bytes: Int, read: Bool) {
        self.name = name
        self.type = type
        self.bytes = bytes
        self.read = read
    }
}

/// The transmission header and sign-off of IPTC 7901 and ANPA-1312 wire copy.
public struct Transmission: Sendable, Equatable {
    /// Service identification ("eca", or ANPA's service level designator).
    public var service: String?
    /// The message's sequence (serial) number.
    public var sequence: String?
    /// ANPA selector codes.
    public var selector: String?
    /// Priority as transmitted ("r", "3").
    public var priority: String?
    /// Category code ("i", "s").
    public var category: String?
    /// The word count the header declares.
    public var wordCount: Int?
    /// The sign-off or post-text line ("AP-WF-02-20-16 0337GMT", "212322 GMT Nov 18").
    public var signoff: String?

    /// Creates a transmission record.
    public init(service: String? = nil, sequence: String? = nil, selector: String? = nil, priority: String? = nil,
                category: String? = nil, wordCount: Int? = nil, signoff: String? = nil) {
        self.service = service
        self.sequence = sequence
        self.selector = selector
        self.priority = priority
        self.category = category
        self.wordCount = wordCount
        self.signoff = signoff
    }
}

/// Which earlier document a later version of an agency item revises (the output's `revision`).
public struct Revision: Sendable, Equatable {
    /// The id of the document this one revises: the latest earlier version seen.
    public var of: String
    /// This document's version, where known.
    public var version: Int?
    /// The revised document's version, where known.
    public var previous: Int?

    /// Creates a revision record.
    public init(of: String, version: Int? = nil, previous: Int? = nil) {
        self.of = of
        self.version = version
        self.previous = previous
    }
}
