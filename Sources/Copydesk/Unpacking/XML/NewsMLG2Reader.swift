import CopydeskCore

/// Reads NewsML-G2: a `newsItem`, a `newsMessage` of several items, a `packageItem`, and the
/// `contentSet` fragments the specification's own listings show.
///
/// A text item's body comes from its `contentSet`: `inlineXML` holding NITF (through ``NITFReader``)
/// or XHTML, else `inlineData` (plain text, or HTML by its content type). Pictures, videos,
/// graphics, packages and concept items carry no story and give no document.
enum NewsMLG2Reader {
    static func read(_ tree: MarkupTree, root: Int) throws -> UnpackedFile {
        let rootName = tree.nodes[root].name
        var candidates: [Int]
        if rootName == "newsmessage" {
            let itemSets = tree.children(of: root, named: "itemset")
            candidates = itemSets.flatMap { tree.children(of: $0).filter { !tree.nodes[$0].isText } }
        } else {
            candidates = [root]
        }
        var items: [UnpackedItem] = []
        var inventory = ItemInventory()
        for (offset, candidate) in candidates.enumerated() {
            switch tree.nodes[candidate].name {
            case "newsitem", "contentset":
                if let input = item(tree, candidate) {
                    items.append(UnpackedItem(input: input, kind: "newsItem", name: input.meta.agency.itemID, index: offset + 1))
                } else {
                    inventory.add(withoutTextKind(tree, candidate))
                }
            case "packageitem":
                inventory.add("package item")
            case "contentmeta", "itemmeta":
                inventory.add("metadata fragment")
            case "conceptitem", "knowledgeitem", "planningitem", "catalogitem":
                inventory.add(tree.nodes[candidate].name.replacingOccurrences(of: "item", with: " item"))
            case let other:
                inventory.add("<\(other)> element")
            }
        }
        guard !items.isEmpty else {
            if candidates.isEmpty { throw IntakeError.noText(format: "NewsML-G2", held: "a news message with no items") }
            throw IntakeError.noText(format: "NewsML-G2", held: inventory.description)
        }
        if candidates.count == 1 { return UnpackedFile(single: items[0], encoding: "utf-8") }
        return UnpackedFile(items: items, itemCount: candidates.count, encoding: "utf-8")
    }

    /// What a news item without a story is, for the refusal: "picture item", "news item without text".
    private static func withoutTextKind(_ tree: MarkupTree, _ item: Int) -> String {
        let itemClass = tree.child(of: item, named: "itemmeta").flatMap { tree.child(of: $0, named: "itemclass") }
            .flatMap { tree.nodes[$0].attribute("qcode") }
        guard let itemClass, let kind = itemClass.split(separator: ":").last, kind != "text" else { return "news item without text" }
        return "\(kind) item"
    }

    /// The story of one news item; `nil` when it has none (not a text item, or an empty content set).
    static func item(_ tree: MarkupTree, _ item: Int) -> DecodedInput? {
        let isFragment = tree.nodes[item].name == "contentset"
        if !isFragment, let itemClass = tree.child(of: item, named: "itemmeta").flatMap({ tree.child(of: $0, named: "itemclass") })
            .flatMap({ tree.nodes[$0].attribute("qcode") }), !itemClass.hasSuffix(":text"), !itemClass.hasSuffix(":composite") {
            return nil
        }
        guard let contentSet = isFragment ? item : tree.child(of: item, named: "contentset"),
              var input = body(tree, contentSet) else { return nil }
        var meta = Metadata()
        if !isFragment { readItem(tree, item, into: &meta) }
        // The item's own metadata wins; the NITF inside adds what the item leaves out.
        input.meta = Cleaner.merge(envelope: meta, found: input.meta)
        input.format = .newsmlG2
        return input
    }

    /// The best rendition in a content set: NITF or XHTML in `inlineXML`, else `inlineData`.
    private static func body(_ tree: MarkupTree, _ contentSet: Int) -> DecodedInput? {
        var fallback: DecodedInput?
        for rendition in tree.children(of: contentSet) {
            let node = tree.nodes[rendition]
            switch node.name {
            case "inlinexml":
                let elements = tree.children(of: rendition).filter { !tree.nodes[$0].isText }
                if let nitf = elements.first(where: { tree.nodes[$0].name == "nitf" }), let input = NITFReader.item(tree, nitf: nitf) {
                    return input
                }
                let container = elements.first(where: { tree.nodes[$0].name == "html" })
                    .flatMap { tree.child(of: $0, named: "body") } ?? rendition
                let paragraphs = HTMLText.paragraphs(in: tree, from: container, vocabulary: .agency)
                if !paragraphs.isEmpty {
                    return DecodedInput(format: .newsmlG2, paragraphs: paragraphs)
                }
            case "inlinedata" where fallback == nil:
                guard let text = InlineData.text(of: tree, rendition) else { continue }
                let type = node.attribute("contenttype")?.lowercased()
                fallback = DecodedInput(format: .newsmlG2, content: text, body: InlineData.isHTML(text, contentType: type) ? .fragment : .text)
            default:
                continue
            }
        }
        return fallback
    }

