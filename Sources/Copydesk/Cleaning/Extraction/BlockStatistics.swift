/// Per-element text measures of a ``MarkupTree``, computed in one bottom-up pass.
///
/// Letters are Unicode scalars that are not white space, so the measures do not depend on how a
/// page indents its markup. Text inside skipped or hidden elements counts for nothing.
struct BlockStatistics {
    /// Letters below each node.
    var letters: [Int]
    /// Letters below each node that sit inside links.
    var linkLetters: [Int]
    /// Commas below each node (a cue for running prose).
    var commas: [Int]
    /// `<p>` elements below each node.
    var paragraphs: [Int]
    /// Letters in each element's loose text: text and inline elements directly inside it, outside
    /// any block child (`<div>text<br>text<div>…</div></div>`).
    var looseLetters: [Int]
    /// Commas in the loose text.
    var looseCommas: [Int]
    /// `<a>` elements below each node, itself included.
    var links: [Int]
    /// `<article>` elements strictly below each node.
    var articles: [Int]
    /// Letters strictly below each node that sit inside `<article>` elements.
    var articleLetters: [Int]
    /// Whether each node is skipped (script, style, navigation, hidden, …).
    var skipped: [Bool]

    init(tree: MarkupTree) {
        let count = tree.nodes.count
        letters = Array(repeating: 0, count: count)
        linkLetters = Array(repeating: 0, count: count)
        commas = Array(repeating: 0, count: count)
        paragraphs = Array(repeating: 0, count: count)
        skipped = Array(repeating: false, count: count)
        looseLetters = Array(repeating: 0, count: count)
        articles = Array(repeating: 0, count: count)
        links = Array(repeating: 0, count: count)
        articleLetters = Array(repeating: 0, count: count)
        looseCommas = Array(repeating: 0, count: count)
        // Parents come before children in `nodes`, so a forward pass can inherit skipping…
        for index in 1..<max(count, 1) {
            let node = tree.nodes[index]
            if node.parent >= 0 && skipped[node.parent] { skipped[index] = true; continue }
            if !node.isText && (HTMLText.skippedElements.contains(node.name) || HTMLText.isHidden(node)) {
                skipped[index] = true
            }
        }
        // …and a backward pass can sum into parents.
        var index = count - 1
        while index > 0 {
            defer { index -= 1 }
            guard !skipped[index] else { continue }
            let node = tree.nodes[index]
            if node.isText {
                var scalars = 0, commaCount = 0
                for byte in node.text.utf8 {
                    if byte & 0xC0 == 0x80 { continue }  // continuation byte
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
                    scalars += 1
                    if byte == 0x2C { commaCount += 1 }
                }
                letters[index] = scalars
                commas[index] = commaCount
            } else if node.name == "a" {
                linkLetters[index] = letters[index]
                links[index] += 1
            } else if node.name == "p" {
                paragraphs[index] += 1
            }
            let parent = node.parent
            if parent >= 0 {
                letters[parent] += letters[index]
                linkLetters[parent] += linkLetters[index]
                commas[parent] += commas[index]
                paragraphs[parent] += paragraphs[index]
                links[parent] += links[index]
                articles[parent] += articles[index] + (node.name == "article" ? 1 : 0)
                articleLetters[parent] += node.name == "article" ? letters[index] : articleLetters[index]
                if node.isText || !HTMLText.blockElements.contains(node.name) {
                    looseLetters[parent] += letters[index]
                    looseCommas[parent] += commas[index]
                }
            }
        }
    }

    /// The share of `index`'s letters that are link text, 0…1.
    func linkDensity(_ index: Int) -> Double {
        letters[index] == 0 ? 0 : Double(linkLetters[index]) / Double(letters[index])
    }
}
