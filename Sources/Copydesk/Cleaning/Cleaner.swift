import CopydeskCore

/// Turns decoded input into clean text and metadata.
///
/// HTML goes through libxml2 and block-aware text extraction; text and Markdown have their lines
/// unwrapped, Markdown syntax removed, missing sentence spaces restored and the story's header,
/// title, dateline and trailing signature moved into metadata.
public enum Cleaner {
    /// The result of cleaning one input.
    public struct Cleaned: Sendable, Equatable {
        /// The paragraphs, in order.
        public var paragraphs: [String]
        /// Metadata found on the way.
        public var meta: Metadata
        /// Non-fatal problems.
        public var warnings: [String]
    }

    /// Cleans `input`.
    public static func clean(_ input: DecodedInput) -> Cleaned {
        switch input.format {
        case .html: return cleanHTML(input.content)
        case .markdown: return cleanText(input.content, markdown: true)
        case .text: return cleanText(input.content, markdown: false)
        }
    }

    static func cleanHTML(_ content: String) -> Cleaned {
        guard let tree = HTMLParser.parse(content) else {
            return Cleaned(paragraphs: [], meta: Metadata(), warnings: ["clean: the HTML parser could not build a tree"])
        }
        let meta = HTMLMetadata.extract(from: tree)
        let extraction = ArticleExtractor(tree: tree).extract()
        let paragraphs = extraction.paragraphs
        var warnings: [String] = []
        if !extraction.foundArticle {
            warnings.append("clean: no article found in the page (it reads like an index, a form or navigation only)")
        } else if paragraphs.isEmpty {
            warnings.append("clean: no text found in the page")
        }
        return Cleaned(paragraphs: paragraphs, meta: meta, warnings: warnings)
    }

    static func cleanText(_ content: String, markdown: Bool) -> Cleaned {
        var lines = SourceLine.lines(of: content)
        if markdown { lines = MarkdownSyntax.strip(lines) }
        let unwrapper = LineUnwrapper(startsParagraph: { FrontMatter.startsWithDateline($0) })
        var paragraphs = unwrapper.paragraphs(from: lines)
        for index in paragraphs.indices {
            paragraphs[index].text = SentenceSpacing.restore(in: paragraphs[index].text.collapsingSpaces())
        }
        var meta = Metadata()
        FrontMatter.extract(from: &paragraphs, into: &meta)
        let warnings = paragraphs.isEmpty ? ["clean: no text left after cleaning"] : []
        return Cleaned(paragraphs: paragraphs.map(\.text), meta: meta, warnings: warnings)
    }
}
