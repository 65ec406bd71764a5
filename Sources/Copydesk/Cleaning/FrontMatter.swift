import CopydeskCore

/// Finds what surrounds a story in text and Markdown files and moves it into metadata: a leading
/// "date 2023-11-04 Islam Times -" header, the title, a wire dateline ("Tehran, November 3 (RHC)--"),
/// and a trailing source URL or signature.
enum FrontMatter {
    /// The months' first three letters, which the dateline pattern and its quick test both start from.
    private static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let months = "(?:\(monthAbbreviations.joined(separator: "|")))[a-z]*\\.?"

    /// "date 2023-11-04 Islam Times - " at the very start.
    nonisolated(unsafe) private static let header = try! Regex(
        "^(?:[Dd]ate|DATE)?:?\\s*(?<date>\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?Z?)?)\\s+(?:(?<site>[^-–—\\s][^-–—]{0,59}?)\\s+)?(?:-{1,2}|–|—)\\s+")

    /// "Tehran, November 3 (RHC)-- ", "GAZA CITY, Dec 31 (Reuters) - ", "WASHINGTON — ", and with a
    /// region, as AP writes them: "GROSSETO, Italy (AP) -- ", "BUENOS AIRES, Argentina (AP) — ".
    nonisolated(unsafe) private static let dateline = try! Regex(
        "^(?<place>\\p{Lu}[\\p{L}.'’-]*(?: \\p{Lu}[\\p{L}.'’-]*){0,3})"
        + "(?:,\\s*(?<region>\\p{Lu}[\\p{L}.'’-]*(?: \\p{Lu}[\\p{L}.'’-]*){0,2})(?=\\s*[,(]))?"
        + "(?:,\\s*(?<date>\(months)\\s+\\d{1,2}(?:,?\\s+\\d{4})?))?"
        + "\\s*(?:\\((?<agency>[^()]{1,30})\\))?\\s*(?:--|—|–|-|:)\\s*")

    /// "(New York, NY - October 21) ": a dateline in brackets, as some agencies open a story.
    nonisolated(unsafe) private static let bracketedDateline = try! Regex(
        "^\\((?<place>\\p{Lu}[^()\\-–—]{1,40}?)\\s+[-–—]\\s+(?<date>[^()]{2,30})\\)\\s*")

    /// "(Sports Network) - ", "(Reuters) - ": the agency alone, in brackets, before a dash.
    nonisolated(unsafe) private static let agencyOnly = try! Regex(
        "^\\((?<agency>\\p{Lu}[^()]{1,29})\\)\\s*(?:--|—|–|-)\\s+")

    /// Whether `line` starts with a dateline (used to split a title from the story's first line).
    static func startsWithDateline(_ line: String) -> Bool {
        parseDateline(line) != nil
    }

    /// Moves header, title, dateline and trailing URL or signature out of `paragraphs` into `meta`.
    /// The title stays in the text as its first paragraph: headlines carry claims too.
    /// With `findTitle` false (the title is known from an envelope), no paragraph is taken for it.
    static func extract(from paragraphs: inout [TextParagraph], into meta: inout Metadata, findTitle: Bool = true) {
        guard !paragraphs.isEmpty else { return }
        takeHeader(from: &paragraphs, into: &meta)
        takeTrailer(from: &paragraphs, into: &meta)
        let titleIndex = findTitle ? Self.findTitle(in: paragraphs) : nil
        if let titleIndex {
            meta.title = paragraphs[titleIndex].text.trimmingCharacters(in: " :").description
        }
        let first = titleIndex.map { $0 + 1 } ?? 0
        for index in first..<min(paragraphs.count, first + 3) {
            if let (dateline, rest) = parseDateline(paragraphs[index].text) {
                meta.dateline = dateline
                paragraphs[index].text = rest
                break
            }
        }
        paragraphs.removeAll { $0.text.isEmpty }
    }

    private static func takeHeader(from paragraphs: inout [TextParagraph], into meta: inout Metadata) {
        let text = paragraphs[0].text
        guard let match = try? header.prefixMatch(in: text) else { return }
        if let date = match.output["date"]?.substring { meta.published = String(date) }
        if let site = match.output["site"]?.substring, !site.isEmpty { meta.site = String(site).trimmingSpaces() }
        paragraphs[0].text = String(text[match.range.upperBound...])
        if paragraphs[0].text.isEmpty { paragraphs.removeFirst() }
    }

    /// A trailing bare URL becomes `meta.url`; a short signature line after it (or in bold, or after
    /// a rule) becomes `meta.site`.
    private static func takeTrailer(from paragraphs: inout [TextParagraph], into meta: inout Metadata) {
        var tookURL = false
        for _ in 0..<3 {
            guard paragraphs.count > 1, let last = paragraphs.last else { return }
            if isBareURL(last.text) {
                if meta.url == nil { meta.url = last.text.trimmingCharacters(in: "<>").description }
                paragraphs.removeLast()
                tookURL = true
                continue
            }
            let previousIsURL = paragraphs.count > 1 && isBareURL(paragraphs[paragraphs.count - 2].text)
            if isSignature(last.text) && (last.role == .emphasized || previousIsURL || tookURL) {
                if meta.site == nil { meta.site = last.text }
                paragraphs.removeLast()
                continue
            }
            return
        }
    }

    private static func isBareURL(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: "<>")
        return (trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://")) && !trimmed.contains(" ")
    }

