import CopydeskCore

/// Decides what decoded input is, from its content first and its file name second (a `.txt` file
/// full of Markdown is Markdown; a `.html` file with no markup is text): agency XML by its root
/// element (NITF, NewsML-G2, NewsML 1.2), ninjs by its JSON keys, else HTML, Markdown or text.
/// Wire copy and e-mail are recognised earlier, on the bytes (``WireCopy``, ``EmailMessage``).
///
/// Works on UTF-8 bytes: Foundation's `String.contains` is many times slower on Linux.
public enum FormatSniffer {
    /// The format of `content`, with the file name as a hint.
    public static func format(of content: String, fileName: String?) -> InputFormat {
        var content = content
        let start = content.withUTF8 { Array(UnsafeBufferPointer(rebasing: $0.prefix(8192))) }
        if let root = XMLRoot.name(in: start), let format = XMLRoot.agencyFormat(of: root) { return format }
        if NinjsKeys.look(like: content) { return .ninjs }
        let head = start.map(lowercased)
        let extensionHint = fileName.map(fileExtension) ?? ""
        if looksLikeHTML(head, extensionHint: extensionHint) { return .html }
        if ["md", "markdown", "mdown", "mkd"].contains(extensionHint) { return .markdown }
        if markdownSignals(in: content.withUTF8 { Array(UnsafeBufferPointer(rebasing: $0.prefix(65_536))) }) >= 2 { return .markdown }
        return .text
    }

