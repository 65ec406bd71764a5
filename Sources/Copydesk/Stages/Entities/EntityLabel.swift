/// The tagger's labels: BIO over four types.
public enum EntityLabel: Int, CaseIterable, Sendable {
    case outside, beginPerson, insidePerson, beginOrganization, insideOrganization,
         beginLocation, insideLocation, beginMisc, insideMisc

    /// The CoNLL spelling: `O`, `B-PER`, `I-ORG`, …
    public var conll: String { Self.conllNames[rawValue] }

    private static let conllNames = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]

    /// Reads a CoNLL label (`B-PER`, `I-LOC`, `O`; `PERSON`/`GPE` style suffixes are mapped too);
    /// `nil` for labels outside the four types.
    public init?(conll: String) {
        if conll == "O" { self = .outside; return }
        let parts = conll.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let type = Self.type(named: String(parts[1])) else { return nil }
        switch parts[0] {
        case "B", "S": self = Self.begin(type)
        case "I", "E": self = Self.inside(type)
        default: return nil
        }
    }

    /// Whether this label starts a mention.
    public var isBegin: Bool { rawValue % 2 == 1 }

    /// The type index (0 person, 1 organisation, 2 location, 3 misc), `nil` for `O`.
    public var typeIndex: Int? { self == .outside ? nil : (rawValue - 1) / 2 }

    /// The begin label of a type index.
    public static func begin(_ type: Int) -> EntityLabel { EntityLabel(rawValue: 1 + 2 * type)! }
    /// The inside label of a type index.
    public static func inside(_ type: Int) -> EntityLabel { EntityLabel(rawValue: 2 + 2 * type)! }

    /// Whether this label may follow `previous` (an inside label continues a mention of its type).
    public func mayFollow(_ previous: EntityLabel) -> Bool {
        guard let type = typeIndex, !isBegin else { return true }
        return previous.typeIndex == type
    }

    private static func type(named name: String) -> Int? {
        switch name {
        case "PER", "PERSON": return 0
        case "ORG", "ORGANIZATION": return 1
        case "LOC", "LOCATION", "GPE": return 2
        case "MISC": return 3
        default: return nil
        }
    }
}
