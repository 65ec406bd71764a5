import CopydeskCore

/// A mention found by the tagger or a rule, before mentions are grouped into entities.
struct MentionCandidate: Equatable {
    /// First token (index into the document's tokens).
    var first: Int
    /// One past the last token.
    var end: Int
    /// Its type.
    var type: EntityType
    /// A person's title or role written just before the name.
    var role: String?
    /// A quantity's number and what it counts.
    var value: Double?
    var counted: String?
    /// An acronym defined for this mention in the text: "Palestinian Authority (PA)".
    var acronym: String?

    init(first: Int, end: Int, type: EntityType, role: String? = nil) {
        self.first = first
        self.end = end
        self.type = type
        self.role = role
    }

    func overlaps(_ other: MentionCandidate) -> Bool { first < other.end && other.first < end }

    /// Per token of a text of `tokenCount` tokens, whether one of `mentions` covers it.
    static func coverage(of mentions: [MentionCandidate], tokenCount: Int) -> [Bool] {
        var covered = [Bool](repeating: false, count: tokenCount)
        for mention in mentions { for t in mention.first..<mention.end { covered[t] = true } }
        return covered
    }
}
