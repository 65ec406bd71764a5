import CopydeskCore

/// Reads IPTC 7901 and ANPA-1312 messages into stories: heading and preamble into `meta`, the body
/// as paragraphs, and never a control character or routing code in the text.
///
/// - ANPA-1312: `^`-marked preamble lines before the body give the slug line (with its take and
///   version), the headline, editor's notes ("Eds:", "AP Photo …"), a summary, and the byline and its
///   title (lines ending in `=`); the body's paragraphs start at an indent.
/// - IPTC 7901: the lines before the first blank line give the keyword line, take markers
///   ("REFILE", "1ST LEAD"), the headline and the byline (ending in `=`); the body's paragraphs are
///   separated by blank lines or start at an indent, and hard-wrapped lines are joined.
/// - Both: a line with cells split by tabs is a table row (a paragraph, cells joined by spaces, as the
///   HTML path keeps rows); rules, "MORE" and "END" lines are dropped; "The following information is
///   not for publication" and what follows become notes; a sign-off ("AP-WF-02-20-16 0337GMT", a
///   desk's initials) and the post-text go into `meta.transmission.signoff`.
enum WireCopyReader {
    static func read(_ messages: [WireMessage]) throws -> UnpackedFile {
        var items: [UnpackedItem] = []
        var encodings: Set<String> = []
        var warnings: [String] = []
        for (offset, message) in messages.enumerated() {
            let framed = message.heading + [WireCopy.stx] + message.text + [WireCopy.etx] + message.postText
            let decoded = WireCharset.decode(framed)
            encodings.insert(decoded.encoding)
            if let warning = decoded.warning, !warnings.contains("encoding: \(warning)") { warnings.append("encoding: \(warning)") }
            // Split again at STX and ETX, on the bytes (a split on characters walks every grapheme).
            let utf8 = Array(decoded.text.utf8)
            let stx = utf8.firstIndex(of: WireCopy.stx) ?? utf8.count
            let etx = utf8[min(stx + 1, utf8.count)...].firstIndex(of: WireCopy.etx) ?? utf8.count
            let heading = String(decoding: utf8[..<stx], as: UTF8.self)
            let text = String(decoding: utf8[min(stx + 1, utf8.count)..<etx], as: UTF8.self)
            let postText = String(decoding: utf8[min(etx + 1, utf8.count)...], as: UTF8.self)
            guard let input = story(format: message.format, heading: heading, text: text, postText: postText) else { continue }
            let name = input.meta.agency.slugline ?? input.meta.agency.transmission?.sequence
            items.append(UnpackedItem(input: input, kind: "message", name: name, index: offset + 1))
        }
        let format = messages[0].format
        guard !items.isEmpty else {
            throw IntakeError.noText(format: format.displayName, held: messages.count == 1 ? "a message without text" : "\(messages.count) messages without text")
        }
        let encoding = encodings.count == 1 ? encodings.first! : encodings.sorted().joined(separator: ",")
        if messages.count == 1 { return UnpackedFile(single: items[0], encoding: encoding, warnings: warnings) }
        return UnpackedFile(items: items, itemCount: messages.count, encoding: encoding, warnings: warnings)
    }

    /// One message's story; `nil` when it has no text.
    static func story(format: InputFormat, heading: String, text: String, postText: String) -> DecodedInput? {
        var head = format == .anpa1312 ? WireHeading.anpa(heading) : WireHeading.iptc7901(heading)
        var meta = Metadata()
        var lines = WireLines.lines(of: text)[...]
        if format == .anpa1312 {
            readANPAPreamble(&lines, heading: &head, meta: &meta)
        } else {
            read7901Head(&lines, heading: &head, meta: &meta)
        }
        var body = StoryBody()
        body.read(lines, splitOnBlankLines: true)
        let post = WireLines.lines(of: postText).map(\.text).filter { !$0.isEmpty }.joined(separator: " ")
        let signoff = [body.signoff, post.isEmpty ? nil : post].compactMap { $0 }.joined(separator: " ")
        head.transmission.signoff = signoff.isEmpty ? nil : signoff
        meta.agency.notes += body.notes
        meta.agency.slugline = head.slugline
        meta.agency.keywords = head.keywords
        meta.agency.markers = head.markers
        meta.agency.version = WireVocabulary.version(from: head.markers)
        meta.agency.transmission = head.transmission
        meta.agency.urgency = urgency(format: format, priority: head.transmission.priority)
        meta.authors = meta.agency.bylines.map(\.name)
        guard !body.paragraphs.isEmpty else { return nil }
        return DecodedInput(format: format, paragraphs: body.paragraphs, meta: meta)
    }

    /// IPTC urgency from the transmitted priority: 7901's digit as it is; ANPA's flash, bulletin,
    /// urgent, regular and deferred as 1, 2, 3, 5 and 7.
    static func urgency(format: InputFormat, priority: String?) -> Int? {
        guard let priority = priority?.lowercased(), let first = priority.first else { return nil }
        if let digit = first.wholeNumberValue { return (1...9).contains(digit) ? digit : nil }
        guard format == .anpa1312 else { return nil }
        return ["f": 1, "b": 2, "u": 3, "r": 5, "d": 7][String(first)]
    }

