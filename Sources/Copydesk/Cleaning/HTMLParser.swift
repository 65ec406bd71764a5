import CLibXML2

/// libxml2's forgiving HTML parser, behind a wall: bytes in, a ``MarkupTree`` out.
///
/// libxml2 runs in SAX mode: it reports elements and text as it parses (with its usual repairs:
/// implied `<html>`/`<body>`, auto-closed `<p>`s) and ``TreeBuilder`` appends them to a
/// ``MarkupTree`` directly, so libxml2 never builds, and Copydesk never copies or frees, a C tree.
/// The parser context is the only libxml2 object; it lives inside ``parse(_:)`` and is freed exactly
/// once before it returns. Only this file and ``XMLParser`` touch libxml2 types.
enum HTMLParser {
    /// `xmlInitParser` must run once before threads parse at the same time.
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    private static let options = Int32(bitPattern:
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// The callbacks; everything else (errors, entities, comments) is left unset.
    private static func makeHandler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            TreeBuilder.from(context).start(name, attributes)
        }
        handler.endElement = { context, _ in
            TreeBuilder.from(context).end()
        }
        handler.characters = { context, characters, length in
            TreeBuilder.from(context).text(characters, length)
        }
        handler.cdataBlock = { context, characters, length in
            TreeBuilder.from(context).text(characters, length)
        }
        // Blank text between elements still separates words ("<b>a</b> <i>b</i>").
        handler.ignorableWhitespace = { context, characters, length in
            TreeBuilder.from(context).text(characters, length)
        }
        handler.initialized = 1
        return handler
    }

    /// Parses UTF-8 HTML. Returns `nil` only when libxml2 cannot start at all.
    ///
    /// The input must already be UTF-8: intake decodes every encoding first, so a `<meta charset>`
    /// in the page is ignored here.
    static func parse(_ html: String) -> MarkupTree? {
        precondition(initialized)
        let builder = TreeBuilder()
        let parsed = LibXML2Parse.run(HTMLPrepass.apply(html), dialect: .html, handler: makeHandler(), options: options,
                                      context: Unmanaged.passUnretained(builder).toOpaque())
        return withExtendedLifetime(builder) { parsed ? builder.finish() : nil }
    }
}

/// One libxml2 parse of UTF-8 text with SAX callbacks, the parser context created and freed here.
enum LibXML2Parse {
    /// libxml2's HTML parser or its XML parser.
    enum Dialect { case html, xml }

    /// Parses `text` with `handler`, passing `context` to the callbacks. False when libxml2 cannot start.
    static func run(_ text: String, dialect: Dialect, handler: xmlSAXHandler, options: Int32, context userData: UnsafeMutableRawPointer) -> Bool {
        var text = AttributeCap.apply(text).markup
        return text.withUTF8 { buffer in
            guard !buffer.isEmpty, buffer.count < Int(Int32.max) else { return false }
            return buffer.withMemoryRebound(to: CChar.self) { chars in
                let created = dialect == .html ? htmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count))
                    : xmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count))
                guard let context = created else { return false }
                defer {
                    if let document = context.pointee.myDoc { xmlFreeDoc(document) }
                    if dialect == .html { htmlFreeParserCtxt(context) } else { xmlFreeParserCtxt(context) }
                }
                // Intake decodes every encoding first: the text is UTF-8 whatever it declares.
                if let utf8Handler = xmlFindCharEncodingHandler("UTF-8") { xmlSwitchToEncoding(context, utf8Handler) }
                context.pointee.sax.pointee = handler
                context.pointee.userData = userData
                if dialect == .html {
                    _ = htmlCtxtUseOptions(context, options)
                    _ = htmlParseDocument(context)
                } else {
                    _ = xmlCtxtUseOptions(context, options)
                    _ = xmlParseDocument(context)
                }
                return true
            }
        }
    }
}

/// Receives libxml2's SAX events and appends nodes to a ``MarkupTree``.
///
/// Consecutive text events become one text node. The content of elements nothing reads (scripts
/// other than JSON-LD, styles, SVG, MathML, templates) is dropped as it arrives, and so are the
/// attributes nothing reads (`src`, `srcset`, `onclick`, most `data-*`).
final class TreeBuilder {
    private var assembler = MarkupTreeAssembler()

    static func from(_ context: UnsafeMutableRawPointer?) -> TreeBuilder {
        Unmanaged<TreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    /// The attributes Copydesk reads.
    static let keptAttributes: Set<String> = [
        "class", "id", "role", "itemprop", "hidden", "aria-hidden", "type", "style", "content", "property",
        "name", "datetime", "href", "rel", "lang", "xml:lang", "http-equiv", "charset",
        "data-component", "data-module", "data-testid", "data-type",
    ]

    /// Tag and attribute names as Swift strings, by libxml2's interned name pointer (libxml2 keeps
    /// one copy of each name per parse, already lowercase for HTML). `nil` marks unread attributes.
    private var tagNames: [UnsafeRawPointer: String] = [:]
    private var attributeNames: [UnsafeRawPointer: String?] = [:]

    func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard !assembler.isDropping else { assembler.startDropped(); return }
        var tag = ""
        if let name {
            if let known = tagNames[UnsafeRawPointer(name)] {
                tag = known
            } else {
                tag = String(cString: name).lowercased()
                tagNames[UnsafeRawPointer(name)] = tag
            }
        }
        var kept: [(name: String, value: String)] = []
        if var pair = attributes {
            while let attributeName = pair.pointee {
                let key: String?
                if let known = attributeNames[UnsafeRawPointer(attributeName)] {
                    key = known
                } else {
                    let lowered = String(cString: attributeName).lowercased()
                    key = Self.keptAttributes.contains(lowered) ? lowered : nil
                    attributeNames[UnsafeRawPointer(attributeName)] = .some(key)
                }
                if let key { kept.append((key, pair.successor().pointee.map { String(cString: $0) } ?? "")) }
                pair = pair.advanced(by: 2)
            }
        }
        let element = MarkupTree.Node(name: tag, text: "", attributes: kept, parent: -1)
        assembler.start(element, keepsContent: !Self.dropsContent(element))
    }

    func end() { assembler.end() }

    func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard let characters, length > 0 else { return }
        assembler.text(UnsafeBufferPointer(start: characters, count: Int(length)))
    }

    func finish() -> MarkupTree { assembler.finish() }

    /// Elements whose content nothing in Copydesk reads.
    private static func dropsContent(_ element: MarkupTree.Node) -> Bool {
        switch element.name {
        case "script": return element.attribute("type")?.lowercased().contains("ld+json") != true
        case "style", "svg", "math", "template": return true
        default: return false
        }
    }
}
