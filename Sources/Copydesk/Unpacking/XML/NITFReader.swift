import CopydeskCore

/// Reads a NITF document (on its own, or inside NewsML's `inlineXML` or `DataContent`): the body
/// as paragraphs, and the head's and body head's metadata.
///
/// - Text: every `body.content`, blocks, sub-headings (`hl2`), lists, tables and block quotes as
///   paragraphs (as the HTML path keeps them); media and their captions, editor's messages, notes,
///   bylines and datelines out of the text.
/// - Metadata: `hl1` (else `head/title`) → title, `hl2` in the head → subtitle, `byline`/`byttl` →
///   authors and bylines, `dateline` (`location`, `story.date`), `abstract` → summary, `doc-id`,
///   `du-key` (version and key), `urgency`, `date.issue`/`date.release`, `doc.copyright`, `key-list`,
///   `tobject.subject`, `ed-msg` and editor's `note`s, `tagline`.
enum NITFReader {
    /// The item in the NITF element `nitf`; `nil` when its body holds no text.
    static func item(_ tree: MarkupTree, nitf: Int) -> DecodedInput? {
        var meta = Metadata()
        let head = tree.child(of: nitf, named: "head")
        let body = tree.child(of: nitf, named: "body")
        if let head { readHead(tree, head, into: &meta) }
        meta.language = tree.nodes[nitf].attribute("xml:lang") ?? body.flatMap { tree.nodes[$0].attribute("xml:lang") }
        guard let body else { return nil }
        if let bodyHead = tree.child(of: body, named: "body.head") { readBodyHead(tree, bodyHead, into: &meta) }
        var paragraphs: [String] = []
        for content in tree.children(of: body, named: "body.content") {
            paragraphs += HTMLText.paragraphs(in: tree, from: content, vocabulary: .agency)
        }
        collectNotes(tree, from: body, into: &meta)
        if let end = tree.child(of: body, named: "body.end") {
            for tagline in tree.children(of: end, named: "tagline") {
                if let text = tree.collapsedText(of: tagline) { meta.agency.notes.append(text) }
            }
        }
        guard !paragraphs.isEmpty else { return nil }
        return DecodedInput(format: .nitf, paragraphs: paragraphs, meta: meta)
    }

    private static func readHead(_ tree: MarkupTree, _ head: Int, into meta: inout Metadata) {
        if let title = tree.child(of: head, named: "title") { meta.title = tree.collapsedText(of: title) }
        for tobject in tree.children(of: head, named: "tobject") {
            for subject in tree.children(of: tobject, named: "tobject.subject") {
                let node = tree.nodes[subject]
                let name = node.attribute("tobject.subject.detail") ?? node.attribute("tobject.subject.matter")
                    ?? node.attribute("tobject.subject.type")
                meta.agency.subjects.append(Subject(code: node.attribute("tobject.subject.refnum"), name: name,
                                                    type: node.attribute("tobject.subject.ipr")))
            }
        }
        guard let docdata = tree.child(of: head, named: "docdata") else { return }
        for child in tree.children(of: docdata) {
            let node = tree.nodes[child]
            switch node.name {
            case "doc-id": meta.agency.itemID = node.attribute("id-string").flatMap(nonEmpty)
            case "urgency": meta.agency.urgency = AgencyValues.integer(node.attribute("ed-urg")).map { min(max($0, 1), 9) }
            case "date.issue": meta.agency.versionCreated = AgencyValues.timestamp(node.attribute("norm"))
            case "date.release": meta.published = AgencyValues.timestamp(node.attribute("norm"))
            case "du-key":
                meta.agency.version = AgencyValues.integer(node.attribute("version"))
                if meta.agency.slugline == nil { meta.agency.slugline = node.attribute("key").flatMap(nonEmpty) }
            case "doc.copyright":
                meta.agency.copyright = node.attribute("holder").flatMap(nonEmpty)
                    ?? node.attribute("year").map { "© \($0)" }
            case "key-list":
                for keyword in tree.children(of: child, named: "keyword") {
                    if let key = tree.nodes[keyword].attribute("key").flatMap(nonEmpty) { meta.agency.keywords.append(key) }
                }
            case "ed-msg":
                if let info = node.attribute("info").flatMap(nonEmpty) { meta.agency.notes.append(info) }
            default: break
            }
        }
        meta.published = meta.published ?? meta.agency.versionCreated
    }

    private static func readBodyHead(_ tree: MarkupTree, _ bodyHead: Int, into meta: inout Metadata) {
        for child in tree.children(of: bodyHead) {
            switch tree.nodes[child].name {
            case "hedline":
                if let hl1 = tree.child(of: child, named: "hl1"), let text = tree.collapsedText(of: hl1) { meta.title = text }
                if let hl2 = tree.child(of: child, named: "hl2") { meta.agency.subtitle = tree.collapsedText(of: hl2) }
            case "byline":
                meta.agency.bylines += bylines(tree, child)
            case "dateline":
                meta.dateline = dateline(tree, child)
            case "abstract":
                let text = HTMLText.paragraphs(in: tree, from: child, vocabulary: .agency).joined(separator: " ")
                if !text.isEmpty { meta.agency.summary = text }
            case "distributor":
                meta.site = tree.collapsedText(of: child)
            default: break
            }
        }
        meta.authors = meta.agency.bylines.map(\.name)
    }

