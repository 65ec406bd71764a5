import Foundation

/// Pulls a page's story out of its markup: finds the container (``ArticleLocator``), adds sibling
/// blocks that continue the story, prunes furniture inside (``BoilerplateNames``, link-heavy lists
/// and blocks, captions, bylines, the headline), and returns the remaining paragraphs.
struct ArticleExtractor {
    let tree: MarkupTree
    let statistics: BlockStatistics
    let verdicts: [BoilerplateNames.Verdict]

    init(tree: MarkupTree) {
        self.tree = tree
        statistics = BlockStatistics(tree: tree)
        var cache: [String: BoilerplateNames.Verdict] = [:]
        verdicts = tree.nodes.map {
            $0.isText || $0.attributes.isEmpty ? BoilerplateNames.Verdict() : BoilerplateNames.verdict(for: $0, cache: &cache)
        }
    }

    /// What extraction found.
    struct Extraction {
        /// The story's paragraphs; empty when the page has no article.
        var paragraphs: [String]
        /// Whether a story container was found at all.
        var foundArticle: Bool
    }

    /// Pages with less text than this are fragments: all their text is the story.
    static let fragmentLetters = 400

    /// Extracts the story.
    func extract() -> Extraction {
        let locator = ArticleLocator(tree: tree, statistics: statistics, verdicts: verdicts)
        if statistics.letters[MarkupTree.root] < Self.fragmentLetters {
            return Extraction(paragraphs: HTMLText.paragraphs(in: tree), foundArticle: true)
        }
        var best: [String] = []
        for ignoringNames in [false, true] {
            guard let choice = locator.locate(ignoringNames: ignoringNames) else { continue }
            let roots = storyRoots(around: choice, locator: locator)
            // The retry ignores names, so it must find prose: not lists of links.
            if ignoringNames {
                let letters = roots.reduce(0) { $0 + statistics.letters[$1] }
                let linkLetters = roots.reduce(0) { $0 + statistics.linkLetters[$1] }
                guard letters >= 250, linkLetters * 2 < letters else { continue }
            }
            let removed = prune(roots)
            var paragraphs: [String] = []
            for root in roots { paragraphs += HTMLText.paragraphs(in: tree, from: root, excluding: removed) }
            paragraphs = StoryEnd.cut(paragraphs).filter { !StockPhrases.isFurniture($0) }
            if paragraphs.reduce(0, { $0 + $1.count }) >= 250 { return Extraction(paragraphs: paragraphs, foundArticle: true) }
            if paragraphs.count > best.count { best = paragraphs }
        }
        return Extraction(paragraphs: best, foundArticle: !best.isEmpty)
    }

    /// The container plus the siblings that score near it or read like story paragraphs.
    func storyRoots(around choice: ArticleLocator.Choice, locator: ArticleLocator) -> [Int] {
        let container = choice.container
        let parent = tree.nodes[container].parent
        guard parent > 0 else { return [container] }
        let threshold = max(10, choice.score * 0.2)
        let containerClass = tree.nodes[container].attribute("class")
        var roots: [Int] = []
        for sibling in tree.children(of: parent) {
            if sibling == container { roots.append(sibling); continue }
            let node = tree.nodes[sibling]
            // Another <article> beside the story is another story (a listing or "more like this").
            guard !node.isText, !statistics.skipped[sibling], node.name != "article" else { continue }
            let verdict = verdicts[sibling]
            if verdict.isFurniture && !verdict.isArticleBody { continue }
            if shouldRemove(sibling, rootLetters: max(statistics.letters[container], 1)) { continue }
            var bonus = 0.0
            if let containerClass, !containerClass.isEmpty, node.attribute("class") == containerClass { bonus = choice.score * 0.2 }
            let letters = statistics.letters[sibling]
            let density = statistics.linkDensity(sibling)
            if choice.scores[sibling] + bonus >= threshold && choice.scores[sibling] > 0 {
                roots.append(sibling)
            } else if bonus > 0 && node.name == tree.nodes[container].name && letters >= 100 && density < 0.3 {
                // The story split into several same-styled blocks (around images or ads), some too
                // deeply nested for their paragraphs' scores to reach them.
                roots.append(sibling)
            } else if statistics.paragraphs[sibling] >= 3 && density < 0.2
                        && letters * 10 >= statistics.letters[container] * 3 {
                roots.append(sibling)
            } else if node.name == "p" || (node.name == "div" && locator.isParagraphLike(sibling)) {
                if letters > 80 && density < 0.25 {
                    roots.append(sibling)
                } else if letters > 0 && density == 0 && endsLikeSentence(sibling) {
                    roots.append(sibling)
                }
            }
        }
        return roots
    }

    func endsLikeSentence(_ index: Int) -> Bool {
        let text = tree.textContent(of: index)
        guard let last = text.unicodeScalars.last(where: { !$0.properties.isWhitespace }) else { return false }
        return last == "." || last == "!" || last == "?" || last == "\u{201D}" || last == "\""
    }

