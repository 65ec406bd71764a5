import Foundation

/// Headlines read to the tagger like rows of names when every word is capitalised: "Hamas Accuses
/// Israel of Genocide", "JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT". Before tagging, such a
/// sentence's words are put back in the case running text would give them, from the name lists.
enum HeadlineCase {
    /// The words of one sentence as the tagger should read them; `firstScalars` holds each word's
    /// first code point.
    ///
    /// - Title case (at least four words with a letter, three in four capitalised): a word the
    ///   dictionary knows in lower case and no name list holds is lowercased ("Accuses" → "accuses";
    ///   "Israel" and "Beresford" stay). Lowercasing every word in no name list instead lost names
    ///   on lines such as "Andrew Beresford , Durham University": on held-out folds (three-fold
    ///   cross-validation by document, UNER dev and GUM) the stage scored 62.27 and 55.55 that way
    ///   and 62.58 and 55.69 this way.
    /// - Capitals (at least three words with a letter, three in four all capitals): a word the
    ///   dictionary knows in lower case and no name list holds is lowercased ("WIN" → "win"); any other
    ///   of four letters or more is title-cased ("JAPAN" → "Japan", "CUTTITTA" → "Cuttitta"); shorter
    ///   ones stay, as acronyms do ("PLO", "U.S.").
    static func normalized(_ words: ArraySlice<String>, firstScalars: ArraySlice<Unicode.Scalar>,
                           gazetteer: Gazetteer) -> ArraySlice<String> {
        // Counted on the first code points, not on the strings: most sentences stop here.
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
        guard alphabetic >= 3, 4 * capitalised >= 3 * alphabetic else { return words }
        let capitals = words.reduce(0) { $0 + (isAllCapitals($1) ? 1 : 0) }
        if 4 * capitals >= 3 * alphabetic {
            return ArraySlice(words.map { word in
                guard isAllCapitals(word) else { return word }
                let lower = word.lowercased()
                if isCommon(lower, gazetteer) && !gazetteer.containsName(word) { return lower }
                guard word.unicodeScalars.count >= 4, word.unicodeScalars.allSatisfy(\.properties.isAlphabetic) else { return word }
                return String(word.prefix(1)) + lower.dropFirst()
            })
        }
        guard alphabetic >= 4 else { return words }
        return ArraySlice(words.map { word in
            guard word.first?.isUppercase ?? false, !word.dropFirst().contains(where: \.isUppercase),
                  !gazetteer.containsName(word) else { return word }
            let lower = word.lowercased()
            return isCommon(lower, gazetteer) ? lower : word
        })
    }

    /// Whether the dictionary has a lowercase word, read with a straight apostrophe ("won’t").
    private static func isCommon(_ lower: String, _ gazetteer: Gazetteer) -> Bool {
        gazetteer.contains(lower.contains("\u{2019}") ? lower.replacingOccurrences(of: "\u{2019}", with: "'") : lower, in: .dictionaryWord)
    }

    /// Whether a word has two letters or more and no lowercase one ("WIN", "U.S."; not "A", "Gaza").
    static func isAllCapitals(_ word: String) -> Bool {
        var letters = 0
        for scalar in word.unicodeScalars where scalar.properties.isAlphabetic {
            if scalar.properties.isLowercase { return false }
            letters += 1
        }
        return letters >= 2
    }
}
