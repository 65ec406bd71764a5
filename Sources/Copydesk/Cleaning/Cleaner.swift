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

    /// Cleans `input`: its body as its kind says, then the envelope's metadata over what the body gave.
    public static func clean(_ input: DecodedInput) -> Cleaned {
        let knowsTitle = input.meta.title != nil
        var cleaned: Cleaned
        switch input.body {
        case .page: cleaned = cleanHTML(input.content)
        case .fragment: cleaned = storyParagraphs(cleanFragment(input.content))
        case .markdown: cleaned = cleanText(input.content, markdown: true, findTitle: !knowsTitle)
        case .text: cleaned = cleanText(input.content, markdown: false, findTitle: !knowsTitle)
        case .paragraphs:
            cleaned = storyParagraphs(input.paragraphs.filter { !$0.isEmpty })
        }
        let removed = ControlCharacters.strip(&cleaned.paragraphs)
        if removed.controls > 0 {
            cleaned.warnings.append("clean: \(removed.controls) control character\(removed.controls == 1 ? "" : "s") removed from the text")
        }
        if removed.bidi > 0 {
            cleaned.warnings.append("clean: \(removed.bidi) bidirectional override or isolate character\(removed.bidi == 1 ? "" : "s") removed from the text")
        }
        cleaned.meta = merge(envelope: input.meta, found: cleaned.meta)
        if let title = cleaned.meta.title {
            var titles = [title]
            _ = ControlCharacters.strip(&titles)
            let (capped, length) = TitleCap.apply(titles.first ?? "")
            if let length { cleaned.warnings.append("clean: title cut to \(TitleCap.limit) characters (it had \(length))") }
            cleaned.meta.title = capped.isEmpty ? nil : capped
        }
        // A body that opens with the headline the envelope gives (an e-mail's subject, a wire
        // headline repeated): the headline is in `meta.title`, as a page's is.
        if knowsTitle, input.body != .text, input.body != .markdown, let title = cleaned.meta.title, let first = cleaned.paragraphs.first,
           first.utf8.count <= title.utf8.count + 16, sameWords(first, title) {
            cleaned.paragraphs.removeFirst()
        }
        cleaned.warnings = input.warnings + cleaned.warnings
        if input.body == .paragraphs || input.body == .fragment, cleaned.paragraphs.isEmpty, !cleaned.warnings.contains(where: { $0.hasPrefix("clean:") }) {
            cleaned.warnings.append("clean: no text left after cleaning")
        }
        return cleaned
    }

    /// Whether two texts have the same letters and digits, case aside, without building either.
    private static func sameWords(_ a: String, _ b: String) -> Bool {
        var left = a.unicodeScalars.makeIterator(), right = b.unicodeScalars.makeIterator()
        func next(_ iterator: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
            while let scalar = iterator.next() {
                if scalar.isASCII {
                    let byte = UInt8(scalar.value)
                    if byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 { return scalar }
                    if byte >= 0x41 && byte <= 0x5A { return Unicode.Scalar(byte | 0x20) }
                    continue
                }
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return scalar }
            }
            return nil
        }
        while true {
            let x = next(&left), y = next(&right)
            if x != y { return false }
            if x == nil { return true }
        }
    }

    /// An agency's body: all of it is story. A dateline opening it ("GROSSETO, Italy (AP) -- ") moves
    /// into metadata as it does for text.
    private static func storyParagraphs(_ paragraphs: [String]) -> Cleaned {
        var paragraphs = paragraphs
        var meta = Metadata()
        if let first = paragraphs.first, let (dateline, rest) = FrontMatter.parseDateline(first) {
            meta.dateline = dateline
            paragraphs[0] = rest
            if rest.isEmpty { paragraphs.removeFirst() }
        }
        return Cleaned(paragraphs: paragraphs, meta: meta, warnings: [])
    }

    /// What an envelope (an agency's metadata, an e-mail's headers) says wins over what the body says.
    static func merge(envelope: Metadata, found: Metadata) -> Metadata {
        var meta = found
        meta.title = envelope.title ?? found.title
        meta.published = envelope.published ?? found.published
        meta.site = envelope.site ?? found.site
        meta.url = envelope.url ?? found.url
        if !envelope.authors.isEmpty { meta.authors = envelope.authors }
        meta.language = envelope.language ?? found.language
        if var dateline = envelope.dateline {
            // The envelope's place, with what the body's own dateline adds (the agency, the date).
            if let body = found.dateline {
                dateline.date = dateline.date ?? body.date
                dateline.agency = dateline.agency ?? body.agency
            }
            meta.dateline = dateline
        }
        meta.agency = envelope.agency.filled(from: found.agency)
        return meta
    }

    /// HTML that is all story: every block becomes a paragraph, without looking for an article.
    static func cleanFragment(_ content: String) -> [String] {
        guard let tree = HTMLParser.parse(content) else { return [] }
        return HTMLText.paragraphs(in: tree, vocabulary: .agency)
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

    static func cleanText(_ content: String, markdown: Bool, findTitle: Bool = true) -> Cleaned {
        var lines = SourceLine.lines(of: content)
        if markdown { lines = MarkdownSyntax.strip(lines) }
        let unwrapper = LineUnwrapper(startsParagraph: { FrontMatter.startsWithDateline($0) })
        var paragraphs = unwrapper.paragraphs(from: lines)
        for index in paragraphs.indices {
            paragraphs[index].text = SentenceSpacing.restore(in: paragraphs[index].text.collapsingSpaces())
        }
        var meta = Metadata()
        FrontMatter.extract(from: &paragraphs, into: &meta, findTitle: findTitle)
        let warnings = paragraphs.isEmpty ? ["clean: no text left after cleaning"] : []
        return Cleaned(paragraphs: paragraphs.map(\.text), meta: meta, warnings: warnings)
    }
}

