import CopydeskCore

/// A named military or police operation is an event, a miscellaneous name: "Operation al-Aqsa
/// Flood", "Operation Protective Edge" (GUM marks "Operation Clambake" so). The tagger reads such a
/// name as an organisation from the words around it ("groups conducted Operation al-Aqsa Flood"), or
/// leaves the word "Operation" outside the name it finds after it.
enum OperationNameRule {
    /// Retypes each name that starts with "Operation", and takes in the word "Operation" right before
    /// a name in the same sentence.
    static func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        for i in mentions.indices {
            let first = mentions[i].first
            if text.words[first] == "Operation", mentions[i].end - first > 1 {
                mentions[i].type = .miscellaneous
                mentions[i].role = nil
            } else if first > 0, text.words[first - 1] == "Operation", text.inOneSentence(first - 1, first),
                      !mentions.contains(where: { $0.first < first && first - 1 < $0.end }) {
                mentions[i].first = first - 1
                mentions[i].type = .miscellaneous
                mentions[i].role = nil
            }
        }
    }
}
