import CopydeskCore

/// Reads the agencies' XML formats: NITF, NewsML-G2 and NewsML 1.2, through libxml2's XML parser.
enum AgencyXMLReader {
    /// The items of an agency XML file, or ``IntakeError``.
    static func read(_ xml: String, format: InputFormat) throws -> UnpackedFile {
        guard let parsed = XMLParser.parse(xml) else {
            throw IntakeError.malformed(format: format.displayName, detail: "libxml2 could not start parsing it")
        }
        let tree = parsed.tree
        guard let root = tree.children(of: MarkupTree.root).first(where: { !tree.nodes[$0].isText }) else {
            throw IntakeError.malformed(format: format.displayName, detail: parsed.firstError ?? "no root element")
        }
        var warnings: [String] = []
        if parsed.errorCount > 0 {
            warnings.append("xml: the file is not well-formed (\(parsed.errorCount) error\(parsed.errorCount == 1 ? "" : "s"), "
                            + "first: \(parsed.firstError ?? "unknown")); read what libxml2 recovered")
        }
        if !parsed.unknownEntities.isEmpty {
            warnings.append("xml: entities left out, never expanded (declared in the file, or unknown): "
                            + parsed.unknownEntities.map { "&\($0);" }.joined(separator: " "))
        }
        var file: UnpackedFile
        switch format {
        case .nitf:
            guard let item = NITFReader.item(tree, nitf: root) else {
                throw IntakeError.noText(format: "NITF", held: "no body text")
            }
            file = UnpackedFile(single: UnpackedItem(input: item, kind: "nitf", name: item.meta.agency.itemID), encoding: "utf-8")
        case .newsml12:
            file = try NewsML12Reader.read(tree, root: root)
        default:
            file = try NewsMLG2Reader.read(tree, root: root)
        }
        file.warnings = warnings + file.warnings
        return file
    }
}

extension InputFormat {
    /// The format's name as people write it: "NITF", "NewsML-G2", "e-mail".
    var displayName: String {
        switch self {
        case .html: return "HTML"
        case .markdown: return "Markdown"
        case .text: return "text"
        case .nitf: return "NITF"
        case .newsmlG2: return "NewsML-G2"
        case .newsml12: return "NewsML 1.2"
        case .ninjs: return "ninjs"
        case .iptc7901: return "IPTC 7901"
        case .anpa1312: return "ANPA-1312"
        case .email: return "e-mail"
        case .rtf: return "RTF"
        }
    }
}

/// Small readings shared by the agency readers.
enum AgencyValues {
    /// The leading whole number of a version or urgency ("11", "3.0", " 2 ").
    static func integer(_ text: String?) -> Int? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty || digits.count > 9 ? nil : Int(digits)
    }

    /// A timestamp as given, in ISO 8601 where it is one of the compact forms agencies use
    /// (`20020911T111000-0400` → `2002-09-11T11:10:00-04:00`, `20010822` → `2001-08-22`).
    static func timestamp(_ text: String?) -> String? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        let bytes = Array(text.utf8)
        func isDigit(_ index: Int) -> Bool { index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        func digits(_ range: Range<Int>) -> String? {
            range.allSatisfy(isDigit) ? String(decoding: bytes[range], as: UTF8.self) : nil
        }
        // Already ISO 8601 (a dash after the year), or not a compact date: as given.
        guard bytes.count >= 8, let year = digits(0..<4), let month = digits(4..<6), let day = digits(6..<8) else { return text }
        var result = "\(year)-\(month)-\(day)"
        guard bytes.count > 8 else { return result }
        guard bytes[8] == UInt8(ascii: "T"), let hour = digits(9..<11), let minute = digits(11..<13) else { return text }
        var index = 13
        var second = "00"
        if let found = digits(13..<15) { second = found; index = 15 }
        result += "T\(hour):\(minute):\(second)"
        let zone = bytes[index...]
        if zone.isEmpty || zone.elementsEqual("Z".utf8) { return result + String(decoding: zone, as: UTF8.self) }
        if zone.count == 5, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"), (index + 1..<index + 5).allSatisfy(isDigit) {
            return result + String(decoding: zone.prefix(3), as: UTF8.self) + ":" + String(decoding: zone.suffix(2), as: UTF8.self)
        }
        return result + String(decoding: zone, as: UTF8.self)
    }
}