    /// "By Meredith Jameson, <byttl>Staff Reporter</byttl>" → Meredith Jameson, Staff Reporter; a
    /// byline that is only a title ("<byttl>Sports Network</byttl>") names the desk.
    static func bylines(_ tree: MarkupTree, _ byline: Int) -> [Byline] {
        var titleText: String?
        var nameText = ""
        for child in tree.children(of: byline) {
            let node = tree.nodes[child]
            if node.name == "byttl" { titleText = tree.collapsedText(of: child) } else { nameText += tree.textContent(of: child) }
        }
        let names = BylineNames.names(in: nameText.trimming(" ,;\n\t"))
        if names.isEmpty { return titleText.map { [Byline(name: $0)] } ?? [] }
        return names.enumerated().map { Byline(name: $0.element, title: $0.offset == names.count - 1 ? titleText : nil) }
    }

    /// `<dateline><location><city>…</city></location>, <story.date>…</story.date></dateline>`, or
    /// plain text ("MOSCOW, Monday (Reuters)").
    static func dateline(_ tree: MarkupTree, _ dateline: Int) -> Dateline? {
        let location = tree.child(of: dateline, named: "location")
        let date = tree.child(of: dateline, named: "story.date")
        if location != nil || date != nil {
            var place = location.flatMap { tree.collapsedText(of: $0) }
            if let location, let city = tree.child(of: location, named: "city") { place = tree.collapsedText(of: city) ?? place }
            let dateText = date.flatMap { tree.collapsedText(of: $0) ?? AgencyValues.timestamp(tree.nodes[$0].attribute("norm")) }
            return Dateline(place: place, date: dateText, agency: nil)
        }
        return tree.collapsedText(of: dateline).flatMap(DatelineText.parse)
    }

    /// Editor's messages and editor's notes in the body, which are left out of the text.
    private static func collectNotes(_ tree: MarkupTree, from body: Int, into meta: inout Metadata) {
        // A subtree's nodes are contiguous (the parser appends them in document order): one pass
        // over the body's range, skipping what each note holds.
        var end = tree.nodes.count
        var ancestor = body
        while ancestor > 0 {
            if tree.nodes[ancestor].nextSibling >= 0 { end = tree.nodes[ancestor].nextSibling; break }
            ancestor = tree.nodes[ancestor].parent
        }
        var index = body + 1
        while index < end {
            let isMessage = tree.nodes[index].name == "ed-msg", isNote = tree.nodes[index].name == "note"
            guard isMessage || isNote else { index += 1; continue }
            let node = tree.nodes[index]
            if isMessage, let text = node.attribute("info").flatMap(nonEmpty) ?? tree.collapsedText(of: index) {
                meta.agency.notes.append(text)
            }
            if isNote {
                let kind = node.attribute("noteclass") ?? node.attribute("type") ?? ""
                if kind.isEmpty || kind.lowercased().contains("editor"), let text = tree.collapsedText(of: index) {
                    meta.agency.notes.append(text)
                }
            }
            // Past the note's subtree.
            var next = index
            while next >= 0, tree.nodes[next].nextSibling < 0, next != body { next = tree.nodes[next].parent }
            guard next >= 0, next != body else { break }
            index = tree.nodes[next].nextSibling
        }
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.collapsingSpaces()
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// A dateline written as one line, as NewsML's `dateline`/`DateLine` give it: "MOSCOW, Monday
/// (Reuters)", "GROSSETO, Italy, Oct. 3 (AP)", "Geneva".
enum DatelineText {
    static func parse(_ text: String) -> Dateline? {
        var rest = text.trimming(" -—–:_")
        guard !rest.isEmpty else { return nil }
        var agency: String?
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            agency = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]).trimmingSpaces()
            rest = String(rest[..<open]).trimming(" ,")
        }
        let parts = rest.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard let place = parts.first else { return agency.map { Dateline(place: nil, date: nil, agency: $0) } }
        // A last part that holds a digit or names a day or month is the date.
        var date: String?
        if parts.count > 1, let last = parts.last, last.contains(where: \.isNumber) || Self.isDayOrMonth(last) {
            date = last
        }
        return Dateline(place: place, date: date, agency: agency?.isEmpty == true ? nil : agency)
    }

    private static let dayAndMonthStarts = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr",
                                            "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func isDayOrMonth(_ word: String) -> Bool {
        dayAndMonthStarts.contains(String(word.lowercased().prefix(3)))
    }
}
