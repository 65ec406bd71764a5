import Foundation

/// One input file as it moves through the pipeline, and the `copydesk.document/1` object it becomes.
///
/// Offsets anywhere in a document are Unicode code-point offsets into ``text``, half-open
/// `[start, end)`: the numbers a Python `text[start:end]` slice uses.
public struct Document: Sendable, Equatable {
    /// The schema name every output line carries.
    public static let schema = "copydesk.document/1"

    /// SHA-256 hex of the raw input bytes.
    public var id: String
    /// Where the document came from.
    public var source: Source
    /// Title, dates, site, authors and dateline found while cleaning.
    public var meta: Metadata
    /// The cleaned text: paragraphs separated by one blank line (`"\n\n"`).
    public var text: String
    /// The result of the `dedup` stage; `nil` until it runs.
    public var dedup: DedupResult?
    /// When this document is a later version of an agency item seen before (same agency id and a
    /// higher version, or a write-through of the same slug): which document it revises. Set by `dedup`.
    public var revision: Revision?
    /// Named entities and their mentions; empty until the `entities` stage runs.
    public var entities: [Entity]
    /// Attributed statements; empty until the `claims` stage runs.
    public var claims: [Claim]
    /// Every stage that worked on this document, in order, with its time.
    public var stages: [StageRecord]
    /// Non-fatal problems met on the way (an encoding guessed, an article not found, …).
    public var warnings: [String]
    /// Top-level fields the schema does not define, added by plugins ("reading_time", …);
    /// written after `warnings`, keys sorted.
    public var extensions: [String: JSONValue]

    /// The decoded input, kept only until `clean` has turned it into ``text``. Not part of the output.
    public var input: DecodedInput?
    /// Paragraphs, sentences and tokens of ``text``, computed once by `clean` and shared by later
    /// stages. Not part of the output.
    public var segmentation: Segmentation?
    /// Views of ``text`` that stages derived and left for later stages. Not part of the output.
    public var derived = DerivedViews()

    /// Creates a document from what intake read, before any stage has run.
    public init(id: String, source: Source, input: DecodedInput?) {
        self.id = id
        self.source = source
        self.meta = Metadata()
        self.text = ""
        self.dedup = nil
        self.revision = nil
        self.entities = []
        self.claims = []
        self.stages = []
        self.warnings = []
        self.extensions = [:]
        self.input = input
        self.segmentation = nil
    }
}

/// Where a document came from (the `source` object of the output).
public struct Source: Sendable, Equatable {
    /// The file name without its folder (`-` for standard input).
    public var name: String
    /// Where the file was, relative to the input root (`copydesk run`'s folder argument) or the
    /// inbox (`copydesk watch`): `a/story.txt` and `b/story.txt` are told apart. `name` when the
    /// input was named directly.
    public var path: String
    /// Size of the raw input in bytes.
    public var bytes: Int
    /// The sniffed format.
    public var format: InputFormat
    /// The character encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1252`, …).
    public var encoding: String
    /// When the input was read, as an ISO 8601 UTC timestamp.
    public var received: String
    /// Which item of the file this document is, for files that hold several (a NewsML-G2 news
    /// message, an e-mail with an attached story); `nil` for a file that is one document.
    public var item: SourceItem?

    /// Creates a source record.
    public init(name: String, path: String? = nil, bytes: Int, format: InputFormat, encoding: String, received: String,
                item: SourceItem? = nil) {
        self.name = name
        self.path = path ?? name
        self.bytes = bytes
        self.format = format
        self.encoding = encoding
        self.received = received
        self.item = item
    }
}

/// One item of a file that holds several (the `source.item` object of the output).
public struct SourceItem: Sendable, Equatable {
    /// The item's place in the file, from 1, counting every item (those without text too).
    public var index: Int
    /// How many items the file holds.
    public var count: Int
    /// What the item is: `newsItem`, `NewsItem`, `attachment`, `body`, …
    public var kind: String
    /// The item's own name where it has one: its agency id, or an attachment's file name.
    public var name: String?

    /// Creates an item record.
    public init(index: Int, count: Int, kind: String, name: String? = nil) {
        self.index = index
        self.count = count
        self.kind = kind
        self.name = name
    }
}

/// The formats intake recognises (the output's `source.format`).
public enum InputFormat: String, Sendable, Equatable, CaseIterable {
    /// An HTML page (or XHTML).
    case html
    /// Markdown.
    case markdown
    /// Plain text, including PDF-extracted text with hard line breaks.
    case text
    /// IPTC's News Industry Text Format (XML).
    case nitf
    /// IPTC's NewsML-G2 (XML): a news item, a package or a news message.
    case newsmlG2 = "newsml-g2"
    /// IPTC's NewsML 1.2 (XML).
    case newsml12 = "newsml-1.2"
    /// IPTC's News in JSON, versions 1 to 3.
    case ninjs
    /// Wire copy framed as IPTC Recommendation 7901 (SOH, STX, ETX, EOT).
    case iptc7901 = "iptc-7901"
    /// Wire copy framed as ANPA-1312 (SYN SYN SOH, STX, ETX, EOT).
    case anpa1312 = "anpa-1312"
    /// An e-mail (RFC 5322 with MIME).
    case email
    /// Rich Text Format (a document saved from a word processor): its text, without its tables of
    /// fonts and colours, pictures and objects.
    case rtf
}

