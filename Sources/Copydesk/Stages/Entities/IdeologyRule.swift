import CopydeskCore

/// A one-word name of a movement or creed or of its followers ("Zionism", "Zionist", "Marxists") is a
/// miscellaneous name, never an organisation or a place. The tagger reads "the Zionist movement" or
/// "opposition to Zionism" as an organisation from the words around it; such words are rare in its
/// training text. People keep their type ("Enqvist", "Lindqvist").
enum IdeologyRule {
    /// The endings of such words.
    static let endings = ["ism", "isms", "ist", "ists"]

    /// Retypes such organisations and places.
    static func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        for i in mentions.indices where mentions[i].end - mentions[i].first == 1 {
            guard mentions[i].type == .organization || mentions[i].type == .location else { continue }
            let word = text.lowercaseWords[mentions[i].first].utf8
            if word.count >= 6, endings.contains(where: { word.reversed().starts(with: $0.utf8.reversed()) }) {
                mentions[i].type = .miscellaneous
            }
        }
    }
}
