import CLibXML2

/// libxml2's forgiving HTML parser, behind a wall: bytes in, a ``MarkupTree`` out.
///
/// Every libxml2 pointer lives inside ``parse(_:)`` and the document is freed exactly once, before
/// it returns. Nothing else in Copydesk touches libxml2 types.
enum HTMLParser {
    /// `xmlInitParser` must run once before threads parse at the same time.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    private static let options = Int32(bitPattern:
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses UTF-8 HTML. Returns `nil` only when libxml2 cannot build any tree at all.
    ///
    /// The input must already be UTF-8: intake decodes every encoding first, so a `<meta charset>`
    /// in the page is ignored here.
    static func parse(_ utf8: [UInt8]) -> MarkupTree? {
        precondition(initialized)
        guard !utf8.isEmpty, utf8.count < Int(Int32.max) else { return nil }
        let document: htmlDocPtr? = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        return copy(document)
    }

    /// Copies the tree iteratively (deeply nested pages must not overflow the stack).
    private static func copy(_ document: htmlDocPtr) -> MarkupTree {
        var nodes = [MarkupTree.Node(name: "#root", text: "", attributes: [], parent: -1)]
        nodes.reserveCapacity(1024)
        // (C node, parent index, index of the previous sibling already copied)
        var stack: [(xmlNodePtr, Int)] = []
        var lastChild: [Int] = [-1]  // per node: its last child copied so far
        var child = document.pointee.children
        var topLevel: [xmlNodePtr] = []
        while let current = child { topLevel.append(current); child = current.pointee.next }
        for node in topLevel.reversed() { stack.append((node, MarkupTree.root)) }

        while let (pointer, parent) = stack.popLast() {
            let node = pointer.pointee
            let copied: MarkupTree.Node
            switch node.type {
            case XML_ELEMENT_NODE:
                copied = MarkupTree.Node(name: string(node.name).lowercased(), text: "",
                                         attributes: attributes(of: node), parent: parent)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard let content = node.content else { continue }
                copied = MarkupTree.Node(name: "", text: String(cString: content), attributes: [], parent: parent)
            default:
                continue  // comments, processing instructions, DTDs
            }
            let index = nodes.count
            nodes.append(copied)
            lastChild.append(-1)
            let previous = lastChild[parent]
            if previous >= 0 { nodes[previous].nextSibling = index } else { nodes[parent].firstChild = index }
            lastChild[parent] = index
            if node.type == XML_ELEMENT_NODE && !hasUnreadContent(copied) {
                var children: [xmlNodePtr] = []
                var next = node.children
                while let current = next { children.append(current); next = current.pointee.next }
                for childPointer in children.reversed() { stack.append((childPointer, index)) }
            }
        }
        return MarkupTree(nodes: nodes)
    }

    /// Elements whose content nothing in Copydesk reads: scripts (except JSON-LD), styles, and
    /// embedded SVG and MathML. Pages carry megabytes of these; not copying them saves most of the
    /// copy's allocations.
    private static func hasUnreadContent(_ element: MarkupTree.Node) -> Bool {
        switch element.name {
        case "script": return element.attribute("type")?.lowercased().contains("ld+json") != true
        case "style", "svg", "math", "template": return true
        default: return false
        }
    }

    /// The attributes Copydesk reads; the rest (`src`, `srcset`, `onclick`, most `data-*`) are not copied.
    static let keptAttributes: Set<String> = [
        "class", "id", "role", "itemprop", "hidden", "aria-hidden", "type", "style", "content", "property",
        "name", "datetime", "href", "rel", "lang", "xml:lang", "http-equiv", "charset",
        "data-component", "data-module", "data-testid", "data-type",
    ]

    private static func attributes(of node: xmlNode) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var attribute = node.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            let name = string(current.pointee.name).lowercased()
            guard keptAttributes.contains(name) else { continue }
            var value = ""
            var text = current.pointee.children
            while let part = text {
                if let content = part.pointee.content { value += String(cString: content) }
                text = part.pointee.next
            }
            result.append((name, value))
        }
        return result
    }

    private static func string(_ name: UnsafePointer<xmlChar>?) -> String {
        guard let name else { return "" }
        return String(cString: name)
    }
}
