import CLibXML2

/// libxml2's forgiving HTML parser, behind a wall: bytes in, a ``MarkupTree`` out.
///
/// libxml2 runs in SAX mode: it reports elements and text as it parses (with its usual repairs:
/// implied `<html>`/`<body>`, auto-closed `<p>`s) and ``TreeBuilder`` appends them to a
/// ``MarkupTree`` directly, so libxml2 never builds, and Copydesk never copies or frees, a C tree.
/// The parser context is the only libxml2 object; it lives inside ``parse(_:)`` and is freed exactly
/// once before it returns. Nothing else in Copydesk touches libxml2 types.
enum HTMLParser {
    /// `xmlInitParser` must run once before threads parse at the same time.
    private static let initialized: Bool = {
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
        var html = html
        let builder = TreeBuilder()
        let parsed: Bool = html.withUTF8 { buffer in
            guard !buffer.isEmpty, buffer.count < Int(Int32.max) else { return false }
            return buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let context = htmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count)) else { return false }
                defer {
                    if let document = context.pointee.myDoc { xmlFreeDoc(document) }
                    htmlFreeParserCtxt(context)
                }
                if let utf8Handler = xmlFindCharEncodingHandler("UTF-8") { xmlSwitchToEncoding(context, utf8Handler) }
                context.pointee.sax.pointee = makeHandler()
                context.pointee.userData = Unmanaged.passUnretained(builder).toOpaque()
                _ = htmlCtxtUseOptions(context, options)
                _ = withExtendedLifetime(builder) { htmlParseDocument(context) }
                return true
            }
        }
        return parsed ? builder.finish() : nil
    }
}

/// Receives libxml2's SAX events and appends nodes to a ``MarkupTree``.
///
/// Consecutive text events become one text node. The content of elements nothing reads (scripts
/// other than JSON-LD, styles, SVG, MathML, templates) is dropped as it arrives, and so are the
/// attributes nothing reads (`src`, `srcset`, `onclick`, most `data-*`).
final class TreeBuilder {
    private var nodes = [MarkupTree.Node(name: "#root", text: "", attributes: [], parent: -1)]
    /// Per node: its last child so far, to link the next sibling.
    private var lastChild: [Int] = [-1]
    /// Open elements: their node index, or -1 inside content that is dropped.
    private var open: [Int] = []
    private var pendingText: [UInt8] = []

    init() {
        nodes.reserveCapacity(2048)
        lastChild.reserveCapacity(2048)
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> TreeBuilder {
        Unmanaged<TreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }

    /// The attributes Copydesk reads.
    static let keptAttributes: Set<String> = [
        "class", "id", "role", "itemprop", "hidden", "aria-hidden", "type", "style", "content", "property",
        "name", "datetime", "href", "rel", "lang", "xml:lang", "http-equiv", "charset",
        "data-component", "data-module", "data-testid", "data-type",
    ]

    private var current: Int { open.last ?? MarkupTree.root }

    /// Tag and attribute names as Swift strings, by libxml2's interned name pointer (libxml2 keeps
    /// one copy of each name per parse, already lowercase for HTML). `nil` marks unread attributes.
    private var tagNames: [UnsafeRawPointer: String] = [:]
    private var attributeNames: [UnsafeRawPointer: String?] = [:]

    func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        flushText()
        guard current >= 0 else { open.append(-1); return }
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
        let element = MarkupTree.Node(name: tag, text: "", attributes: kept, parent: current)
        let index = append(element)
        open.append(Self.dropsContent(element) ? -1 : index)
    }

    func end() {
        flushText()
        _ = open.popLast()
    }

    func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard current >= 0, let characters, length > 0 else { return }
        pendingText.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(length)))
    }

    func finish() -> MarkupTree {
        flushText()
        return MarkupTree(nodes: nodes)
    }

    private func flushText() {
        guard !pendingText.isEmpty else { return }
        defer { pendingText.removeAll(keepingCapacity: true) }
        guard current >= 0 else { return }
        append(MarkupTree.Node(name: "", text: String(decoding: pendingText, as: UTF8.self), attributes: [], parent: current))
    }

    @discardableResult
    private func append(_ node: MarkupTree.Node) -> Int {
        let index = nodes.count
        let parent = node.parent
        nodes.append(node)
        lastChild.append(-1)
        let previous = lastChild[parent]
        if previous >= 0 { nodes[previous].nextSibling = index } else { nodes[parent].firstChild = index }
        lastChild[parent] = index
        return index
    }

    /// Elements whose content nothing in Copydesk reads.
    private static func dropsContent(_ element: MarkupTree.Node) -> Bool {
        switch element.name {
        case "script": return element.attribute("type")?.lowercased().contains("ld+json") != true
        case "style", "svg", "math", "template": return true
        default: return false
        }
    }
}