    /// ANPA's `^` lines before the body: slug line, headline, notes, summary, byline and its title.
    private static func readANPAPreamble(_ lines: inout ArraySlice<WireLine>, heading: inout WireHeading, meta: inout Metadata) {
        var sawByline = false
        while let line = lines.first, line.caret || (line.isBlank && lines.dropFirst().first?.caret == true) {
            lines.removeFirst()
            let text = line.text
            guard !text.isEmpty else { continue }
            if meta.title == nil, heading.slugline.map({ slugLine(text, matches: $0) }) ?? looksLikeSlugLine(text) {
                readSlugLine(text, into: &heading)
            } else if WireVocabulary.isNote(text) || text.hasPrefix("EDITOR'S NOTE") {
                meta.agency.notes.append(text)
            } else if text.hasPrefix("By ") || text.hasPrefix("BY ") {
                meta.agency.bylines += BylineNames.names(in: text).map { Byline(name: nameCase($0)) }
                sawByline = true
            } else if sawByline, let last = meta.agency.bylines.indices.last, meta.agency.bylines[last].title == nil {
                meta.agency.bylines[last].title = text
            } else if meta.title == nil {
                meta.title = text
            } else if meta.agency.summary == nil {
                meta.agency.summary = text
            } else {
                meta.agency.notes.append(text)
            }
        }
    }

    /// A name set in capitals, as bylines are ("CHARLES ODUM" → "Charles Odum"); others as written.
    static func nameCase(_ name: String) -> String {
        guard name.contains(where: \.isLetter), name == name.uppercased() else { return name }
        return name.split(separator: " ").map { word in word.prefix(1) + word.dropFirst().lowercased() }.joined(separator: " ")
    }

    /// "BC-BKN--Heat-Hawks, 1st Ld-Writethru,416": the slug, its takes and versions, the word count.
    private static func readSlugLine(_ line: String, into heading: inout WireHeading) {
        let parts = line.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard let slug = parts.first else { return }
        heading.slugline = heading.slugline ?? slug
        for part in parts.dropFirst() {
            if part.allSatisfy(\.isNumber) {
                heading.transmission.wordCount = heading.transmission.wordCount ?? Int(part)
            } else if !heading.markers.contains(where: { compact($0) == compact(part) }) {
                heading.markers.append(part)
            }
        }
    }

    private static func compact(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }

    private static func slugLine(_ line: String, matches slug: String) -> Bool {
        line.hasPrefix(slug) || compact(String(line.prefix(while: { $0 != "," }))) == compact(slug)
    }

    /// "BC-BKN--Heat-Hawks, …": a cycle prefix and a double hyphen.
    private static func looksLikeSlugLine(_ line: String) -> Bool {
        let first = line.prefix { $0 != "," && $0 != " " }
        return first.contains("--") || ["BC-", "AM-", "PM-", "AP-"].contains { first.hasPrefix($0) }
    }

    /// 7901's lines before the body: keyword line, markers, headline, byline (ending in "=").
    private static func read7901Head(_ lines: inout ArraySlice<WireLine>, heading: inout WireHeading, meta: inout Metadata) {
        while lines.first?.isBlank == true { lines.removeFirst() }
        // The head block ends at the first blank line; a long first line is body, not a head.
        let block = lines.prefix { !$0.isBlank }
        guard block.count >= 2 || (block.first.map { $0.text.count <= 120 && !$0.text.hasSuffix(".") } ?? false),
              block.count < 12 else { return }
        var consumed = 0
        for line in block {
            let text = line.text
            if WireHeading.isKeywordLine(text) && meta.title == nil {
                heading.keywordLine(text)
            } else if WireVocabulary.isMarkerLine(text) {
                heading.markers.append(text)
            } else if line.terminated || text.hasPrefix("By ") || text.hasPrefix("Von ") || text.hasPrefix("Par ") {
                let names = text.hasPrefix("By ") ? BylineNames.names(in: text) : [text]
                meta.agency.bylines += names.map { Byline(name: $0) }
            } else if meta.title == nil, text.count <= 200 {
                meta.title = text
            } else {
                break
            }
            consumed += 1
        }
        lines.removeFirst(consumed)
    }
}

/// Builds the body's paragraphs from wire lines.
struct StoryBody {
    private(set) var paragraphs: [String] = []
    private(set) var notes: [String] = []
    private(set) var signoff: String?
    private var current: String?
    private var lastWasRow = false

    mutating func read(_ lines: ArraySlice<WireLine>, splitOnBlankLines: Bool) {
        var inNotes = false
        var previous: WireLine?
        for line in lines {
            defer { previous = line }
            let text = line.text
            if WireVocabulary.isSignoff(text) {
                flush()
                signoff = signoff.map { "\($0) \(text)" } ?? text
                continue
            }
            if inNotes {
                if !text.isEmpty && !WireVocabulary.isSeparator(text) { notes.append(text) }
                continue
            }
            if text.isEmpty {
                if splitOnBlankLines { flush() }
                continue
            }
            if WireVocabulary.opensNotes(text) {
                flush()
                inNotes = true
                continue
            }
            if WireVocabulary.isSeparator(text) || WireVocabulary.isTakeEnd(text) {
                flush()
                continue
            }
            if !line.cells.isEmpty {
                // A table row: one paragraph, cells joined by spaces.
                flush()
                paragraphs.append(line.cells.joined(separator: " "))
                lastWasRow = true
                continue
            }
            let startsParagraph = line.indented || line.caret || previous?.terminated == true || lastWasRow
            if startsParagraph || current == nil {
                flush()
                current = text
            } else {
                current = join(current!, text)
            }
            lastWasRow = false
            if line.terminated { flush() }
        }
        flush()
    }

    /// A hard-wrapped line joined to the one before: a word hyphenated across the break keeps its
    /// hyphen ("Al-" + "Aqsa"), as the text path does.
    private func join(_ left: String, _ right: String) -> String {
        if left.hasSuffix("-"), let before = left.dropLast().last, before.isLetter, right.first?.isLetter == true {
            return left + right
        }
        return left + " " + right
    }

    private mutating func flush() {
        if let paragraph = current, !paragraph.isEmpty { paragraphs.append(paragraph) }
        current = nil
    }
}