/// Input decoded and unpacked, waiting to be cleaned.
public struct DecodedInput: Sendable, Equatable {
    /// How the clean stage is to read ``content``.
    public enum Body: Sendable, Equatable {
        /// A web page: main-content extraction keeps the story and drops the page around it.
        case page
        /// HTML that is all story (an agency's body, a ninjs `body_html`): every block is kept.
        case fragment
        /// Plain text, hard-wrapped or not.
        case text
        /// Markdown.
        case markdown
        /// Paragraphs already taken out of their markup, separated by a blank line (`"\n\n"`).
        case paragraphs
    }

    /// The file's format (the output's `source.format`).
    public var format: InputFormat
    /// The decoded characters (empty for a `.paragraphs` body).
    public var content: String
    /// The paragraphs of a `.paragraphs` body: each on one line, white space collapsed.
    public var paragraphs: [String] = []
    /// How to read ``content``.
    public var body: Body
    /// Metadata found while unpacking (an agency's envelope, an e-mail's headers); it wins over what
    /// cleaning finds in the body.
    public var meta: Metadata
    /// Non-fatal problems met while unpacking.
    public var warnings: [String]

    /// Creates a decoded input; the body is read as the format says (HTML as a page).
    public init(format: InputFormat, content: String) {
        self.init(format: format, content: content, body: format == .html ? .page : format == .markdown ? .markdown : .text)
    }

    /// Creates an input whose body is already paragraphs, with what unpacking found.
    public init(format: InputFormat, paragraphs: [String], meta: Metadata = Metadata(), warnings: [String] = []) {
        self.init(format: format, content: "", body: .paragraphs, meta: meta, warnings: warnings)
        self.paragraphs = paragraphs
    }

    /// Whether the input has anything to clean.
    public var isEmpty: Bool { content.isEmpty && paragraphs.isEmpty }

    /// Creates a decoded input with its body kind and what unpacking found.
    public init(format: InputFormat, content: String, body: Body, meta: Metadata = Metadata(), warnings: [String] = []) {
        self.format = format
        self.content = content
        self.body = body
        self.meta = meta
        self.warnings = warnings
    }
}

/// Document metadata (the `meta` object of the output). Absent values are `nil`, written as `null`.
public struct Metadata: Sendable, Equatable {
    /// The headline.
    public var title: String?
    /// Publication date or timestamp as found (ISO 8601 where the source gives one).
    public var published: String?
    /// The publication or site name.
    public var site: String?
    /// The canonical URL.
    public var url: String?
    /// Bylines.
    public var authors: [String]
    /// Language tag (`en`, `en-US`, …) where the source declares one.
    public var language: String?
    /// A wire dateline ("Tehran, November 3 (RHC)--") moved out of the text.
    public var dateline: Dateline?
    /// What agency formats and e-mail add: sub-headline, bylines, slug, ids, versions, subjects, …
    /// Each is written only when the source gives it.
    public var agency = AgencyMetadata()

    /// Creates metadata; everything is empty by default.
    public init(title: String? = nil, published: String? = nil, site: String? = nil, url: String? = nil,
                authors: [String] = [], language: String? = nil, dateline: Dateline? = nil) {
        self.title = title
        self.published = published
        self.site = site
        self.url = url
        self.authors = authors
        self.language = language
        self.dateline = dateline
    }
}

/// A dateline's parts: "Tehran, November 3 (RHC)--" is place Tehran, date November 3, agency RHC.
public struct Dateline: Sendable, Equatable {
    /// Where the story was filed.
    public var place: String?
    /// The date as written.
    public var date: String?
    /// The news agency in brackets.
    public var agency: String?

    /// Creates a dateline.
    public init(place: String? = nil, date: String? = nil, agency: String? = nil) {
        self.place = place
        self.date = date
        self.agency = agency
    }
}

/// A record of one stage's work on a document (an entry of the output's `stages` list).
public struct StageRecord: Sendable, Equatable {
    /// The stage's stable name.
    public var name: String
    /// The stage's version.
    public var version: String
    /// Wall time spent in the stage, in milliseconds.
    public var milliseconds: Double

    /// Creates a stage record.
    public init(name: String, version: String, milliseconds: Double) {
        self.name = name
        self.version = version
        self.milliseconds = milliseconds
    }
}
