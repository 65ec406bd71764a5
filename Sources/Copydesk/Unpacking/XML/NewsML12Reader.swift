import CopydeskCore

/// Reads NewsML 1.2 (and 1.x): one document per `NewsItem` with text.
///
/// A news item's story is the first text `ContentItem` (by `MediaType`, `Format` or `MimeType`, or
/// by holding markup) in its news components: its `DataContent` holds NITF (read by
/// ``NITFReader``), XHTML, or plain text. Its metadata: `NewsItemId` and `RevisionId`,
/// `FirstCreated` and `ThisRevisionCreated`, `Urgency`, the `NewsLines` (headline, sub-headline,
/// byline, dateline, copyright, slug, keywords), the language and subject codes.
enum NewsML12Reader {
    static func read(_ tree: MarkupTree, root: Int) throws -> UnpackedFile {
        let newsItems = tree.nodes[root].name == "newsitem" ? [root] : tree.children(of: root, named: "newsitem")
        var items: [UnpackedItem] = []
        var inventory = ItemInventory()
        for (offset, newsItem) in newsItems.enumerated() {
            guard var input = story(tree, newsItem) else {
                inventory.add(mediaKind(tree, newsItem).map { $0 == "text" ? "text item without content" : "\($0) item" } ?? "news item without text")
                continue
            }
            var meta = Metadata()
            readIdentification(tree, newsItem, into: &meta)
            readComponents(tree, newsItem, into: &meta)
            input.meta = Cleaner.merge(envelope: meta, found: input.meta)
            input.format = .newsml12
            items.append(UnpackedItem(input: input, kind: "NewsItem", name: meta.agency.itemID, index: offset + 1))
        }
        guard !items.isEmpty else {
            throw IntakeError.noText(format: "NewsML 1.2", held: newsItems.isEmpty ? "no NewsItem" : inventory.description)
        }
        if newsItems.count == 1 { return UnpackedFile(single: items[0], encoding: "utf-8") }
        return UnpackedFile(items: items, itemCount: newsItems.count, encoding: "utf-8")
    }

    /// The first text content item under the news item, as an input.
    private static func story(_ tree: MarkupTree, _ newsItem: Int) -> DecodedInput? {
        for contentItem in descendants(tree, of: newsItem, named: "contentitem") {
            if let kind = mediaType(tree, contentItem), kind != "text" { continue }
            guard let data = tree.child(of: contentItem, named: "datacontent") else { continue }
            let elements = tree.children(of: data).filter { !tree.nodes[$0].isText }
            if let nitf = elements.first(where: { tree.nodes[$0].name == "nitf" }) {
                if let input = NITFReader.item(tree, nitf: nitf) { return input }
                continue
            }
            if !elements.isEmpty {
                let container = elements.first(where: { tree.nodes[$0].name == "html" }).flatMap { tree.child(of: $0, named: "body") } ?? data
                let paragraphs = HTMLText.paragraphs(in: tree, from: container, vocabulary: .agency)
                if !paragraphs.isEmpty {
                    return DecodedInput(format: .newsml12, paragraphs: paragraphs)
                }
                continue
            }
            if let text = InlineData.text(of: tree, data) {
                let mime = tree.child(of: contentItem, named: "mimetype").flatMap { tree.nodes[$0].attribute("formalname") }?.lowercased()
                return DecodedInput(format: .newsml12, content: text, body: InlineData.isHTML(text, contentType: mime) ? .fragment : .text)
            }
        }
        return nil
    }

    /// A content item's media type, lowercase ("text", "photo"), from `MediaType`.
    private static func mediaType(_ tree: MarkupTree, _ contentItem: Int) -> String? {
        tree.child(of: contentItem, named: "mediatype").flatMap { tree.nodes[$0].attribute("formalname") }?.lowercased()
    }

    /// What a news item without text carries ("photo", "video"), for the refusal.
    private static func mediaKind(_ tree: MarkupTree, _ newsItem: Int) -> String? {
        descendants(tree, of: newsItem, named: "contentitem").compactMap { mediaType(tree, $0) }.first
    }

