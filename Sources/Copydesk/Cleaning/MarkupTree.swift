/// An HTML page as plain Swift values: elements and text in document order.
///
/// Made by ``HTMLParser`` from libxml2's parse events, so it holds no C memory: it can be kept,
/// passed between tasks and walked freely.
struct MarkupTree: Sendable {
    /// One element or text node.
    struct Node: Sendable {
        /// Lowercase tag name for elements; empty for text.
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

    /// The concatenated text below `index`, whitespace as in the source.
    func textContent(of index: Int) -> String {
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
