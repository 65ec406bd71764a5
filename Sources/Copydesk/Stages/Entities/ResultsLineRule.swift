import CopydeskCore

/// A results line — "Barcelona 2 Sevilla 1", "Athletic Bilbao 1 Celta Vigo 1" — names two teams, and
/// teams are organisations, even when they are named after their cities; the scores belong to no
/// name. The tagger reads "Barcelona" as the city and runs a name over the score into the next team
/// ("Bilbao 1 Celta Vigo 1"). A sentence that is exactly a run of capitalised words, a score, another
/// run and a score gets two organisations and nothing else.
enum ResultsLineRule {
    /// The longest team name read, in words.
    static let longestTeam = 5
    /// The most digits a score has.
    static let longestScore = 3

    /// Replaces the mentions of each results line with its two teams.
    static func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var lines: [Range<Int>] = []
        var teams: [MentionCandidate] = []
        for sentence in text.sentences {
            var index = sentence.lowerBound
            func team() -> Range<Int>? {
                let start = index
                while index < sentence.upperBound, index - start < longestTeam, text.isCapitalized(index) { index += 1 }
                return index > start ? start..<index : nil
            }
            func score() -> Bool {
                guard index < sentence.upperBound, isScore(index, in: text) else { return false }
                index += 1
                return true
            }
            guard let home = team(), score(), let away = team(), score() else { continue }
            if index < sentence.upperBound, text.words[index] == "." { index += 1 }
            guard index == sentence.upperBound else { continue }
            lines.append(sentence)
            teams.append(MentionCandidate(first: home.lowerBound, end: home.upperBound, type: .organization))
            teams.append(MentionCandidate(first: away.lowerBound, end: away.upperBound, type: .organization))
        }
        guard !lines.isEmpty else { return }
        mentions.removeAll { mention in lines.contains { $0.overlaps(mention.first..<mention.end) } }
        mentions += teams
        mentions.sort { $0.first < $1.first }
    }

    private static func isScore(_ index: Int, in text: TokenizedText) -> Bool {
        let word = text.words[index]
        return !word.isEmpty && word.utf8.count <= longestScore && word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