    private static func readIdentification(_ tree: MarkupTree, _ newsItem: Int, into meta: inout Metadata) {
        if let identifier = descendants(tree, of: newsItem, named: "newsidentifier").first {
            let provider = tree.child(of: identifier, named: "providerid").flatMap { tree.collapsedText(of: $0) }
            let itemID = tree.child(of: identifier, named: "newsitemid").flatMap { tree.collapsedText(of: $0) }
            let publicID = tree.child(of: identifier, named: "publicidentifier").flatMap { tree.collapsedText(of: $0) }
            // The public identifier names the revision too; the provider and item id name the item.
            meta.agency.itemID = itemID.map { id in provider.map { "\($0):\(id)" } ?? id } ?? publicID
            meta.agency.version = tree.child(of: identifier, named: "revisionid").flatMap { AgencyValues.integer(tree.collapsedText(of: $0)) }
            meta.site = provider
        }
        if let label = descendants(tree, of: newsItem, named: "namelabel").first { meta.agency.slugline = tree.collapsedText(of: label) }
        if let management = tree.child(of: newsItem, named: "newsmanagement") {
            for child in tree.children(of: management) {
                let node = tree.nodes[child]
                switch node.name {
                case "firstcreated": meta.agency.firstCreated = AgencyValues.timestamp(tree.collapsedText(of: child))
                case "thisrevisioncreated": meta.agency.versionCreated = AgencyValues.timestamp(tree.collapsedText(of: child))
                case "urgency": meta.agency.urgency = AgencyValues.integer(node.attribute("formalname")).map { min(max($0, 1), 9) }
                case "instruction", "status":
                    if let value = node.attribute("formalname"), !["usable", "new"].contains(value.lowercased()) {
                        meta.agency.markers.append(value)
                    }
                default: break
                }
            }
        }
        meta.published = meta.agency.firstCreated ?? meta.agency.versionCreated
    }

    /// News lines and descriptive metadata of the item's news components (the first of each wins).
    private static func readComponents(_ tree: MarkupTree, _ newsItem: Int, into meta: inout Metadata) {
        for lines in descendants(tree, of: newsItem, named: "newslines") {
            for child in tree.children(of: lines) {
                guard let text = tree.collapsedText(of: child) else { continue }
                switch tree.nodes[child].name {
                case "headline": meta.title = meta.title ?? text
                case "subheadline": meta.agency.subtitle = meta.agency.subtitle ?? text
                case "byline":
                    for name in BylineNames.names(in: text) where !meta.authors.contains(name) {
                        meta.authors.append(name)
                        meta.agency.bylines.append(Byline(name: name))
                    }
                case "bylinetitle":
                    if let last = meta.agency.bylines.indices.last { meta.agency.bylines[last].title = text }
                case "dateline": meta.dateline = meta.dateline ?? DatelineText.parse(text)
                case "copyrightline": meta.agency.copyright = meta.agency.copyright ?? text
                case "slugline": meta.agency.slugline = meta.agency.slugline ?? text
                case "keywordline": meta.agency.keywords.append(text)
                default: break
                }
            }
        }
        for described in descendants(tree, of: newsItem, named: "descriptivemetadata") {
            for child in tree.children(of: described) {
                let node = tree.nodes[child]
                switch node.name {
                case "language": meta.language = meta.language ?? node.attribute("formalname")
                case "subjectcode":
                    for subject in tree.children(of: child) where !tree.nodes[subject].isText {
                        let code = tree.nodes[subject].attribute("formalname")
                        meta.agency.subjects.append(Subject(code: code, name: nil, type: tree.nodes[subject].name))
                    }
                case "property":
                    if node.attribute("formalname")?.lowercased() == "keyword", let value = node.attribute("value") {
                        meta.agency.keywords.append(value)
                    }
                default: break
                }
            }
        }
        if meta.agency.copyright == nil,
           let holder = descendants(tree, of: newsItem, named: "copyrightholder").first.flatMap({ tree.collapsedText(of: $0) }) {
            meta.agency.copyright = holder
        }
    }

    /// The elements named `name` below `index`, in document order.
    static func descendants(_ tree: MarkupTree, of index: Int, named name: String) -> [Int] {
        var found: [Int] = []
        var stack = Array(tree.children(of: index).reversed())
        while let current = stack.popLast() {
            let node = tree.nodes[current]
            guard !node.isText else { continue }
            if node.name == name { found.append(current) }
            stack.append(contentsOf: tree.children(of: current).reversed())
        }
        return found
    }
}