    /// The item's own metadata: `rightsInfo`, `itemMeta` and `contentMeta`.
    private static func readItem(_ tree: MarkupTree, _ item: Int, into meta: inout Metadata) {
        let node = tree.nodes[item]
        meta.agency.itemID = node.attribute("guid")
        meta.agency.version = AgencyValues.integer(node.attribute("version"))
        meta.language = node.attribute("xml:lang")
        if let rights = tree.child(of: item, named: "rightsinfo") {
            let holder = tree.child(of: rights, named: "copyrightholder")
            meta.agency.copyright = holder.flatMap { nameOf(tree, $0) }
                ?? tree.child(of: rights, named: "copyrightnotice").flatMap { tree.collapsedText(of: $0) }
        }
        if let itemMeta = tree.child(of: item, named: "itemmeta") {
            for child in tree.children(of: itemMeta) {
                switch tree.nodes[child].name {
                case "versioncreated": meta.agency.versionCreated = tree.collapsedText(of: child)
                case "firstcreated": meta.agency.firstCreated = tree.collapsedText(of: child)
                case "provider": meta.site = nameOf(tree, child)
                case "ednote": if let text = tree.collapsedText(of: child) { meta.agency.notes.append(text) }
                default: break
                }
            }
        }
        if let contentMeta = tree.child(of: item, named: "contentmeta") { readContentMeta(tree, contentMeta, into: &meta) }
        meta.published = meta.agency.firstCreated ?? meta.agency.versionCreated
    }

    private static func readContentMeta(_ tree: MarkupTree, _ contentMeta: Int, into meta: inout Metadata) {
        var located: String?
        for child in tree.children(of: contentMeta) {
            let node = tree.nodes[child]
            switch node.name {
            case "headline":
                let role = node.attribute("role")?.lowercased() ?? ""
                if role.contains("sub") { meta.agency.subtitle = tree.collapsedText(of: child) }
                else if meta.title == nil { meta.title = tree.collapsedText(of: child) }
            case "description":
                let role = node.attribute("role")?.lowercased() ?? ""
                if meta.agency.summary == nil, !role.contains("caption") { meta.agency.summary = tree.collapsedText(of: child) }
            case "slugline": meta.agency.slugline = tree.collapsedText(of: child)
            case "urgency": meta.agency.urgency = AgencyValues.integer(tree.collapsedText(of: child)).map { min(max($0, 1), 9) }
            case "contentcreated": meta.agency.firstCreated = meta.agency.firstCreated ?? tree.collapsedText(of: child)
            case "language": meta.language = node.attribute("tag") ?? meta.language
            case "keyword": if let text = tree.collapsedText(of: child) { meta.agency.keywords.append(text) }
            case "subject":
                let code = node.attribute("qcode") ?? node.attribute("uri") ?? node.attribute("literal")
                meta.agency.subjects.append(Subject(code: code, name: nameOf(tree, child), type: node.attribute("type")))
            case "creator":
                if let name = nameOf(tree, child) {
                    meta.agency.bylines.append(Byline(name: name, title: node.attribute("jobtitle").flatMap { $0.split(separator: ":").last.map(String.init) }))
                }
            case "by":
                if let text = tree.collapsedText(of: child) {
                    for name in BylineNames.names(in: text) where !meta.agency.bylines.contains(where: { $0.name == name }) {
                        meta.agency.bylines.append(Byline(name: name))
                    }
                }
            case "dateline": meta.dateline = tree.collapsedText(of: child).flatMap(DatelineText.parse)
            case "located": located = nameOf(tree, child) ?? node.attribute("qcode").flatMap { $0.split(separator: ":").last.map(String.init) }
            default: break
            }
        }
        meta.authors = meta.agency.bylines.map(\.name)
        if meta.dateline == nil, let located { meta.dateline = Dateline(place: located) }
    }

    /// A concept's name: its first `name` child, else its `literal`, else the code after the scheme.
    private static func nameOf(_ tree: MarkupTree, _ concept: Int) -> String? {
        if let name = tree.child(of: concept, named: "name"), let text = tree.collapsedText(of: name) { return text }
        if let literal = tree.nodes[concept].attribute("literal"), !literal.isEmpty { return literal }
        return nil
    }
}

/// The text of an `inlineData` (or NewsML 1.2 `DataContent` without markup): as written, or
/// decoded from base64 when the element says so.
enum InlineData {
    static func text(of tree: MarkupTree, _ node: Int) -> String? {
        let raw = tree.textContent(of: node)
        let encoding = (tree.nodes[node].attribute("encoding") ?? "").lowercased()
        let text: String
        if encoding.contains("base64"), let bytes = Base64.decode(Array(raw.utf8)) {
            text = String(decoding: bytes, as: UTF8.self)
        } else {
            text = raw
        }
        return text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) ? text : nil
    }

    /// Whether inline text is HTML: its content type says so, or, with none given, it is escaped
    /// markup (`&lt;p&gt;…`, read back as `<p>…`) that opens and closes paragraphs.
    static func isHTML(_ text: String, contentType: String?) -> Bool {
        if let contentType { return contentType.contains("html") }
        let head = text.utf8.prefix(4096)
        return head.contains(bytes: "</p>") || head.contains(bytes: "</P>") || head.contains(bytes: "<br") || head.contains(bytes: "</div>")
    }
}
