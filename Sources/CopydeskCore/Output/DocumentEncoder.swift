/// Writes a ``Document`` as one `copydesk.document/1` JSON line, fields always in schema order.
public enum DocumentEncoder {
    /// The document as a JSON object followed by `\n`.
    public static func line(for document: Document) -> [UInt8] {
        var writer = JSONWriter(capacity: document.text.utf8.count * 2 + 1024)
        write(document, to: &writer)
        var bytes = writer.bytes
        bytes.append(0x0A)
        return bytes
    }

    /// Writes the document as a JSON object.
    public static func write(_ document: Document, to json: inout JSONWriter) {
        json.beginObject()
        json.key("schema"); json.string(Document.schema)
        json.key("id"); json.string(document.id)
        json.key("source"); write(document.source, to: &json)
        json.key("meta"); write(document.meta, to: &json)
        json.key("text"); json.string(document.text)
        json.key("dedup")
        if let dedup = document.dedup { write(dedup, to: &json) } else { json.null() }
        if let revision = document.revision {
            json.key("revision")
            json.beginObject()
            json.key("of"); json.string(revision.of)
            json.key("version")
            if let version = revision.version { json.number(version) } else { json.null() }
            json.key("previous")
            if let previous = revision.previous { json.number(previous) } else { json.null() }
            json.endObject()
        }
        json.key("entities")
        json.beginArray()
        for entity in document.entities { write(entity, to: &json) }
        json.endArray()
        json.key("claims")
        json.beginArray()
        for claim in document.claims { write(claim, to: &json) }
        json.endArray()
        json.key("stages")
        json.beginArray()
        for stage in document.stages {
            json.beginObject()
            json.key("name"); json.string(stage.name)
            json.key("version"); json.string(stage.version)
            json.key("ms"); json.number(stage.milliseconds, decimals: 3)
            json.endObject()
        }
        json.endArray()
        json.key("warnings")
        json.beginArray()
        for warning in document.warnings { json.string(warning) }
        json.endArray()
        for key in document.extensions.keys.sorted() {
            json.key(key)
            json.value(document.extensions[key]!)
        }
        json.endObject()
    }

    private static func write(_ source: Source, to json: inout JSONWriter) {
        json.beginObject()
        json.key("name"); json.string(source.name)
        json.key("path"); json.string(source.path)
        json.key("bytes"); json.number(source.bytes)
        json.key("format"); json.string(source.format.rawValue)
        json.key("encoding"); json.string(source.encoding)
        json.key("received"); json.string(source.received)
        if let item = source.item {
            json.key("item")
            json.beginObject()
            json.key("index"); json.number(item.index)
            json.key("count"); json.number(item.count)
            json.key("kind"); json.string(item.kind)
            json.key("name"); json.string(item.name)
            json.endObject()
        }
        json.endObject()
    }

    private static func write(_ meta: Metadata, to json: inout JSONWriter) {
        json.beginObject()
        json.key("title"); json.string(meta.title)
        json.key("published"); json.string(meta.published)
        json.key("site"); json.string(meta.site)
        json.key("url"); json.string(meta.url)
        json.key("authors")
        json.beginArray()
        for author in meta.authors { json.string(author) }
        json.endArray()
        json.key("language"); json.string(meta.language)
        json.key("dateline")
        if let dateline = meta.dateline {
            json.beginObject()
            json.key("place"); json.string(dateline.place)
            json.key("date"); json.string(dateline.date)
            json.key("agency"); json.string(dateline.agency)
            json.endObject()
        } else {
            json.null()
        }
        if !meta.agency.isEmpty { write(meta.agency, to: &json) }
        json.endObject()
    }

