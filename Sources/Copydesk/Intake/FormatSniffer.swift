import CopydeskCore

/// Decides whether decoded input is HTML, Markdown or plain text, from its content first and its
/// file name second (a `.txt` file full of Markdown is Markdown; a `.html` file with no markup is text).
///
/// Works on UTF-8 bytes: Foundation's `String.contains` is many times slower on Linux.
public enum FormatSniffer {
    /// The format of `content`, with the file name as a hint.
    public static func format(of content: String, fileName: String?) -> InputFormat {
        let head = content.utf8.prefix(8192).map(lowercased)
        let extensionHint = fileName.map(fileExtension) ?? ""
        if looksLikeHTML(head, extensionHint: extensionHint) { return .html }
        if ["md", "markdown", "mdown", "mkd"].contains(extensionHint) { return .markdown }
        if markdownSignals(in: Array(content.utf8.prefix(65_536))) >= 2 { return .markdown }
        return .text
    }

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
