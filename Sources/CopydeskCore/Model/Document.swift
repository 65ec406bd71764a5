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
    /// Size of the raw input in bytes.
    public var bytes: Int
    /// The sniffed format.
    public var format: InputFormat
    /// The character encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1252`, …).
    public var encoding: String
    /// When the input was read, as an ISO 8601 UTC timestamp.
    public var received: String

    /// Creates a source record.
    public init(name: String, bytes: Int, format: InputFormat, encoding: String, received: String) {
        self.name = name
        self.bytes = bytes
        self.format = format
        self.encoding = encoding
        self.received = received
    }
}

/// The formats intake recognises.
public enum InputFormat: String, Sendable, Equatable, CaseIterable {
    /// An HTML page (or XHTML).
    case html
    /// Markdown.
    case markdown
    /// Plain text, including PDF-extracted text with hard line breaks.
    case text
}

/// Input bytes decoded to a string, waiting to be cleaned.
public struct DecodedInput: Sendable, Equatable {
    /// The sniffed format.
    public var format: InputFormat
    /// The decoded characters.
    public var content: String

    /// Creates a decoded input.
    public init(format: InputFormat, content: String) {
        self.format = format
        self.content = content
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
