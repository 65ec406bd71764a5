import CopydeskCore

/// One story a file holds, taken out of its envelope and waiting to be cleaned.
struct UnpackedItem: Sendable {
    /// The body to clean, with the metadata the envelope gave.
    var input: DecodedInput
    /// What the item is in its file (`newsItem`, `NewsItem`, `body`, `attachment`, …).
    var kind: String
    /// The item's own name: its agency id, or an attachment's file name.
    var name: String?
    /// Its place among all the file's items, from 1 (items without text count too).
    var index: Int = 1
}

/// What a file holds once unpacked.
struct UnpackedFile: Sendable {
    /// The items with text, in file order.
    var items: [UnpackedItem]
    /// How many items the file holds, with or without text.
    var itemCount: Int
    /// The encoding the file (or its text parts) was decoded from.
    var encoding: String
    /// Problems met on the way that concern the whole file.
    var warnings: [String] = []

    /// A file that is one item.
    init(single item: UnpackedItem, encoding: String, warnings: [String] = []) {
        self.items = [item]
        self.itemCount = 1
        self.encoding = encoding
        self.warnings = warnings
    }

    /// A file of several items.
    init(items: [UnpackedItem], itemCount: Int, encoding: String, warnings: [String] = []) {
        self.items = items
        self.itemCount = itemCount
        self.encoding = encoding
        self.warnings = warnings
    }
}

/// Counts what a file held besides text, to name it when a file yields no story: "a picture item, a
/// package item".
struct ItemInventory {
    private var counts: [(kind: String, count: Int)] = []

    /// Notes one item of `kind` ("picture item", "package that only points at other items").
    mutating func add(_ kind: String) {
        if let index = counts.firstIndex(where: { $0.kind == kind }) { counts[index].count += 1 } else { counts.append((kind, 1)) }
    }

    /// Whether nothing was noted.
    var isEmpty: Bool { counts.isEmpty }

    /// "picture item" → "picture items", "news item without text" → "news items without text".
    static func plural(_ kind: String) -> String {
        for noun in ["item", "fragment", "message", "element"] {
            if let range = kind.range(of: noun) { return kind.replacingCharacters(in: range, with: noun + "s") }
        }
        return kind + "s"
    }

    /// "2 picture items and one package item".
    var description: String {
        let parts = counts.map { $0.count == 1 ? "one \($0.kind)" : "\($0.count) \(Self.plural($0.kind))" }
        guard parts.count > 1 else { return parts.first ?? "nothing" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}
