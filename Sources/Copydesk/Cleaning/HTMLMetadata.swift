import CopydeskCore
import Foundation

/// Metadata from an HTML page: `<title>`, `<meta>` (name, property, itemprop, OpenGraph, article:),
/// `<link rel=canonical>`, `<time>`, `<html lang>` and JSON-LD.
enum HTMLMetadata {
    static func extract(from tree: MarkupTree) -> Metadata {
        var found = Candidates()
        for (index, node) in tree.nodes.enumerated() where !node.isText {
            switch node.name {
            case "title" where found.htmlTitle == nil:
                found.htmlTitle = tree.textContent(of: index).collapsingSpaces()
            case "meta":
                let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop") ?? "").lowercased()
                let value = (node.attribute("content") ?? node.attribute("datetime") ?? "").collapsingSpaces()
                guard !key.isEmpty, !value.isEmpty else {
                    if node.attribute("http-equiv")?.lowercased() == "content-language", let value = node.attribute("content") {
                        found.language.append(value)
                    }
                    continue
                }
                found.addMeta(key: key, value: value)
            case "link":
                let rel = node.attribute("rel")?.lowercased().split(separator: " ") ?? []
                if rel.contains("canonical"), let href = node.attribute("href"), href.hasPrefix("http") {
                    found.url.insert(href, at: 0)
                }
            case "html":
                if let lang = node.attribute("lang") ?? node.attribute("xml:lang"), !lang.isEmpty { found.language.insert(lang, at: 0) }
            case "time":
                if let value = node.attribute("datetime"), !value.isEmpty { found.timeElement.append(value) }
            case "script":
                if node.attribute("type")?.lowercased().contains("ld+json") == true {
                    JSONLD.read(tree.textContent(of: index), into: &found)
                }
            case "h1" where found.heading == nil:
                let text = tree.textContent(of: index).collapsingSpaces()
                if !text.isEmpty { found.heading = text }
            default:
                break
            }
        }
        return found.resolved()
    }

    /// What each source said, before choosing.
    struct Candidates {
        var htmlTitle: String?
        var heading: String?
        var title: [String] = []
        var published: [String] = []
        var timeElement: [String] = []
        var site: [String] = []
        var url: [String] = []
        var authors: [String] = []
        var language: [String] = []

        mutating func addMeta(key: String, value: String) {
            switch key {
            case "og:title", "twitter:title", "headline", "dc.title", "sailthru.title", "parsely-title":
                title.append(value)
            case "article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
                 "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "og:published_time",
                 "article.published", "originalpublicationdate", "datecreated":
                published.append(value)
            case "og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site":
                site.append(value.hasPrefix("@") ? String(value.dropFirst()) : value)
            case "og:url", "twitter:url", "parsely-link":
                if value.hasPrefix("http") { url.append(value) }
            case "author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author", "citation_author":
                if !value.hasPrefix("http") { authors.append(contentsOf: BylineNames.names(in: value)) }
            case "og:locale", "language", "dc.language", "content-language":
                language.append(value.replacingOccurrences(of: "_", with: "-"))
            default:
                break
            }
        }

        func resolved() -> Metadata {
            let siteName = site.first
            let rawTitle = title.first ?? htmlTitle ?? heading
            var unique: [String] = []
            for author in authors where !unique.contains(where: { $0.caseInsensitiveCompare(author) == .orderedSame }) {
                unique.append(author)
            }
            return Metadata(
                title: rawTitle.map { TitleCleaner.removingSiteName(from: $0, siteName: siteName) },
                published: published.first ?? timeElement.first ?? url.lazy.compactMap(URLDate.find).first,
                site: siteName,
                url: url.first,
                authors: unique,
                language: language.first,
                dateline: nil)
        }
    }
}

/// Reads the JSON-LD blocks news sites embed (`NewsArticle`, `Article`, `@graph`, …).
enum JSONLD {
    static func read(_ json: String, into found: inout HTMLMetadata.Candidates) {
        guard let data = json.trimmingSpaces().data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        for object in objects(in: value) {
            let types = typeNames(of: object)
            let isArticle = types.contains { $0.hasSuffix("article") || $0 == "blogposting" || $0 == "report" }
            if isArticle {
                if let headline = object["headline"] as? String { found.title.insert(headline.collapsingSpaces(), at: 0) }
                if let date = object["datePublished"] as? String { found.published.insert(date, at: 0) }
                if let url = object["url"] as? String, url.hasPrefix("http") { found.url.append(url) }
                if let page = object["mainEntityOfPage"] as? String, page.hasPrefix("http") { found.url.append(page) }
                if let page = object["mainEntityOfPage"] as? [String: Any], let id = page["@id"] as? String, id.hasPrefix("http") {
                    found.url.append(id)
                }
                found.authors.insert(contentsOf: names(in: object["author"]), at: 0)
                if let publisher = names(in: object["publisher"]).first { found.site.append(publisher) }
                if let language = object["inLanguage"] as? String { found.language.append(language) }
            } else if types.contains("website") || types.contains("newsmediaorganization") || types.contains("organization") {
                if let name = object["name"] as? String { found.site.append(name) }
            }
        }
    }

