import CopydeskCore

/// A run of capitalised words with a word that ends organisation names inside it, after its first
/// word, is one organisation, where the tagger cut it up or typed it otherwise: "Freedom and Justice
/// Alliance for Palestine", "Press TV", "al-Ahli Arab Hospital", "Baptist Hospital".
///
/// The run joins name words across the small words names contain (``CapitalizedRuns/joiners``: "of",
/// "and", "for", …); a word with an Arabic article ("al-Ahli", "el-Sisi") is a name word too. The rule
/// leaves a run alone when a person is tagged in it or a place on its organisation word ("West Bank"),
/// when the name lists know the run as a place, when a mention crosses its ends, when it starts with
/// a title ("Minister of …"), and in sentences written in title case ("Great Service"). "And" ends a
/// run that already has an organisation word or stands between two tagged names ("British Library
/// and Columbia University"); a leading "the" is left out.
struct OrganizationNameRule {
    let gazetteer: Gazetteer

    /// The joiners a run does not go across once it has an organisation word: they join two names.
    static let conjunctions: Set<UInt64> = Set(["and", "&"].map(FeatureHash.word))
    /// The article a name is written after, not with: "The Mozilla Foundation".
    static let the = FeatureHash.word("the")

    /// Replaces the mentions inside each such run with one organisation.
    func apply(_ mentions: inout [MentionCandidate], in text: TokenizedText) {
        var result = mentions
        var changed = false
        let starts = Set(mentions.map(\.first)), ends = Set(mentions.map(\.end))
        for sentence in text.sentences where !isTitleCase(sentence, in: text) {
            var i = sentence.lowerBound
            while i < sentence.upperBound {
                guard isNameWord(i, in: text) else { i += 1; continue }
                var end = i + 1
                var hasOrganizationWord = isOrganizationWord(i, in: text)
                while end < sentence.upperBound {
                    if isNameWord(end, in: text) {
                        hasOrganizationWord = hasOrganizationWord || isOrganizationWord(end, in: text)
                        end += 1
                    } else if end + 1 < sentence.upperBound, CapitalizedRuns.joiners.contains(text.wordKeys[end]), isNameWord(end + 1, in: text),
                              // "Wikimedia Foundation and Creative Commons", "British Library and Columbia
                              // University" (both tagged already) are two.
                              !(Self.conjunctions.contains(text.wordKeys[end])
                                && (hasOrganizationWord || ends.contains(end) && starts.contains(end + 1))) {
                        end += 2
                    } else {
                        break
                    }
                }
                var start = i
                // "The Mozilla Foundation": the article is not part of the name. A sentence's first
                // word that running text writes in lower case ("Allow", "In") is not either.
                if text.wordKeys[start] == Self.the || start == sentence.lowerBound
                    && gazetteer.contains(key: text.wordKeys[start], in: .lowercaseWord) { start += 1 }
                // A title is a role, not an organisation: "Minister of Culture and Sport".
                if start < end, !gazetteer.contains(key: text.wordKeys[start], in: .role),
                   replace(start..<end, in: &result, text: text) { changed = true }
                i = end
            }
        }
        if changed {
            result.sort { $0.first < $1.first }
            mentions = result
        }
    }

    /// Makes `run` one organisation if it qualifies; whether it did.
    private func replace(_ run: Range<Int>, in mentions: inout [MentionCandidate], text: TokenizedText) -> Bool {
        guard run.count >= 2, (run.lowerBound + 1..<run.upperBound).contains(where: { isOrganizationWord($0, in: text) }) else { return false }
        let organization = MentionCandidate(first: run.lowerBound, end: run.upperBound, type: .organization)
        let inside = mentions.indices.filter { mentions[$0].overlaps(organization) }
        for m in inside.map({ mentions[$0] }) {
            if m.first < run.lowerBound || m.end > run.upperBound || m.type == .person { return false }
            if m.type == .location, (m.first..<m.end).contains(where: { isOrganizationWord($0, in: text) }) { return false }
        }
        if inside.count == 1, mentions[inside[0]].first == run.lowerBound, mentions[inside[0]].end == run.upperBound,
           mentions[inside[0]].type == .organization { return false }
        if gazetteer.contains(phrase: text.wordKeys[run], in: .place) { return false }
        for index in inside.reversed() { mentions.remove(at: index) }
        mentions.append(organization)
        return true
    }

    private func isOrganizationWord(_ k: Int, in text: TokenizedText) -> Bool {
        text.isCapitalized(k) && gazetteer.contains(key: text.wordKeys[k], in: .organizationWord)
    }

    /// A capitalised word, or one with an Arabic article before a capital ("al-Ahli"); not a name
    /// with a lowercase word hyphened to it ("Gaza-based", "US-led"). Read from the bytes: this runs
    /// for every word.
    private func isNameWord(_ k: Int, in text: TokenizedText) -> Bool {
        let utf8 = text.words[k].utf8
        if text.isCapitalized(k) {
            guard let hyphen = utf8.lastIndex(of: UInt8(ascii: "-")) else { return true }
            let next = utf8.index(after: hyphen)
            return next == utf8.endIndex || !utf8[next].isASCIILowercase
        }
        return text.firstScalars[k].isASCII && ArabicArticle.nameOffset(in: utf8) != nil
    }

    /// Three in four of the sentence's words with a letter capitalised, at least two of them ("Great Service").
    private func isTitleCase(_ sentence: Range<Int>, in text: TokenizedText) -> Bool {
        let (letters, capitals) = HeadlineCase.letterCounts(text.firstScalars[sentence])
        return letters >= 2 && 4 * capitals >= 3 * letters
    }
}
