import Foundation

/// Reading `copydesk.document/1` JSON back into a ``Document`` (plugin responses, tests, `inspect`).
extension Document: Decodable {
    private enum Keys: String, CodingKey {
        case schema, id, source, meta, text, dedup, revision, entities, claims, stages, warnings
    }

    /// Decodes a document; fails when `schema` is not `copydesk.document/1`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let schema = try container.decode(String.self, forKey: .schema)
        guard schema == Document.schema else {
            throw DecodingError.dataCorruptedError(
                forKey: .schema, in: container, debugDescription: "expected schema \(Document.schema), got \(schema)")
        }
        self.init(id: try container.decode(String.self, forKey: .id),
                  source: try container.decode(Source.self, forKey: .source), input: nil)
        meta = try container.decode(Metadata.self, forKey: .meta)
        text = try container.decode(String.self, forKey: .text)
        dedup = try container.decodeIfPresent(DedupResult.self, forKey: .dedup)
        revision = try container.decodeIfPresent(Revision.self, forKey: .revision)
        entities = try container.decodeIfPresent([Entity].self, forKey: .entities) ?? []
        claims = try container.decodeIfPresent([Claim].self, forKey: .claims) ?? []
        stages = try container.decodeIfPresent([StageRecord].self, forKey: .stages) ?? []
        warnings = try container.decodeIfPresent([String].self, forKey: .warnings) ?? []
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys where Keys(stringValue: key.stringValue) == nil {
            extensions[key.stringValue] = try all.decode(JSONValue.self, forKey: key)
        }
    }

    /// Decodes one JSON line.
    public init(jsonLine: some DataProtocol) throws {
        self = try JSONDecoder().decode(Document.self, from: Data(jsonLine))
    }
}

/// Any object key, for reading fields the schema does not define.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Source: Decodable {
    private enum Keys: String, CodingKey { case name, path, bytes, format, encoding, received, item }

    /// Decodes the `source` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(name: try c.decode(String.self, forKey: .name), path: try c.decodeIfPresent(String.self, forKey: .path),
                  bytes: try c.decode(Int.self, forKey: .bytes),
                  format: try c.decode(InputFormat.self, forKey: .format),
                  encoding: try c.decode(String.self, forKey: .encoding),
                  received: try c.decode(String.self, forKey: .received),
                  item: try c.decodeIfPresent(SourceItem.self, forKey: .item))
    }
}

extension SourceItem: Decodable {
    private enum Keys: String, CodingKey { case index, count, kind, name }

    /// Decodes the `source.item` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(index: try c.decode(Int.self, forKey: .index), count: try c.decode(Int.self, forKey: .count),
                  kind: try c.decode(String.self, forKey: .kind), name: try c.decodeIfPresent(String.self, forKey: .name))
    }
}

extension Revision: Decodable {
    private enum Keys: String, CodingKey { case of, version, previous }

    /// Decodes the `revision` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(of: try c.decode(String.self, forKey: .of), version: try c.decodeIfPresent(Int.self, forKey: .version),
                  previous: try c.decodeIfPresent(Int.self, forKey: .previous))
    }
}

extension InputFormat: Decodable {}
extension EntityType: Decodable {}
extension ClaimKind: Decodable {}
extension SpeakerResolution: Decodable {}
extension DedupResult.Status: Decodable {}

extension Metadata: Decodable {
    private enum Keys: String, CodingKey {
        case title, published, site, url, authors, language, dateline
        case subtitle, bylines, slugline, summary, itemID = "item_id", version, urgency
        case firstCreated = "first_created", versionCreated = "version_created", copyright, keywords, subjects
        case markers, notes, from, attachments, signature, transmission
    }

    /// Decodes the `meta` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(title: try c.decodeIfPresent(String.self, forKey: .title),
                  published: try c.decodeIfPresent(String.self, forKey: .published),
                  site: try c.decodeIfPresent(String.self, forKey: .site),
                  url: try c.decodeIfPresent(String.self, forKey: .url),
                  authors: try c.decodeIfPresent([String].self, forKey: .authors) ?? [],
                  language: try c.decodeIfPresent(String.self, forKey: .language),
                  dateline: try c.decodeIfPresent(Dateline.self, forKey: .dateline))
        agency.subtitle = try c.decodeIfPresent(String.self, forKey: .subtitle)
        agency.bylines = try c.decodeIfPresent([Byline].self, forKey: .bylines) ?? []
        agency.slugline = try c.decodeIfPresent(String.self, forKey: .slugline)
        agency.summary = try c.decodeIfPresent(String.self, forKey: .summary)
        agency.itemID = try c.decodeIfPresent(String.self, forKey: .itemID)
        agency.version = try c.decodeIfPresent(Int.self, forKey: .version)
        agency.urgency = try c.decodeIfPresent(Int.self, forKey: .urgency)
        agency.firstCreated = try c.decodeIfPresent(String.self, forKey: .firstCreated)
        agency.versionCreated = try c.decodeIfPresent(String.self, forKey: .versionCreated)
        agency.copyright = try c.decodeIfPresent(String.self, forKey: .copyright)
        agency.keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        agency.subjects = try c.decodeIfPresent([Subject].self, forKey: .subjects) ?? []
        agency.markers = try c.decodeIfPresent([String].self, forKey: .markers) ?? []
        agency.notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        agency.from = try c.decodeIfPresent(String.self, forKey: .from)
        agency.attachments = try c.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
        agency.signature = try c.decodeIfPresent(String.self, forKey: .signature)
        agency.transmission = try c.decodeIfPresent(Transmission.self, forKey: .transmission)
    }
}

