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

    /// The paragraphs of the subtree at `index`, each with white space collapsed.
    /// Nodes marked in `removed` are left out with their subtrees.
    static func paragraphs(in tree: MarkupTree, from index: Int = MarkupTree.root, excluding removed: [Bool]? = nil) -> [String] {
        var collector = ParagraphCollector()
        var stack: [(node: Int, leaving: Bool)] = [(index, false)]
        while let (current, leaving) = stack.popLast() {
            let node = tree.nodes[current]
            if node.isText {
                collector.append(node.text)
                continue
            }
            if leaving {
                if blockElements.contains(node.name) { collector.breakParagraph() }
                else if node.name == "td" || node.name == "th" { collector.append(" ") }
                continue
            }
            if skippedElements.contains(node.name) || isHidden(node) { continue }
            if let removed, removed[current] { continue }
            if node.name == "form" && !wrapsContent(tree, current) { continue }
            switch node.name {
            case "br", "hr": collector.breakParagraph(); continue
            case "img", "wbr": continue
            default: break
            }
            if blockElements.contains(node.name) { collector.breakParagraph() }
            stack.append((current, true))
            let children = Array(tree.children(of: current))
            for child in children.reversed() { stack.append((child, false)) }
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

    mutating func append(_ text: String) {
        for scalar in text.unicodeScalars {
            if Self.isCollapsibleSpace(scalar) {
                pendingSpace = true
                continue
            }
            if pendingSpace && !current.isEmpty { current.append(0x20) }
            pendingSpace = false
            if scalar.value < 0x80 {
                current.append(UInt8(scalar.value))
            } else if scalar == "\u{00A0}" {
                current.append(0x20)
            } else {
                current.append(contentsOf: UTF8.encode(scalar)!)
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