    /// Every JSON object in a JSON-LD value, including those inside `@graph` and arrays.
    private static func objects(in value: Any) -> [[String: Any]] {
        if let array = value as? [Any] { return array.flatMap(objects) }
        guard let object = value as? [String: Any] else { return [] }
        if let graph = object["@graph"] { return [object] + objects(in: graph) }
        return [object]
    }

    private static func typeNames(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type.lowercased()] }
        if let types = object["@type"] as? [Any] { return types.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    /// Names from a person/organisation value: a string, an object with `name`, or an array of them.
    private static func names(in value: Any?) -> [String] {
        switch value {
        case let text as String: return text.hasPrefix("http") ? [] : BylineNames.names(in: text)
        case let object as [String: Any]:
            if let name = object["name"] as? String { return [name.collapsingSpaces()] }
            return []
        case let array as [Any]: return array.flatMap { names(in: $0) }
        default: return []
        }
    }
}

/// Splits bylines into names: "By Jane Doe and John Roe" → ["Jane Doe", "John Roe"].
enum BylineNames {
    static func names(in byline: String) -> [String] {
        var text = byline.collapsingSpaces()
        for prefix in ["By ", "by ", "BY "] where text.hasPrefix(prefix) { text = String(text.dropFirst(prefix.count)) }
        var names: [String] = []
        for part in text.split(separator: ",") {
            // " and " and " & " separate names as commas do.
            var words: [Substring] = []
            for word in part.split(separator: " ") {
                if word == "and" || word == "&" {
                    if !words.isEmpty { names.append(words.joined(separator: " ")) }
                    words = []
                } else {
                    words.append(word)
                }
            }
            if !words.isEmpty { names.append(words.joined(separator: " ")) }
        }
        return names
    }
}

/// Takes the site's name off a page title: "Story | Site", "Story - Site", "Site: Story".
enum TitleCleaner {
    static let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "]

    static func removingSiteName(from title: String, siteName: String?) -> String {
        let title = title.collapsingSpaces()
        for separator in separators where title.contains(separator) {
            let parts = title.components(separatedBy: separator)
            if let siteName, !siteName.isEmpty {
                let site = normalized(siteName)
                let kept = parts.filter { part in
                    let key = normalized(part)
                    return !(key == site || (key.count >= 3 && site.contains(key)) || (site.count >= 3 && key.contains(site) && key.count <= site.count + 4))
                }
                if !kept.isEmpty && kept.count < parts.count { return kept.joined(separator: separator) }
            }
            // " | " almost always separates sections and the site name: keep the longest part.
            if separator == " | ", let longest = parts.max(by: { $0.count < $1.count }), longest.split(separator: " ").count >= 3 {
                return longest.trimmingSpaces()
            }
        }
        return title
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}

extension StringProtocol {
    /// White space runs (including line breaks) folded into single spaces, ends trimmed.
    func collapsingSpaces() -> String {
        // Most values need nothing: printable ASCII with single spaces inside, none at the ends.
        if let first = utf8.first, first != 0x20 {
            var previousSpace = false
            var clean = true
            for byte in utf8 {
                if byte < 0x20 || byte >= 0x80 || (byte == 0x20 && previousSpace) { clean = false; break }
                previousSpace = byte == 0x20
            }
            if clean && !previousSpace { return String(self) }
        }
        var collector = ParagraphCollector()
        collector.append(String(self))
        collector.breakParagraph()
        return collector.paragraphs.first ?? ""
    }
}

/// A publication date written into an article's URL: `/2019/11/18/`, `/2019-11-18-`, `/20191118/`.
/// The last resort, after JSON-LD, meta tags and `<time>`.
enum URLDate {
    /// `YYYY-MM-DD`, when the URL's path holds a plausible date.
    static func find(in url: String) -> String? {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        let patterns = [
            /\/((?:19|20)\d\d)\/([01]?\d)\/([0-3]?\d)(?:\/|$)/,
            /[\/_-]((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?:[\/_.-]|$)/,
            /\/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:[\/_.-]|$)/,
        ]
        for pattern in patterns {
            guard let match = path.firstMatch(of: pattern),
                  let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
                  (1...12).contains(month), (1...31).contains(day) else { continue }
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        return nil
    }
}
