import CopydeskCore

/// A dateline set in capitals — "MADRID 1996-08-31", "LONDON, Aug 30 (Reuters) -" — opens with the
/// place the story was filed from. The tagger, trained on mixed-case text, misses most names in lines
/// set in capitals. A run of up to three words in capitals at the start of a sentence, followed by a
/// number or a comma, that the place list holds (whatever its case) is a place.
enum DatelineRule {
    /// The longest place name read, in words.
    static let longestPlace = 3

    /// Adds (or retypes to) a place for each such dateline.
    static func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText, gazetteer: Gazetteer) {
        var added = false
        for sentence in text.sentences {
            var end = sentence.lowerBound
            while end < sentence.upperBound, end - sentence.lowerBound < longestPlace, text.isInCapitals(end) { end += 1 }
            guard end > sentence.lowerBound, end < sentence.upperBound else { continue }
            let next = text.words[end]
            guard next == "," || next.first?.isNumber == true else { continue }
            let place = sentence.lowerBound..<end
            guard gazetteer.contains(phrase: text.wordKeys[place], in: .place) else { continue }
            mentions.removeAll { place.overlaps($0.first..<$0.end) }
            mentions.append(MentionCandidate(first: place.lowerBound, end: place.upperBound, type: .location))
            added = true
        }
        if added { mentions.sort { $0.first < $1.first } }
    }
}
