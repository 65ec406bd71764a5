import CopydeskCore

/// Decides whether decoded input is HTML, Markdown or plain text, from its content first and its
/// file name second (a `.txt` file full of Markdown is Markdown; a `.html` file with no markup is text).
public enum FormatSniffer {
    /// The format of `content`, with the file name as a hint.
    public static func format(of content: String, fileName: String?) -> InputFormat {
        let head = String(content.unicodeScalars.prefix(8192)).lowercased()
        let extensionHint = fileName.map(fileExtension) ?? ""
        if looksLikeHTML(head, extensionHint: extensionHint) { return .html }
        if ["md", "markdown", "mdown", "mkd"].contains(extensionHint) { return .markdown }
        if markdownSignals(in: String(content.unicodeScalars.prefix(65_536))) >= 2 { return .markdown }
        return .text
    }

    private static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    private static func looksLikeHTML(_ head: String, extensionHint: String) -> Bool {
        let start = head.drop { $0.isWhitespace }
        for opening in ["<!doctype html", "<html", "<head", "<body"] where start.hasPrefix(opening) { return true }
        if start.hasPrefix("<?xml") || start.hasPrefix("<!--") || start.hasPrefix("<!doctype") {
            if head.contains("<html") || head.contains("<body") { return true }
        }
        var tags = 0
        for tag in ["<p>", "<p ", "<div", "<br", "<span", "<a href", "<table", "<meta ", "<script", "<h1", "<h2", "<li>", "<ul"] {
            if head.contains(tag) { tags += 1 }
        }
        if ["html", "htm", "xhtml", "shtml"].contains(extensionHint) { return tags >= 1 }
        return tags >= 3
    }

    /// How many distinct kinds of Markdown syntax appear at line starts or inline.
    static func markdownSignals(in content: String) -> Int {
        var heading = false, rule = false, emphasis = false, link = false, autolink = false, fence = false, quote = false
        for line in content.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") {
                let hashes = trimmed.prefix { $0 == "#" }.count
                if hashes <= 6, trimmed.dropFirst(hashes).first == " " { heading = true }
            }
            let compact = trimmed.filter { $0 != " " }
            if compact.count >= 3, let mark = compact.first, "-*_".contains(mark), compact.allSatisfy({ $0 == mark }) { rule = true }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = true }
            if trimmed.hasPrefix("> ") { quote = true }
            if line.contains("**") || line.contains("__") { emphasis = true }
            if line.contains("](http") || line.contains("](/") || line.contains("](#") { link = true }
            if line.contains("<http://") || line.contains("<https://") { autolink = true }
        }
        return [heading, rule, emphasis, link, autolink, fence, quote].filter { $0 }.count
    }
}
