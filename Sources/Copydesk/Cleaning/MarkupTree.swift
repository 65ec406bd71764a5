/// An HTML page or an XML document as plain Swift values: elements and text in document order.
///
/// Made by ``HTMLParser`` and ``XMLParser`` from libxml2's parse events, so it holds no C memory: it
/// can be kept, passed between tasks and walked freely.
struct MarkupTree: Sendable {
    /// One element or text node.
    struct Node: Sendable {
        /// Lowercase tag name for elements (an XML element's local name, without its prefix); empty for text.
        var name: String
        /// The text of a text node; empty for elements.
        var text: String
        /// Attributes in source order, names lowercase.
        var attributes: [(name: String, value: String)]
        /// Index of the parent node, or -1 at the top.
        var parent: Int
        /// Index of the first child, or -1.
        var firstChild: Int = -1
        /// Index of the next sibling, or -1.
        var nextSibling: Int = -1

        /// Whether this is a text node.
        var isText: Bool { name.isEmpty }

        /// The value of attribute `name` (lowercase), if present.
        func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    /// All nodes; children come after their parent. Index 0 is a synthetic root.
    var nodes: [Node]

    /// The synthetic root's index.
    static let root = 0

    /// The indices of `index`'s children, in order.
    func children(of index: Int) -> ChildSequence { ChildSequence(nodes: nodes, current: nodes[index].firstChild) }

    /// The concatenated text below `index`, whitespace as in the source (white space alone between
    /// elements is one space: ``MarkupTreeAssembler`` keeps it so).
    func textContent(of index: Int) -> String {
        // An element holding one text node (most metadata elements): that text, as it is.
        let only = nodes[index].firstChild
        if only >= 0, nodes[only].nextSibling < 0, nodes[only].isText { return nodes[only].text }
        var result = ""
        var stack = [index]
        while let current = stack.popLast() {
            let node = nodes[current]
            if node.isText { result += node.text; continue }
            var childIndices: [Int] = []
            var child = node.firstChild
            while child >= 0 { childIndices.append(child); child = nodes[child].nextSibling }
            stack.append(contentsOf: childIndices.reversed())
        }
        return result
    }

    /// The first child element of `index` named `name` (lowercase), if any.
    func child(of index: Int, named name: String) -> Int? {
        children(of: index).first { nodes[$0].name == name }
    }

    /// The child elements of `index` named `name` (lowercase), in order.
    func children(of index: Int, named name: String) -> [Int] {
        children(of: index).filter { nodes[$0].name == name }
    }

    /// The text below `index` with white space collapsed and trimmed; `nil` when there is none.
    func collapsedText(of index: Int) -> String? {
        let text = textContent(of: index).collapsingSpaces()
        return text.isEmpty ? nil : text
    }

    /// Iterates over a node's children.
    struct ChildSequence: Sequence, IteratorProtocol {
        let nodes: [Node]
        var current: Int

        mutating func next() -> Int? {
            guard current >= 0 else { return nil }
            defer { current = nodes[current].nextSibling }
            return current
        }
    }
}

/// Appends elements and text to a ``MarkupTree`` as a parser reports them, linking each node to its
/// parent and previous sibling. Consecutive text events become one text node; elements opened with
/// `keepsContent: false` drop everything inside them as it arrives.
struct MarkupTreeAssembler {
    private var nodes = [MarkupTree.Node(name: "#root", text: "", attributes: [], parent: -1)]
    /// Per node: its last child so far, to link the next sibling.
    private var lastChild: [Int] = [-1]
    /// Open elements: their node index, or -1 inside content that is dropped.
    private var open: [Int] = []
    private var pendingText: [UInt8] = []

    init(capacity: Int = 2048) {
        nodes.reserveCapacity(capacity)
        lastChild.reserveCapacity(capacity)
    }

    /// Whether the innermost open element drops its content.
    var isDropping: Bool { (open.last ?? MarkupTree.root) < 0 }

    /// Opens an element as a child of the current one.
    mutating func start(_ element: MarkupTree.Node, keepsContent: Bool) {
        flushText()
        guard !isDropping else { open.append(-1); return }
        var element = element
        element.parent = open.last ?? MarkupTree.root
        let index = append(element)
        open.append(keepsContent ? index : -1)
    }

    /// Opens an element inside dropped content: nothing of it is kept.
    mutating func startDropped() {
        flushText()
        open.append(-1)
    }

    /// Closes the current element.
    mutating func end() {
        flushText()
        _ = open.popLast()
    }

    /// Adds text to the current element (ignored inside dropped content).
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !isDropping else { return }
        pendingText.append(contentsOf: bytes)
    }

    /// The tree so far.
    mutating func finish() -> MarkupTree {
        flushText()
        return MarkupTree(nodes: nodes)
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        defer { pendingText.removeAll(keepingCapacity: true) }
        guard !isDropping else { return }
        // White space between elements (indentation) only separates words: one space stands for
        // it, without building a string of it.
        let blank = pendingText.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        append(MarkupTree.Node(name: "", text: blank ? " " : String(decoding: pendingText, as: UTF8.self), attributes: [],
                               parent: open.last ?? MarkupTree.root))
    }

    @discardableResult
    private mutating func append(_ node: MarkupTree.Node) -> Int {
        let index = nodes.count
        let parent = node.parent
        nodes.append(node)
        lastChild.append(-1)
        let previous = lastChild[parent]
        if previous >= 0 { nodes[previous].nextSibling = index } else { nodes[parent].firstChild = index }
        lastChild[parent] = index
        return index
    }
}