/// Control characters never reach the text, whatever path a body took: C0 (but the line breaks and
/// tabs the paths have already turned into paragraphs and spaces), DEL and C1.
enum ControlCharacters {
    /// Removes them from `paragraphs` in place, and the bidirectional embedding, override and isolate
    /// characters (U+202A–U+202E, U+2066–U+2069) that can make text read differently from how it is
    /// stored; returns how many of each it removed.
    static func strip(_ paragraphs: inout [String]) -> (controls: Int, bidi: Int) {
        var removed = 0, bidi = 0
        for index in paragraphs.indices {
            let utf8 = paragraphs[index].utf8
            var previous: UInt8 = 0, beforePrevious: UInt8 = 0
            var found = false
            for byte in utf8 {
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte < 0xA0) { found = true; break }
                if beforePrevious == 0xE2, previous == 0x80 && (0xAA...0xAE).contains(byte) || previous == 0x81 && (0xA6...0xA9).contains(byte) {
                    found = true
                    break
                }
                beforePrevious = previous
                previous = byte
            }
            guard found else { continue }
            var scalars = String.UnicodeScalarView()
            for scalar in paragraphs[index].unicodeScalars {
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    removed += 1
                    // A tab or line break still separates words.
                    if scalar == "\t" || scalar == "\n" || scalar == "\r" { scalars.append(" ") }
                    continue
                }
                if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                    bidi += 1
                    continue
                }
                scalars.append(scalar)
            }
            paragraphs[index] = String(scalars).collapsingSpaces()
        }
        paragraphs.removeAll { $0.isEmpty }
        return (removed, bidi)
    }
}

/// Titles longer than a headline ever is are cut (a page whose `<title>` never closes, a generated
/// one): at the last word boundary before ``limit`` characters, with an ellipsis.
enum TitleCap {
    /// The longest title kept, in characters.
    static let limit = 300

    /// The title, cut when longer than ``limit``, and its original length when it was cut.
    static func apply(_ title: String) -> (title: String, cutFrom: Int?) {
        let scalars = title.unicodeScalars
        guard scalars.count > limit else { return (title, nil) }
        var kept = Array(scalars.prefix(limit - 1))
        if let space = kept.lastIndex(where: { $0.properties.isWhitespace }), space > limit / 2 { kept.removeSubrange(space...) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: kept)
        return (String(view).trimmingSpaces() + "\u{2026}", scalars.count)
    }
}
