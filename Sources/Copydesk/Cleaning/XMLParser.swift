import CLibXML2

/// libxml2's XML parser (not the HTML one), behind a wall: an agency's XML in, a ``MarkupTree`` out.
///
/// It runs in SAX2 mode with namespaces: each element is kept under its local name, lowercase, so
/// `<newsItem>`, `<nar:newsItem>` and a default namespace read alike (the format is recognised from
/// the root element before parsing, ``XMLRoot``).
/// It is safe on hostile files by construction:
/// - no network (`XML_PARSE_NONET`) and no DTD: the SAX handler has no callbacks for the internal or
///   external subset, entity declarations or entity resolution, so nothing is loaded or declared;
/// - no entity expansion: an entity the file declares itself (a "billion laughs", an external
///   `SYSTEM "file:///etc/passwd"`) is never known to the parser, so a reference to it is reported
///   and left out. Only the five XML entities, character references, and HTML's named entities
///   (`&mdash;`, `&eacute;`, which NITF's DTD declares) where the file points at an external DTD,
///   become text;
/// - libxml2's own limits hold (depth 256, 10 MB per text node); intake limits the file's size.
///
/// Malformed XML is read as far as libxml2 can recover, and the first error is reported.
enum XMLParser {
    /// A parsed document and what went wrong on the way.
    struct Parsed {
        /// The elements and text.
        var tree: MarkupTree
        /// How many errors libxml2 reported (0 for a well-formed file).
        var errorCount: Int
        /// The first error: its line and message.
        var firstError: String?
        /// Entities left out of the text: those the file declares itself (never expanded) and unknown
        /// names. HTML's named entities are replaced, not listed.
        var unknownEntities: [String]
    }

    private static let options = Int32(bitPattern:
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)

    /// The callbacks; everything else (DTDs, entities, comments, processing instructions) is left unset.
    private static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            XMLTreeBuilder.from(context).start(localName, attributes, Int(attributeCount))
        }
        handler.endElementNs = { context, _, _, _ in
            XMLTreeBuilder.from(context).end()
        }
        handler.characters = { context, characters, length in
            XMLTreeBuilder.from(context).text(characters, length)
        }
        handler.cdataBlock = { context, characters, length in
            XMLTreeBuilder.from(context).text(characters, length)
        }
        handler.ignorableWhitespace = { context, characters, length in
            XMLTreeBuilder.from(context).text(characters, length)
        }
        handler.reference = { context, name in
            XMLTreeBuilder.from(context).reference(name)
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            XMLTreeBuilder.from(context).error(error.pointee)
        }
        return handler
    }

    /// Parses UTF-8 XML (intake decodes every encoding first, so the declaration's is ignored).
    /// Returns `nil` only when libxml2 cannot start at all.
    static func parse(_ xml: String) -> Parsed? {
        precondition(HTMLParser.initialized)
        let builder = XMLTreeBuilder()
        let parsed = LibXML2Parse.run(xml, dialect: .xml, handler: makeHandler(), options: options,
                                      context: Unmanaged.passUnretained(builder).toOpaque())
        return withExtendedLifetime(builder) { parsed ? builder.finish() : nil }
    }
}

/// Receives libxml2's SAX2 events and appends nodes to a ``MarkupTree``.
final class XMLTreeBuilder {
    private var assembler = MarkupTreeAssembler(capacity: 512)
    private var errorCount = 0
    private var firstError: String?
    private var unknownEntities: [String] = []

    /// The attributes the agency readers and the text walk read; the values of others are never
    /// made into strings (agency envelopes carry many: `xsi:schemaLocation`, `width`, `rendition`…).
    static let keptAttributes: Set<String> = [
        "contenttype", "ed-urg", "encoding", "formalname", "guid", "holder", "id-string", "info", "jobtitle", "key",
        "literal", "norm", "noteclass", "qcode", "role", "tag", "tobject.subject.detail", "tobject.subject.ipr",
        "tobject.subject.matter", "tobject.subject.refnum", "tobject.subject.type", "type", "uri", "value", "version",
        "xml:lang", "year", "hidden", "aria-hidden", "style", "class",
    ]