    /// "Radio Habana Cuba": a few capitalised words, no sentence punctuation.
    private static func isSignature(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard (1...6).contains(words.count), text.count <= 60 else { return false }
        if let last = text.last, ".?!,;:\"”".contains(last) { return false }
        return words.first?.first?.isUppercase == true
    }

    /// The first paragraph when it reads like a headline: a Markdown heading, or short with no final
    /// full stop and followed by the story.
    private static func findTitle(in paragraphs: [TextParagraph]) -> Int? {
        guard let first = paragraphs.first, paragraphs.count >= 2 else { return nil }
        if first.role == .heading { return 0 }
        let text = first.text
        let words = text.split(separator: " ").count
        guard text.count <= 200, (3...30).contains(words), startsWithDateline(text) == false else { return nil }
        if let last = text.last, ".,;\"”’".contains(last) { return nil }
        return paragraphs[1].text.count > text.count || paragraphs.count > 2 ? 0 : nil
    }

    /// A cheap test that `text` has the shape the dateline pattern needs, run before the pattern
    /// itself (the line unwrapper asks it of every line): one to four capitalised words, then a comma
    /// and a month, an opening bracket, a dash or a colon. Every text the pattern matches passes.
    static func mayStartWithDateline(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar == "." || scalar == "'" || scalar == "’"
        }
        for word in 0..<4 {
            guard index < scalars.endIndex, scalars[index].properties.isUppercase else { return false }
            index = scalars.index(after: index)
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if isWordScalar(scalar) {
                    index = scalars.index(after: index)
                } else if scalar == "-", scalars.index(after: index) < scalars.endIndex,
                          scalars[scalars.index(after: index)].properties.isAlphabetic {
                    index = scalars.index(after: index)   // a hyphenated name
                } else {
                    break
                }
            }
            // Another word follows after exactly one space.
            guard word < 3, index < scalars.endIndex, scalars[index] == " " else { break }
            let next = scalars.index(after: index)
            guard next < scalars.endIndex, scalars[next].properties.isUppercase else { break }
            index = next
        }
        while index < scalars.endIndex, scalars[index].properties.isWhitespace { index = scalars.index(after: index) }
        guard index < scalars.endIndex else { return false }
        if scalars[index] == "," {
            // A date follows a comma (it starts with a month), or a region before a date or an agency.
            index = scalars.index(after: index)
            while index < scalars.endIndex, scalars[index].properties.isWhitespace { index = scalars.index(after: index) }
            let month = String(String.UnicodeScalarView(scalars[index...].prefix(3)))
            if monthAbbreviations.contains(month) { return true }
            guard index < scalars.endIndex, scalars[index].properties.isUppercase else { return false }
            return scalars[index...].prefix(40).contains("(")
        }
        return ["(", "-", "—", "–", ":"].contains(scalars[index])
    }

    /// A dateline at the start of `text`, and the text after it.
    static func parseDateline(_ text: String) -> (Dateline, String)? {
        if text.hasPrefix("(") {
            if let match = try? bracketedDateline.prefixMatch(in: text) {
                let rest = String(text[match.range.upperBound...])
                guard let next = rest.first, next.isUppercase else { return nil }
                return (Dateline(place: match.output["place"]?.substring.map { String($0).trimmingSpaces() },
                                 date: match.output["date"]?.substring.map { String($0).trimmingSpaces() }, agency: nil), rest)
            }
            if let match = try? agencyOnly.prefixMatch(in: text) {
                let rest = String(text[match.range.upperBound...])
                guard let next = rest.first, next.isUppercase || next == "\u{201C}" || next == "\"" else { return nil }
                return (Dateline(place: nil, date: nil, agency: match.output["agency"]?.substring.map { String($0).trimmingSpaces() }), rest)
            }
            return nil
        }
        guard mayStartWithDateline(text), let match = try? dateline.prefixMatch(in: text) else { return nil }
        var place = match.output["place"]?.substring.map(String.init)
        let region = match.output["region"]?.substring.map(String.init)
        let date = match.output["date"]?.substring.map(String.init)
        let agency = match.output["agency"]?.substring.map { String($0).trimmingSpaces() }
        let allCapsPlace = place.map { $0.count >= 3 && $0.allSatisfy { !$0.isLetter || $0.isUppercase } } ?? false
        guard date != nil || agency != nil || allCapsPlace else { return nil }
        if let region {
            // A region only with an agency or a date after it: "Smith, Jones - " is no dateline.
            guard date != nil || agency != nil else { return nil }
            place = place.map { "\($0), \(region)" }
        }
        let rest = String(text[match.range.upperBound...])
        guard let next = rest.first, next.isUppercase || next == "“" || next == "\"" || next.isNumber else { return nil }
        // "RUGBY UNION - CUTTITTA BACK FOR ITALY": a slug before a headline in capitals, not a place
        // before the story. A dateline is followed by running text.
        if date == nil, agency == nil, isInCapitals(rest.prefix { $0 != "\n" }) { return nil }
        return (Dateline(place: place, date: date, agency: agency), rest)
    }

    /// Whether a line is set in capitals: three words with a letter or more, three in four of them
    /// without a lowercase letter.
    static func isInCapitals(_ line: Substring) -> Bool {
        let words = line.split(whereSeparator: \.isWhitespace).filter { $0.contains(where: \.isLetter) }
        let capitals = words.filter { !$0.contains(where: \.isLowercase) }.count
        return words.count >= 3 && 4 * capitals >= 3 * words.count
    }
}