extension Byline: Decodable {
    private enum Keys: String, CodingKey { case name, title }

    /// Decodes one entry of `meta.bylines`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(name: try c.decode(String.self, forKey: .name), title: try c.decodeIfPresent(String.self, forKey: .title))
    }
}

extension Subject: Decodable {
    private enum Keys: String, CodingKey { case code, name, type }

    /// Decodes one entry of `meta.subjects`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(code: try c.decodeIfPresent(String.self, forKey: .code), name: try c.decodeIfPresent(String.self, forKey: .name),
                  type: try c.decodeIfPresent(String.self, forKey: .type))
    }
}

extension Attachment: Decodable {
    private enum Keys: String, CodingKey { case name, type, bytes, read }

    /// Decodes one entry of `meta.attachments`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name), type: try c.decode(String.self, forKey: .type),
                  bytes: try c.decode(Int.self, forKey: .bytes), read: try c.decode(Bool.self, forKey: .read))
    }
}

extension Transmission: Decodable {
    private enum Keys: String, CodingKey {
        case service, sequence, selector, priority, category, wordCount = "word_count", signoff
    }

    /// Decodes `meta.transmission`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(service: try c.decodeIfPresent(String.self, forKey: .service),
                  sequence: try c.decodeIfPresent(String.self, forKey: .sequence),
                  selector: try c.decodeIfPresent(String.self, forKey: .selector),
                  priority: try c.decodeIfPresent(String.self, forKey: .priority),
                  category: try c.decodeIfPresent(String.self, forKey: .category),
                  wordCount: try c.decodeIfPresent(Int.self, forKey: .wordCount),
                  signoff: try c.decodeIfPresent(String.self, forKey: .signoff))
    }
}

extension Dateline: Decodable {
    private enum Keys: String, CodingKey { case place, date, agency }

    /// Decodes the `dateline` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(place: try c.decodeIfPresent(String.self, forKey: .place),
                  date: try c.decodeIfPresent(String.self, forKey: .date),
                  agency: try c.decodeIfPresent(String.self, forKey: .agency))
    }
}

extension StageRecord: Decodable {
    private enum Keys: String, CodingKey { case name, version, ms }

    /// Decodes one entry of `stages`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(name: try c.decode(String.self, forKey: .name), version: try c.decode(String.self, forKey: .version),
                  milliseconds: try c.decode(Double.self, forKey: .ms))
    }
}

extension Mention: Decodable {
    private enum Keys: String, CodingKey { case start, end, text, role }

    /// Decodes a mention.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(start: try c.decode(Int.self, forKey: .start), end: try c.decode(Int.self, forKey: .end),
                  text: try c.decode(String.self, forKey: .text), role: try c.decodeIfPresent(String.self, forKey: .role))
    }
}

extension Entity: Decodable {
    private enum Keys: String, CodingKey { case id, name, type, mentions, value, counted }

    /// Decodes an entity.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
                  type: try c.decode(EntityType.self, forKey: .type),
                  mentions: try c.decode([Mention].self, forKey: .mentions),
                  value: try c.decodeIfPresent(Double.self, forKey: .value),
                  counted: try c.decodeIfPresent(String.self, forKey: .counted))
    }
}

extension Speaker: Decodable {
    private enum Keys: String, CodingKey { case name, entity, mention, resolution }

    /// Decodes a speaker.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  entity: try c.decodeIfPresent(String.self, forKey: .entity),
                  mention: try c.decodeIfPresent(Mention.self, forKey: .mention),
                  resolution: try c.decode(SpeakerResolution.self, forKey: .resolution))
    }
}

extension Claim: Decodable {
    private enum Keys: String, CodingKey { case id, kind, content, speaker, cue }

    /// Decodes a claim.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(id: try c.decode(String.self, forKey: .id), kind: try c.decode(ClaimKind.self, forKey: .kind),
                  content: try c.decode(Mention.self, forKey: .content),
                  speaker: try c.decodeIfPresent(Speaker.self, forKey: .speaker),
                  cue: try c.decodeIfPresent(Mention.self, forKey: .cue))
    }
}

extension DedupResult: Decodable {
    private enum Keys: String, CodingKey { case status, of, similarity, cluster }

    /// Decodes the `dedup` object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(status: try c.decode(Status.self, forKey: .status),
                  of: try c.decodeIfPresent(String.self, forKey: .of),
                  similarity: try c.decodeIfPresent(Double.self, forKey: .similarity),
                  cluster: try c.decodeIfPresent(String.self, forKey: .cluster))
    }
}
