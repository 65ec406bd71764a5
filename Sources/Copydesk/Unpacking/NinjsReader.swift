import CopydeskCore
import Foundation

/// Reads ninjs (News in JSON) 1.x, 2.x and 3.x. Keys are read without regard to case, so 3.x's
/// camelCase (`versionCreated`) and 1.x/2.x's lowercase (`versioncreated`) are the same.
///
/// - Body: an HTML body (`body_html`, `body_xhtml`, `body_richtext`, 2.x/3.x `bodies` with an HTML
///   content type) through the HTML path with every block kept; else a text body (`body_text`,
///   any other `body_*`, a `bodies` entry) as text.
/// - Metadata: `headline`/`headline_*`/`headlines` → title and subtitle, `byline`/`by` → authors,
///   `located` → dateline place, `subject`/`subjects` → subjects, `uri` (else `guid`) → item id,
///   `version`, `urgency`, `firstcreated`, `versioncreated`, `language`, `slugline`, `keywords`,
///   `copyrightholder`/`copyrightnotice` (or `rightsinfo`), `description_text`/`descriptions` → summary.
/// - An item of another type (picture, video, audio, graphic) or with no body gives no document.
enum NinjsReader {
    static func read(_ json: String) throws -> UnpackedFile {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw IntakeError.malformed(format: "ninjs", detail: "not valid JSON (\(detail))")
        }
        guard let raw = object as? [String: Any] else { throw IntakeError.malformed(format: "ninjs", detail: "the top level is not an object") }
        let item = lowercasedKeys(raw)
        let type = (item["type"] as? String)?.lowercased() ?? "text"
        guard var input = body(of: item), ["text", "composite", "component"].contains(type) else {
            throw IntakeError.noText(format: "ninjs", held: type == "text" ? "a text item without a body" : "a \(type) item")
        }
        input.meta = meta(of: item)
        return UnpackedFile(single: UnpackedItem(input: input, kind: "ninjs", name: input.meta.agency.itemID), encoding: "utf-8")
    }

    private static func lowercasedKeys(_ object: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in object { result[key.lowercased()] = value }
        return result
    }

    private static func entries(_ value: Any?) -> [[String: Any]] {
        (value as? [Any] ?? []).compactMap { ($0 as? [String: Any]).map(lowercasedKeys) }
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: let trimmed = text.trimmingSpaces(); return trimmed.isEmpty ? nil : trimmed
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    /// The body to clean: HTML where the item has it, else text.
    private static func body(of item: [String: Any]) -> DecodedInput? {
        var texts: [(key: String, value: String, html: Bool)] = []
        for key in item.keys.sorted() where key.hasPrefix("body_") {
            guard let value = string(item[key]) else { continue }
            texts.append((key, value, key.contains("html") || key.contains("richtext")))
        }
        for body in entries(item["bodies"]) {
            guard let value = string(body["value"]) else { continue }
            let type = (string(body["contenttype"]) ?? "").lowercased()
            let role = string(body["role"]) ?? "main"
            texts.append((role, value, type.contains("html") || type.contains("xml")))
        }
        if let html = texts.first(where: \.html) {
            return DecodedInput(format: .ninjs, content: html.value, body: .fragment)
        }
        let text = texts.first { $0.key == "body_text" || $0.key == "main" } ?? texts.first
        return text.map { DecodedInput(format: .ninjs, content: $0.value, body: .text) }
    }

    private static func meta(of item: [String: Any]) -> Metadata {
        var meta = Metadata()
        var agency = AgencyMetadata()
        // Headlines: 1.x `headline` and `headline_*`, 2.x/3.x `headlines` with roles.
        var headlines: [(role: String, value: String)] = []
        if let headline = string(item["headline"]) { headlines.append(("main", headline)) }
        for key in item.keys.sorted() where key.hasPrefix("headline_") {
            if let value = string(item[key]) { headlines.append((String(key.dropFirst("headline_".count)), value)) }
        }
        for entry in entries(item["headlines"]) {
            if let value = string(entry["value"]) { headlines.append((string(entry["role"])?.lowercased() ?? "main", value)) }
        }
        meta.title = (headlines.first { $0.role == "main" } ?? headlines.first { !$0.role.contains("sub") })?.value
        agency.subtitle = headlines.first { $0.role.contains("sub") }?.value
        if let byline = string(item["byline"]) ?? string(item["by"]) {
            meta.authors = BylineNames.names(in: byline)
            agency.bylines = meta.authors.map { Byline(name: $0) }
        }
        if let located = string(item["located"]) {
            let place = located.split(separator: ",").first.map { $0.trimmingSpaces() }
            meta.dateline = Dateline(place: place)
        }
        agency.itemID = string(item["uri"]) ?? string(item["guid"])
        agency.version = AgencyValues.integer(string(item["version"]))
        agency.urgency = AgencyValues.integer(string(item["urgency"])).map { min(max($0, 1), 9) }
        agency.firstCreated = string(item["firstcreated"]) ?? string(item["contentcreated"])
        agency.versionCreated = string(item["versioncreated"])
        meta.published = agency.firstCreated ?? agency.versionCreated
        meta.language = string(item["language"])
        agency.slugline = string(item["slugline"])
        agency.keywords = (item["keywords"] as? [Any] ?? []).compactMap(string)
        let rights = (item["rightsinfo"] as? [String: Any]).map(lowercasedKeys) ?? [:]
        agency.copyright = string(item["copyrightholder"]) ?? string(rights["copyrightholder"])
            ?? string(item["copyrightnotice"]) ?? string(rights["copyrightnotice"])
        for subject in entries(item["subject"]) + entries(item["subjects"]) {
            let code = string(subject["code"]).map { code in string(subject["scheme"]).map { "\($0)\(code)" } ?? code }
                ?? string(subject["uri"]) ?? string(subject["literal"])
            agency.subjects.append(Subject(code: code, name: string(subject["name"]), type: string(subject["rel"])))
        }
        var summaries = ["description_text", "description_usage"].compactMap { string(item[$0]) }
        summaries += entries(item["descriptions"]).filter { !(string($0["contenttype"]) ?? "").contains("html") }.compactMap { string($0["value"]) }
        agency.summary = summaries.first
        if let note = string(item["ednote"]) { agency.notes.append(note) }
        meta.agency = agency
        return meta
    }
}