    /// Marks the furniture inside `roots`.
    func prune(_ roots: [Int]) -> [Bool] {
        var removed = Array(repeating: false, count: tree.nodes.count)
        for root in roots {
            let rootLetters = max(statistics.letters[root], 1)
            var stack = [root]
            while let current = stack.popLast() {
                let node = tree.nodes[current]
                if node.isText || statistics.skipped[current] { continue }
                if current != root && shouldRemove(current, rootLetters: rootLetters) {
                    removed[current] = true
                    continue
                }
                stack.append(contentsOf: tree.children(of: current))
            }
        }
        return removed
    }

    func shouldRemove(_ index: Int, rootLetters: Int) -> Bool {
        let node = tree.nodes[index]
        let letters = statistics.letters[index]
        let share = Double(letters) / Double(rootLetters)
        let verdict = verdicts[index]
        switch node.name {
        case "h1", "figcaption": return true
        case "figure": return !contains(index, anyOf: ["blockquote", "table"])
        default: break
        }
        if verdict.isArticleBody { return false }
        // A link's names say little (`class="twitter-link"` in a sentence); pruning it would cut words
        // out of the middle of a paragraph.
        if node.name == "a" { return false }
        if verdict.isFurniture && share < 0.5 && !holdsQuotation(index) { return true }
        if (verdict.isWeakFurniture || verdict.isByline) && letters < 250 && share < 0.2 { return true }
        let density = statistics.linkDensity(index)
        switch node.name {
        case "ul", "ol", "dl":
            return density > 0.5 && share < 0.5
        case "div", "section", "table", "form", "fieldset", "aside":
            guard letters > 0 else { return false }
            if statistics.commas[index] >= 10 { return false }
            if density > 0.33 && share < 0.3 { return true }
            if node.name == "form" || node.name == "fieldset" { return share < 0.3 }
            return false
        case "span":
            // A cluster of links inside a sentence is a pop-up card (a person's name links to a card
            // of their latest stories); the name itself is a direct link and stays.
            return statistics.links[index] >= 3 && density > 0.9
                && !tree.children(of: index).contains { tree.nodes[$0].name == "a" }
        case "p":
            // "Read more: <a>headline</a>" and bare links; prose with a long link stays.
            return density > 0.5 && letters - statistics.linkLetters[index] < 25 && statistics.linkLetters[index] >= 30
        default:
            return false
        }
    }

    /// Whether a block wraps a quotation with real text (an embedded post in a "social embed").
    func holdsQuotation(_ index: Int) -> Bool {
        hasDescendant(of: index) { tree.nodes[$0].name == "blockquote" && statistics.letters[$0] >= 30 }
    }

    func contains(_ index: Int, anyOf names: Set<String>) -> Bool {
        hasDescendant(of: index) { names.contains(tree.nodes[$0].name) }
    }

    /// Whether any node below `index` satisfies `test` (an explicit stack: pages nest deeply).
    func hasDescendant(of index: Int, where test: (Int) -> Bool) -> Bool {
        var stack = Array(tree.children(of: index))
        while let current = stack.popLast() {
            if test(current) { return true }
            stack.append(contentsOf: tree.children(of: current))
        }
        return false
    }
}

/// Lines that are furniture wherever they appear: ad labels and calls to share, subscribe or read on.
enum StockPhrases {
    static func isFurniture(_ paragraph: String) -> Bool {
        let length = paragraph.utf8.count
        guard length < 400 else { return false }
        // Cookie banners ("This website uses cookies to improve…"), up to 400 bytes, but only the
        // site speaking of itself, so a story about cookies keeps its paragraphs.
        if mentionsCookies(paragraph) {
            let lowered = paragraph.lowercased()
            if cookieBannerPhrases.contains(where: { lowered.contains($0) }) { return true }
        }
        guard length < 100 else { return false }
        let lowered = paragraph.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        return exact.contains(lowered) || prefixes.contains { lowered.hasPrefix($0) }
    }

    static let cookieBannerPhrases = ["this website", "this site", "our website", "our site", "we use cookies"]

    /// A fast pre-check for "cookie"/"Cookie" on the raw bytes.
    static func mentionsCookies(_ paragraph: String) -> Bool {
        var paragraph = paragraph
        return paragraph.withUTF8 { bytes in
            guard bytes.count >= 6 else { return false }
            for index in 1..<(bytes.count - 4) where bytes[index] == 0x6F && bytes[index + 1] == 0x6F
                && bytes[index + 2] == 0x6B && bytes[index + 3] == 0x69 && bytes[index + 4] == 0x65
                && (bytes[index - 1] | 0x20) == 0x63 {
                return true
            }
            return false
        }
    }

    static let exact: Set<String> = [
        "advertisement", "ad", "ads", "sponsored", "sponsored content", "story continues below",
        "story continues below advertisement", "continue reading", "continue reading the main story",
        "read more", "read more below", "share this article", "share this story", "share", "share this",
        "related", "related articles", "related stories", "related content", "more stories", "recommended",
        "you may also like", "you might also like", "most read", "most popular", "trending",
        "skip advertisement", "scroll to continue with content", "click to expand", "loading", "loading…",
        "comments", "comment", "tags", "leave a comment", "leave a reply", "related posts", "share this:",
        "like this:", "print", "email", "print this article", "email this article",
    ]
    static let prefixes = [
        "sign up for", "subscribe to", "click here to subscribe", "follow us on", "share on", "share via",
        "read more:", "related:", "see also:", "also read:", "read also:", "watch:", "listen:",
    ]
}
