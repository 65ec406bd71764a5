import Foundation

/// Headlines read to the tagger like rows of names when every word is capitalised: "Hamas Accuses
/// Israel of Genocide", "JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT". Before tagging, such a
/// sentence's words are put back in the case running text would give them, from the name lists.
enum HeadlineCase {
    /// The words of one sentence as the tagger should read them; `firstScalars` holds each word's
    /// first code point.
    ///
    /// - Title case (at least four words with a letter, three in four capitalised): a word the
    ///   dictionary knows in lower case is written as running text would (``commonCase``: "Accuses" →
    ///   "accuses"); other words stay ("Israel", "Beresford"). Lowercasing every word in no name list
    ///   instead lost names on lines such as "Andrew Beresford , Durham University".
    /// - Capitals (at least three words with a letter, three in four all capitals): the dictionary's
    ///   words likewise ("WIN" → "win", "CHINA" → "China"); any other of four letters or more is
    ///   title-cased ("CUTTITTA" → "Cuttitta"); shorter ones stay, as acronyms do ("PLO", "U.S.").
    /// How many of a sentence's words start with a letter, and how many of those with a capital,
    /// given each word's first code point.
    @inline(__always)
    static func letterCounts(_ firstScalars: ArraySlice<Unicode.Scalar>) -> (alphabetic: Int, capitalised: Int) {
        var alphabetic = 0, capitalised = 0
        for first in firstScalars {
            if first.isASCII {
                let v = first.value
                if v >= 0x41 && v <= 0x5A { alphabetic += 1; capitalised += 1 } else if v >= 0x61 && v <= 0x7A { alphabetic += 1 }
            } else if first.properties.isAlphabetic {
                alphabetic += 1
                if first.properties.isUppercase { capitalised += 1 }
            }
        }
        return (alphabetic, capitalised)
    }

    static func normalized(_ words: ArraySlice<String>, firstScalars: ArraySlice<Unicode.Scalar>,
                           gazetteer: Gazetteer) -> ArraySlice<String> {
        // Counted on the first code points, not on the strings: most sentences stop here.
        let (alphabetic, capitalised) = letterCounts(firstScalars)
        guard alphabetic >= 3, 4 * capitalised >= 3 * alphabetic else { return words }
        let capitals = words.reduce(0) { $0 + (isAllCapitals($1) ? 1 : 0) }
        if 4 * capitals >= 3 * alphabetic {
            return ArraySlice(words.map { word in
                guard isAllCapitals(word) else { return word }
                let lower = word.lowercased()
                if let common = commonCase(word, lower: lower, gazetteer) { return common }
                guard word.unicodeScalars.count >= 4, word.unicodeScalars.allSatisfy(\.properties.isAlphabetic) else { return word }
                return String(word.prefix(1)) + lower.dropFirst()
            })
        }
        guard alphabetic >= 4 else { return words }
        return ArraySlice(words.map { word in
            guard word.first?.isUppercase ?? false, !word.dropFirst().contains(where: \.isUppercase) else { return word }
            return commonCase(word, lower: word.lowercased(), gazetteer) ?? word
        })
    }

    /// How running text writes a word the dictionary knows in lower case, `nil` for other words: a
    /// word of three letters or fewer in lower case ("IN", "At"); a longer one title-cased when the
    /// dictionary also lists it capitalised ("CHINA", "Senate"), else in lower case ("SURPRISE",
    /// "Rugby", though towns bear those names).
    private static func commonCase(_ word: String, lower: String, _ gazetteer: Gazetteer) -> String? {
        guard isCommon(lower, gazetteer) else { return nil }
        if lower.unicodeScalars.count <= 3 { return lower }
        let title = String(word.prefix(1)) + lower.dropFirst()
        return gazetteer.contains(title, in: .properNoun) ? title : lower
    }

    /// Whether the dictionary has a lowercase word, read with a straight apostrophe ("won’t").
    private static func isCommon(_ lower: String, _ gazetteer: Gazetteer) -> Bool {
        gazetteer.contains(lower.contains("\u{2019}") ? lower.replacingOccurrences(of: "\u{2019}", with: "'") : lower, in: .dictionaryWord)
    }

    /// Whether a word has two capitals or more and no lowercase letter ("WIN", "U.S."; not "A", "Gaza"),
    /// as the tagger's word shape reads it.
    static func isAllCapitals(_ word: String) -> Bool { WordShape(word.unicodeScalars).isAllCaps }
}
