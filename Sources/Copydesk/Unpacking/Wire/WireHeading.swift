import CopydeskCore

/// The heading of a wire message: what goes into `meta.transmission`, the slug and the markers.
struct WireHeading {
    var transmission = Transmission()
    var slugline: String?
    var markers: [String] = []
    var keywords: [String] = []
    /// ANPA's DC2 format identifier: the text is preserved (tabular) copy.
    var tabular = false

    /// ANPA-1312: "a0123" (service level, message number), US, selector codes; then
    /// "r a" + DC3/DC4 + DC1/DC2 + " BC-BKN--Heat-Hawks 1stLd-Writethru 02-20 0500" (priority,
    /// category, format identifiers, slug with its cycle, version, reference date, word count).
    static func anpa(_ heading: String) -> WireHeading {
        var result = WireHeading()
        let lines = heading.split(whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first else { return result }
        let parts = first.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let identifier = parts[0].filter { !$0.isASCII || $0 >= " " }.trimmingSpaces()
        if let letter = identifier.first, letter.isLetter {
            result.transmission.service = String(letter)
            let digits = identifier.dropFirst().prefix { $0.isNumber }
            if !digits.isEmpty { result.transmission.sequence = String(digits) }
        }
        if parts.count > 1 {
            let selector = parts[1].trimming(" -\t")
            if !selector.isEmpty { result.transmission.selector = selector }
        }
        guard lines.count > 1 else { return result }
        let second = lines[1]
        result.tabular = second.unicodeScalars.contains("\u{12}")
        let visible = String(String.UnicodeScalarView(second.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
        var words = visible.split(separator: " ").map(String.init)
        if words.count >= 2, words[0].count == 1, words[1].count == 1 {
            result.transmission.priority = words[0]
            result.transmission.category = words[1]
            words.removeFirst(2)
        }
        if let last = words.last, last.count == 4, last.allSatisfy(\.isNumber) {
            result.transmission.wordCount = Int(last)
            words.removeLast()
        }
        if let last = words.last, last.count == 5, last.dropFirst(2).first == "-", last.filter(\.isNumber).count == 4 {
            words.removeLast()   // the reference date, MM-DD
        }
        if let slug = words.first {
            result.slugline = slug
            result.markers = Array(words.dropFirst())
        }
        return result
    }

    /// IPTC 7901: "eca0003 3 i 380  dpa 0045" (service identification and serial number, priority,
    /// category, word count, optional information), then keyword lines.
    static func iptc7901(_ heading: String) -> WireHeading {
        var result = WireHeading()
        let lines = heading.split(whereSeparator: \.isNewline)
            .map { String(String.UnicodeScalarView($0.unicodeScalars.filter { $0.value >= 0x20 })).trimmingSpaces() }
            .filter { !$0.isEmpty }
        guard let first = lines.first else { return result }
        let words = first.split(separator: " ").map(String.init)
        if let identifier = words.first {
            let service = identifier.prefix { $0.isLetter }
            let sequence = identifier.dropFirst(service.count)
            if !service.isEmpty { result.transmission.service = String(service) }
            if !sequence.isEmpty { result.transmission.sequence = String(sequence) }
        }
        if words.count > 1 { result.transmission.priority = words[1] }
        if words.count > 2 { result.transmission.category = words[2] }
        if words.count > 3 { result.transmission.wordCount = Int(words[3]) }
        if words.count > 4 { result.transmission.selector = words[4...].joined(separator: " ") }
        for line in lines.dropFirst() {
            if WireVocabulary.isMarkerLine(line) { result.markers.append(line) } else { result.keywordLine(line) }
        }
        return result
    }

    /// A keyword (slug) line: "Switzerland/migration/UN/" → the slug line and its keywords.
    mutating func keywordLine(_ line: String) {
        let slug = line.trimming(" /")
        guard !slug.isEmpty else { return }
        slugline = slugline.map { "\($0) \(slug)" } ?? slug
        keywords += slug.split(separator: "/").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// Whether a line reads as a 7901 keyword line: words joined by slashes, or ending in one.
    static func isKeywordLine(_ line: String) -> Bool {
        guard line.count <= 120, line.contains("/"), !line.contains("://") else { return false }
        return line.hasSuffix("/") || !line.contains(" ")
    }
}
