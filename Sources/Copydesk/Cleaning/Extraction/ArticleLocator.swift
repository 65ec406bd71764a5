/// Finds the element that holds a page's story: readability-style scoring of paragraph-like blocks,
/// pulled towards elements named like a story body.
///
/// Every paragraph-like block (`p`, `pre`, `td`, and `div`s without block children) with enough text
/// scores by its length and commas; the score flows to its parent in full, its grandparent in half,
/// and more distant ancestors in smaller shares. Ancestors start from a weight for their tag and
/// their names (``BoilerplateNames``), and the final score is discounted by link density.
struct ArticleLocator {
    let tree: MarkupTree
    let statistics: BlockStatistics
    let verdicts: [BoilerplateNames.Verdict]

    /// The chosen container and its score, or `nil` when nothing on the page reads like prose.
    struct Choice {
        /// The best-scoring element.
        var container: Int
        /// Its score after the link-density discount.
        var score: Double
        /// All discounted scores, for sibling decisions.
        var scores: [Double]
    }

    /// Finds the container. With `ignoringNames`, furniture names do not exclude blocks (the retry
    /// for pages that name everything like furniture).
    func locate(ignoringNames: Bool = false) -> Choice? {
        let count = tree.nodes.count
        var unlikely = Array(repeating: false, count: count)
        var scores = Array(repeating: 0.0, count: count)
        var scored = Array(repeating: false, count: count)
        var body = MarkupTree.root
        for index in 1..<count {
            let node = tree.nodes[index]
            guard !node.isText, !statistics.skipped[index] else { continue }
            if node.name == "body" { body = index }
            let parent = node.parent
            if parent > 0 && unlikely[parent] { unlikely[index] = true; continue }
            let verdict = verdicts[index]
            if !ignoringNames && verdict.isFurniture && !verdict.isContentLike && !verdict.isArticleBody
                && !Self.neverUnlikely.contains(node.name) {
                unlikely[index] = true
                continue
            }
            // A paragraph-like block scores for its parent and beyond; loose text in a container
            // (text between `<br>`s next to block children) scores for the container itself.
            let letters: Int, commas: Int, firstAncestor: Int
            if isParagraphLike(index) {
                (letters, commas, firstAncestor) = (statistics.letters[index], statistics.commas[index], parent)
            } else if node.name == "td" {
                // A story cell (see isParagraphLike) scores for itself.
                (letters, commas, firstAncestor) = (statistics.letters[index], statistics.commas[index], index)
            } else if HTMLText.blockElements.contains(node.name) {
                // A row's cells are inline to it, but a story cell's text is the cell's, not the row's.
                if node.name == "tr", tree.children(of: index).contains(where: {
                    tree.nodes[$0].name == "td" && statistics.letters[$0] >= Self.storyCellLetters
                }) { continue }
                (letters, commas, firstAncestor) = (statistics.looseLetters[index], statistics.looseCommas[index], index)
            } else {
                continue
            }
            guard letters >= 25 else { continue }
            let score = 1 + Double(commas) + min(Double(letters) / 100, 3)
            var ancestor = firstAncestor
            var level = 0
            while ancestor > 0 && level < 5 {
                if !scored[ancestor] {
                    scored[ancestor] = true
                    scores[ancestor] = initialScore(ancestor)
                }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                scores[ancestor] += score / divider
                ancestor = tree.nodes[ancestor].parent
                level += 1
            }
        }
        var best = -1
        var bestScore = 0.0
        for index in 0..<count where scored[index] {
            scores[index] *= 1 - statistics.linkDensity(index)
            // An element whose text is mostly in several <article>s is a listing, not a story.
            if statistics.articles[index] >= 2 && statistics.articleLetters[index] * 2 > statistics.letters[index] {
                scores[index] *= 0.5
            }
            if best < 0 || scores[index] > bestScore { best = index; bestScore = scores[index] }
        }
        guard best > 0 else { return nil }

        // Climb while an ancestor scores higher (the story is split over several blocks), and out of
        // wrappers that hold nothing else.
        var container = best
        var lastScore = bestScore
        var parent = tree.nodes[container].parent
        while parent > 0 && parent != body {
            if scored[parent] {
                if scores[parent] < lastScore / 3 { break }
                if scores[parent] > lastScore { container = parent; break }
                lastScore = scores[parent]
            }
            parent = tree.nodes[parent].parent
        }
        while true {
            let parent = tree.nodes[container].parent
            guard parent > 0, parent != body, elementChildren(of: parent) == 1 else { break }
            container = parent
        }
        let score = scored[container] ? scores[container] : bestScore
        return Choice(container: container, score: score, scores: scores)
    }

    /// `body`, `a` and the semantic containers are never excluded by name alone.
    /// Letters from which a table cell is a container rather than a paragraph.
    static let storyCellLetters = 500

    static let neverUnlikely: Set<String> = ["html", "body", "a", "article", "main", "#root"]

    /// `p`, `pre`, `td`, and block-free `div`/`section` elements (text in plain divs).
    func isParagraphLike(_ index: Int) -> Bool {
        switch tree.nodes[index].name {
        case "p", "pre": return true
        case "td":
            // A layout table's content cell (old CMSs, ASP.NET pages) holds the whole story as text
            // between <br>s: it is the story's container, not a paragraph of the table.
            return statistics.letters[index] < Self.storyCellLetters
        case "div", "section":
            for child in tree.children(of: index) where HTMLText.blockElements.contains(tree.nodes[child].name) {
                return false
            }
            return true
        default: return false
        }
    }

    func initialScore(_ index: Int) -> Double {
        var score: Double
        switch tree.nodes[index].name {
        case "div", "article", "main": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: score = 0
        }
        return score + Self.nameWeight(verdicts[index])
    }

    /// +25 for content names, +25 more for story-body names, −25 for furniture names.
    static func nameWeight(_ verdict: BoilerplateNames.Verdict) -> Double {
        var weight = 0.0
        if verdict.isArticleBody {
            weight += 50
        } else if verdict.isContentLike && !verdict.isWeakFurniture && !verdict.isByline {
            weight += 25
        }
        if verdict.isFurniture { weight -= 25 }
        return weight
    }

    func elementChildren(of index: Int) -> Int {
        var count = 0
        for child in tree.children(of: index) {
            let node = tree.nodes[child]
            if node.isText {
                if statistics.letters[child] > 0 { return 2 }
            } else if !statistics.skipped[child] {
                count += 1
            }
        }
        return count
    }
}