    /// The agency fields, each only when set, in a fixed order.
    private static func write(_ agency: AgencyMetadata, to json: inout JSONWriter) {
        /// A non-empty list under `key`, each element written by `element` (as an object when `object`).
        func list<T>(_ key: StaticString, _ values: [T], object: Bool = true, _ element: (T, inout JSONWriter) -> Void) {
            guard !values.isEmpty else { return }
            json.key(key)
            json.beginArray()
            for value in values {
                if object { json.beginObject() }
                element(value, &json)
                if object { json.endObject() }
            }
            json.endArray()
        }
        func text(_ key: StaticString, _ value: String?) { if let value { json.key(key); json.string(value) } }
        func integer(_ key: StaticString, _ value: Int?) { if let value { json.key(key); json.number(value) } }
        text("subtitle", agency.subtitle)
        list("bylines", agency.bylines) { byline, json in
            json.key("name"); json.string(byline.name)
            json.key("title"); json.string(byline.title)
        }
        text("slugline", agency.slugline)
        text("summary", agency.summary)
        text("item_id", agency.itemID)
        integer("version", agency.version)
        integer("urgency", agency.urgency)
        text("first_created", agency.firstCreated)
        text("version_created", agency.versionCreated)
        text("copyright", agency.copyright)
        list("keywords", agency.keywords, object: false) { value, json in json.string(value) }
        list("subjects", agency.subjects) { subject, json in
            json.key("code"); json.string(subject.code)
            json.key("name"); json.string(subject.name)
            json.key("type"); json.string(subject.type)
        }
        list("markers", agency.markers, object: false) { value, json in json.string(value) }
        list("notes", agency.notes, object: false) { value, json in json.string(value) }
        text("from", agency.from)
        list("attachments", agency.attachments) { attachment, json in
            json.key("name"); json.string(attachment.name)
            json.key("type"); json.string(attachment.type)
            json.key("bytes"); json.number(attachment.bytes)
            json.key("read"); json.bool(attachment.read)
        }
        text("signature", agency.signature)
        if let transmission = agency.transmission {
            json.key("transmission")
            json.beginObject()
            json.key("service"); json.string(transmission.service)
            json.key("sequence"); json.string(transmission.sequence)
            json.key("selector"); json.string(transmission.selector)
            json.key("priority"); json.string(transmission.priority)
            json.key("category"); json.string(transmission.category)
            json.key("word_count")
            if let count = transmission.wordCount { json.number(count) } else { json.null() }
            json.key("signoff"); json.string(transmission.signoff)
            json.endObject()
        }
    }

    private static func write(_ dedup: DedupResult, to json: inout JSONWriter) {
        json.beginObject()
        json.key("status"); json.string(dedup.status.rawValue)
        if let of = dedup.of { json.key("of"); json.string(of) }
        if let similarity = dedup.similarity { json.key("similarity"); json.number(similarity, decimals: 4) }
        if let cluster = dedup.cluster { json.key("cluster"); json.string(cluster) }
        json.endObject()
    }

    private static func write(_ entity: Entity, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.string(entity.id)
        json.key("name"); json.string(entity.name)
        json.key("type"); json.string(entity.type.rawValue)
        json.key("mentions")
        json.beginArray()
        for mention in entity.mentions { write(mention, to: &json) }
        json.endArray()
        if let value = entity.value { json.key("value"); json.number(value, decimals: 6) }
        if let counted = entity.counted { json.key("counted"); json.string(counted) }
        json.endObject()
    }

    private static func write(_ claim: Claim, to json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.string(claim.id)
        json.key("kind"); json.string(claim.kind.rawValue)
        json.key("content"); write(claim.content, to: &json)
        json.key("speaker")
        if let speaker = claim.speaker {
            json.beginObject()
            json.key("name"); json.string(speaker.name)
            json.key("entity"); json.string(speaker.entity)
            json.key("mention")
            if let mention = speaker.mention { write(mention, to: &json) } else { json.null() }
            json.key("resolution"); json.string(speaker.resolution.rawValue)
            json.endObject()
        } else {
            json.null()
        }
        json.key("cue")
        if let cue = claim.cue { write(cue, to: &json) } else { json.null() }
        json.endObject()
    }

    private static func write(_ mention: Mention, to json: inout JSONWriter) {
        json.beginObject()
        json.key("start"); json.number(mention.start)
        json.key("end"); json.number(mention.end)
        json.key("text"); json.string(mention.text)
        if let role = mention.role { json.key("role"); json.string(role) }
        json.endObject()
    }
}