    /// The root element of text that is XML but no format Copydesk reads, `nil` otherwise: text that
    /// declares itself XML (`<?xml …?>` first), or that is wholly markup (it opens with an element
    /// and ends with `>`) under a root that is not an HTML element (`<svg>`, `<rss>`, `<foo>`). Such
    /// text is refused rather than kept verbatim with its tags (and any `<script>` in them).
    static func declaredXMLRoot(_ content: String) -> String? {
        var content = content
        let (head, tail) = content.withUTF8 {
            (Array(UnsafeBufferPointer(rebasing: $0.prefix(8192))), Array(UnsafeBufferPointer(rebasing: $0.suffix(64))))
        }
        let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let opening = head[start...].drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        guard let root = XMLRoot.name(in: head), XMLRoot.agencyFormat(of: root) == nil, root.lowercased() != "html" else { return nil }
        if opening.starts(with: "<?xml".utf8) { return root }
        let last = tail.last { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        guard opening.first == UInt8(ascii: "<"), last == UInt8(ascii: ">"),
              !htmlElements.contains(root.lowercased()) else { return nil }
        return root
    }

    /// Elements an HTML fragment may open with.
    private static let htmlElements: Set<String> = [
        "a", "abbr", "address", "article", "aside", "b", "blockquote", "body", "br", "caption", "center", "cite", "code",
        "dd", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hr", "i", "iframe", "img", "li", "link", "main", "meta", "nav", "ol", "p", "pre", "q", "s",
        "section", "small", "span", "strong", "style", "sub", "sup", "table", "tbody", "td", "th", "thead", "title", "tr",
        "u", "ul", "script", "noscript", "time", "mark", "picture", "video", "audio", "source", "label", "input", "button",
    ]

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    private static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    private static func looksLikeHTML(_ head: [UInt8], extensionHint: String) -> Bool {
        let start = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        for opening in ["<!doctype html", "<html", "<head", "<body"] where start.starts(with: opening.utf8) { return true }
        if start.starts(with: "<?xml".utf8) || start.starts(with: "<!--".utf8) || start.starts(with: "<!doctype".utf8) {
            if head.contains(bytes: "<html") || head.contains(bytes: "<body") { return true }
        }
        // Plain text has no tag at all: one scan for "<" rules out the thirteen below.
        guard head.contains(UInt8(ascii: "<")) else { return false }
        var tags = 0
        for tag in ["<p>", "<p ", "<div", "<br", "<span", "<a href", "<table", "<meta ", "<script", "<h1", "<h2", "<li>", "<ul"]
        where head.contains(bytes: tag) {
            tags += 1
        }
        if ["html", "htm", "xhtml", "shtml"].contains(extensionHint) { return tags >= 1 }
        return tags >= 3
    }

    /// How many distinct kinds of Markdown syntax appear at line starts or inline.
    static func markdownSignals(in content: [UInt8]) -> Int {
        var heading = false, rule = false, emphasis = false, link = false, autolink = false, fence = false, quote = false
        var lineStart = 0
        while lineStart < content.count {
            let lineEnd = content[lineStart...].firstIndex(of: 0x0A) ?? content.count
            let line = content[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            let trimmed = line.drop { $0 == 0x20 }
            guard let first = trimmed.first else { continue }
            if first == UInt8(ascii: "#") {
                let hashes = trimmed.prefix { $0 == UInt8(ascii: "#") }.count
                if hashes <= 6, trimmed.dropFirst(hashes).first == 0x20 { heading = true }
            }
            // A rule: three or more of one mark, spaces aside ("---", "* * *").
            if !rule, first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "_") {
                var marks = 0
                var same = true
                for byte in trimmed where byte != 0x20 && byte != 0x0D {
                    if byte != first { same = false; break }
                    marks += 1
                }
                if same && marks >= 3 { rule = true }
            }
            if trimmed.starts(with: "```".utf8) || trimmed.starts(with: "~~~".utf8) { fence = true }
            if trimmed.starts(with: "> ".utf8) { quote = true }
            // Each inline kind is looked for only once found nowhere yet, and only on lines holding its key byte.
            if !emphasis, line.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") }),
               line.contains(bytes: "**") || line.contains(bytes: "__") { emphasis = true }
            if !link, line.contains(UInt8(ascii: "]")),
               line.contains(bytes: "](http") || line.contains(bytes: "](/") || line.contains(bytes: "](#") { link = true }
            if !autolink, line.contains(UInt8(ascii: "<")),
               line.contains(bytes: "<http://") || line.contains(bytes: "<https://") { autolink = true }
        }
        return [heading, rule, emphasis, link, autolink, fence, quote].filter { $0 }.count
    }
}

extension Collection where Element == UInt8 {
    /// Whether the bytes contain `needle`'s UTF-8 bytes.
    func contains(bytes needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, count >= pattern.count else { return false }
        var index = startIndex
        while let found = self[index...].firstIndex(of: first) {
            if self[found...].starts(with: pattern) { return true }
            index = self.index(after: found)
        }
        return false
    }
}

/// The root element of an XML document, found without parsing it: after a byte-order mark, the XML
/// declaration, comments, processing instructions and a DOCTYPE (with its internal subset).
enum XMLRoot {
    /// The root element's name as written, prefix removed (`newsItem`, `nitf`, `NewsML`), or `nil`
    /// when the bytes do not start like XML.
    static func name(in bytes: [UInt8]) -> String? {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
        func skip(past terminator: [UInt8]) -> Bool {
            while index + terminator.count <= bytes.count {
                if bytes[index] == terminator[0], bytes[index..<(index + terminator.count)].elementsEqual(terminator) {
                    index += terminator.count
                    return true
                }
                index += 1
            }
            return false
        }
        while true {
            skipSpace()
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "?") {
                guard skip(past: Array("?>".utf8)) else { return nil }
            } else if bytes[index...].starts(with: "<!--".utf8) {
                guard skip(past: Array("-->".utf8)) else { return nil }
            } else if next == UInt8(ascii: "!") {
                // A DOCTYPE: up to its closing ">", past an internal subset in brackets.
                var depth = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "[") { depth += 1 } else if byte == UInt8(ascii: "]") { depth -= 1 }
                    else if byte == UInt8(ascii: ">") && depth <= 0 { break }
                }
            } else {
                index += 1
                let nameStart = index
                while index < bytes.count, !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[index])) {
                    index += 1
                }
                guard index > nameStart else { return nil }
                let qualified = String(decoding: bytes[nameStart..<index], as: UTF8.self)
                return qualified.split(separator: ":").last.map(String.init)
            }
        }
    }

    /// The agency format a root element names; `nil` for other XML (XHTML, RSS, SVG, …).
    static func agencyFormat(of root: String) -> InputFormat? {
        switch root {
        case "nitf": return .nitf
        // NewsML-G2's items, and the fragments its specification's listings show.
        case "newsItem", "newsMessage", "packageItem", "conceptItem", "knowledgeItem", "planningItem", "catalogItem",
             "contentSet", "contentMeta", "itemMeta", "itemSet": return .newsmlG2
        case "NewsML", "NewsItem": return .newsml12
        default: return nil
        }
    }
}

/// Whether JSON text looks like a ninjs item: an object with an id (`uri`, `guid`) and a headline,
/// a body or a version time among its first 64 KB.
enum NinjsKeys {
    static func look(like content: String) -> Bool {
        let head = content.utf8.prefix(65_536)
        guard let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }), first == UInt8(ascii: "{") else {
            return false
        }
        let hasID = head.contains(bytes: "\"uri\"") || head.contains(bytes: "\"guid\"")
        let hasStory = ["\"headline", "\"body_", "\"bodies\"", "\"versioncreated\"", "\"versionCreated\"", "\"$schema\""]
            .contains { head.contains(bytes: $0) }
        return hasID && hasStory
    }
}