    static func from(_ context: UnsafeMutableRawPointer?) -> XMLTreeBuilder {
        Unmanaged<XMLTreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    /// A name as a Swift string, lowercase. Names are short (a small string needs no allocation),
    /// so building one is cheaper than a per-parse dictionary of them for agency-sized files.
    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        let name = String(cString: pointer)
        return name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? name.lowercased() : name
    }

    /// Elements whose content no reader reads (as the HTML builder drops scripts and styles):
    /// NITF's identified content, media and revision history; NewsML-G2's catalogue references,
    /// assertions, broader concepts, genres, services, remote content and usage terms. Dropped as
    /// they arrive; a reader that needs one takes it off this list.
    static let droppedElements: Set<String> = [
        "identified-content", "media", "revision-history", "iim", "bibliography", "catalogref", "assert", "broader",
        "sameas", "related", "remotecontent", "usageterms", "definition", "hasinstrument", "geoareadetails",
        "organisationdetails", "persondetails", "link", "signal", "catalog", "newsenvelope", "genre", "infosource",
        "service", "altid", "profile", "contributor", "creditline", "pubstatus",
    ]

    func start(_ localName: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ count: Int) {
        guard !assembler.isDropping else { assembler.startDropped(); return }
        var kept: [(name: String, value: String)] = []
        if let attributes, count > 0 {
            kept.reserveCapacity(count)
            for index in 0..<count {
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                let base = attributes + index * 5
                guard let local = base[0] else { continue }
                var key = name(local)
                if let prefix = base[1] {
                    // Only xml:lang and its kind keep a prefix; other prefixed attributes are not read.
                    guard prefix[0] == UInt8(ascii: "x"), prefix[1] == UInt8(ascii: "m"), prefix[2] == UInt8(ascii: "l"), prefix[3] == 0
                    else { continue }
                    key = "xml:" + key
                }
                guard Self.keptAttributes.contains(key) else { continue }
                var value = ""
                if let start = base[3], let end = base[4], end >= start {
                    value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                }
                kept.append((key, value))
            }
        }
        let elementName = name(localName)
        guard !Self.droppedElements.contains(elementName) else { assembler.startDropped(); return }
        let element = MarkupTree.Node(name: elementName, text: "", attributes: kept, parent: -1)
        assembler.start(element, keepsContent: true)
    }

    func end() { assembler.end() }

    func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard let characters, length > 0 else { return }
        assembler.text(UnsafeBufferPointer(start: characters, count: Int(length)))
    }

    /// An entity the parser does not know: HTML's named entities become their character; any other
    /// (one the file declared itself, or a misspelling) is left out and reported.
    func reference(_ entity: UnsafePointer<xmlChar>?) {
        guard let entity else { return }
        if let description = htmlEntityLookup(entity), let scalar = Unicode.Scalar(description.pointee.value) {
            var utf8 = Array(String(Character(scalar)).utf8)
            utf8.withUnsafeMutableBufferPointer { assembler.text(UnsafeBufferPointer($0)) }
        } else if unknownEntities.count < 20 {
            unknownEntities.append(String(cString: entity))
        }
    }

    func error(_ error: xmlError) {
        // An entity undeclared where the file names an external DTD arrives at ``reference(_:)``.
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue, error.code != Int32(XML_WAR_UNDECLARED_ENTITY.rawValue) else { return }
        if error.code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue), let name = error.str1 {
            // An entity the file declares itself (the parser never reads declarations) or misspells.
            if unknownEntities.count < 20 { unknownEntities.append(String(cString: name)) }
            return
        }
        errorCount += 1
        if firstError == nil, let message = error.message {
            let text = String(cString: message).trimmingSpaces()
            firstError = error.line > 0 ? "line \(error.line): \(text)" : text
        }
    }

    func finish() -> XMLParser.Parsed {
        XMLParser.Parsed(tree: assembler.finish(), errorCount: errorCount, firstError: firstError, unknownEntities: unknownEntities)
    }
}
