import CopydeskCore

/// Block-aware text from a ``MarkupTree``: paragraphs between blocks, spaces collapsed inside them,
/// and the page's furniture (scripts, styles, navigation, headers, footers, asides, forms, hidden
/// elements) left out.
enum HTMLText {
    /// Elements whose whole subtree is never article text.
    static let skippedElements: Set<String> = [
        "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
        "button", "select", "option", "input", "textarea", "label", "iframe", "frame", "frameset", "svg",
        "math", "canvas", "object", "embed", "applet", "audio", "video", "source", "track", "map", "dialog",
        "menu", "link", "meta", "base", "title",
    ]

    /// Elements that start and end a paragraph.
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "main", "body", "html", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption",
        "blockquote", "pre", "figure", "figcaption", "address", "hr", "center", "details", "summary",
        "fieldset", "legend", "hgroup", "#root",
    ]

    /// Which elements are left out and which make paragraphs: a web page's, or an agency body's.
    struct Vocabulary: Sendable {
        /// Elements whose whole subtree is never text.
        var skipped: Set<String>
        /// Elements that start and end a paragraph.
        var blocks: Set<String>

        /// HTML pages.
        static let html = Vocabulary(skipped: skippedElements, blocks: blockElements)

        /// An agency's story body: NITF (`block`, `hl2`, `bq`, `nitf-table`), XHTML in NewsML-G2, a
        /// ninjs `body_html`. Pictures and their captions, media references, editor's notes, bylines
        /// and datelines (all in metadata) are left out.
        static let agency = Vocabulary(
            skipped: skippedElements.union([
                "media", "media-reference", "media-caption", "media-producer", "media-metadata", "media-object", "figure",
                "figcaption", "picture", "img", "ed-msg", "ednote", "byline", "dateline", "note", "body.head", "body.end",
                "nitf-table-metadata", "distributor", "series", "rights", "remotecontent", "object",
            ]),
            blocks: blockElements.union([
                "block", "hl1", "hl2", "bq", "fn", "credit", "tagline", "nitf-table", "nitf-col", "body.content",
                "body", "datacontent", "inlinexml", "contentset", "caption",
            ]))
    }

    /// The paragraphs of the subtree at `index`, each with white space collapsed.
    /// Nodes marked in `removed` are left out with their subtrees.
    static func paragraphs(in tree: MarkupTree, from index: Int = MarkupTree.root, excluding removed: [Bool]? = nil,
                           vocabulary: Vocabulary = .html) -> [String] {
        var collector = ParagraphCollector()
        // On leaving an element: 0 nothing, 1 a block ends, 2 a table cell ends (a space).
        var stack: [(node: Int, leaving: Bool, ends: UInt8)] = [(index, false, 0)]
        tree.nodes.withUnsafeBufferPointer { nodes in
            while let (current, leaving, ends) = stack.popLast() {
                // Fields are read in place: copying a node would retain and release its strings.
                if nodes[current].isText {
                    collector.append(nodes[current].text)
                    continue
                }
                if leaving {
                    if ends == 1 { collector.breakParagraph() } else if ends == 2 { collector.append(" ") }
                    continue
                }
                let name = nodes[current].name
                if vocabulary.skipped.contains(name) || isHidden(nodes[current]) { continue }
                if let removed, removed[current] { continue }
                if name == "form" && !wrapsContent(tree, current) { continue }
                switch name {
                case "br", "hr": collector.breakParagraph(); continue
                case "img", "wbr": continue
                default: break
                }
                let isBlock = vocabulary.blocks.contains(name)
                if isBlock { collector.breakParagraph() }
                stack.append((current, true, isBlock ? 1 : (name == "td" || name == "th") ? 2 : 0))
                // The children, pushed so the first comes off the stack first, without an array of them.
                let mark = stack.count
                var child = nodes[current].firstChild
                while child >= 0 {
                    stack.append((child, false, 0))
                    child = nodes[child].nextSibling
                }
                stack[mark...].reverse()
            }
        }
        collector.breakParagraph()
        return collector.paragraphs
    }

    /// Whether a `<form>` wraps the page (ASP.NET pages put the whole body in one) rather than being
    /// a search box or a newsletter sign-up: it holds an article, a main element or paragraphs.
    static func wrapsContent(_ tree: MarkupTree, _ form: Int) -> Bool {
        var paragraphs = 0
        var stack = [form]
        while let current = stack.popLast() {
            let node = tree.nodes[current]
            if node.name == "article" || node.name == "main" { return true }
            if node.name == "p" { paragraphs += 1; if paragraphs >= 3 { return true } }
            stack.append(contentsOf: tree.children(of: current))
        }
        return false
    }

    /// `hidden`, `aria-hidden="true"`, `type="hidden"` and inline `display:none` / `visibility:hidden`.
    static func isHidden(_ node: MarkupTree.Node) -> Bool {
        for (name, value) in node.attributes {
            switch name {
            case "hidden": return true
            case "aria-hidden": if value.lowercased() == "true" { return true }
            case "type": if value.lowercased() == "hidden" { return true }
            case "style":
                let style = value.lowercased().filter { $0 != " " && $0 != "\t" && $0 != "\n" }
                if style.contains("display:none") || style.contains("visibility:hidden") { return true }
            default: break
            }
        }
        return false
    }
}

/// Gathers text into paragraphs, collapsing white space the way a browser renders it.
struct ParagraphCollector {
    private(set) var paragraphs: [String] = []
    private var current: [UInt8] = []
    private var pendingSpace = false

    /// Appends text, folding white space. Works on the UTF-8 bytes: only the lead bytes that can
    /// start a non-ASCII space (C2, E1, E2, E3) are decoded to a scalar and looked up.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = true
                        index += 1
                        continue
                    }
                    // A run of printable ASCII, single spaces between words included, is copied at once.
                    var end = index + 1
                    while end < count {
                        let next = bytes[end]
                        if next > 0x20 && next < 0x80 { end += 1; continue }
                        if next == 0x20, end + 1 < count, bytes[end + 1] > 0x20, bytes[end + 1] < 0x80 { end += 2; continue }
                        break
                    }
                    if pendingSpace && !current.isEmpty { current.append(0x20) }
                    pendingSpace = false
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    continue
                }
                let length = min(byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2, count - index)
                if byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3,
                   let scalar = UTF8.decode(bytes[index..<(index + length)]) {
                    if scalar == "\u{00A0}" {
                        // A no-break space is kept as a space, never folded into its neighbours.
                        if pendingSpace && !current.isEmpty { current.append(0x20) }
                        pendingSpace = false
                        current.append(0x20)
                        index += length
                        continue
                    }
                    if Self.isCollapsibleSpace(scalar) {
                        pendingSpace = true
                        index += length
                        continue
                    }
                }
                if pendingSpace && !current.isEmpty { current.append(0x20) }
                pendingSpace = false
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                index += length
            }
        }
    }

    /// White space a browser folds (not the no-break space), plus the zero-width space.
    @inline(__always)
    static func isCollapsibleSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        if value == 0x00A0 { return false }
        return value == 0x200B || scalar.properties.isWhitespace
    }

    mutating func breakParagraph() {
        while current.last == 0x20 { current.removeLast() }
        if let first = current.firstIndex(where: { $0 != 0x20 }) {
            paragraphs.append(String(decoding: current[first...], as: UTF8.self))
        }
        current.removeAll(keepingCapacity: true)
        pendingSpace = false
    }
}

extension UTF8 {
    /// The scalar of one complete UTF-8 sequence, or `nil`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Unicode.Scalar? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }
}
