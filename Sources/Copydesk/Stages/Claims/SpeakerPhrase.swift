/// Finds the phrase that names a speaker next to a cue, without a parser: a run of name words,
/// determiners, speaker nouns and their modifiers, bounded by punctuation, quotation marks and words
/// that open a clause ("that", "and", "as", "who"…).
struct SpeakerPhrase {
    let text: ClaimText

    /// Most unknown lowercase words a phrase may hold ("Connecticut’s *tax* commissioner").
    private static let unknownWordLimit = 2
    /// Longest phrase, in tokens.
    static let maximumLength = 12

    /// Calendar words, which are never a speaker ("…, said on Monday").
    static let calendarWords: WordSet = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
        "tonight", "tomorrow", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "week", "weekend", "morning", "afternoon",
        "evening", "night", "year", "month", "day", "last", "earlier", "later",
    ]

    private enum Role { case head, modifier, connector, possessive, unknown, pronoun, stop }

    private func role(of t: Int) -> Role {
        let lower = text.lower[t]
        let kinds = text.kinds[t]
        if text.quoteAt[t] >= 0 || text.isMark[t] { return .stop }
        if kinds.contains(.calendarWord) { return .stop }
        if lower == "’s" || lower == "'s" || lower == "’" { return .possessive }
        if kinds.contains(.pronoun) && lower != "who" { return .pronoun }
        if kinds.contains(.determiner) { return .modifier }
        if !kinds.isDisjoint(with: .speakerNoun) { return .head }
        if text.isCapitalized[t] {
            if !kinds.isDisjoint(with: [.clauseWord, .opener, .innerPreposition, .auxiliary]) { return .stop }
            return .head
        }
        if kinds.contains(.innerPreposition) { return .connector }
        // "an analysis by Lily Batchelder": the author of a document.
        if lower == "by", t > 0, text.kinds[t - 1].contains(.documentNoun) { return .connector }
        // "Mr. Grassley and Mr. Leahy": "and" between two names.
        if lower == "and", t > 0, t + 1 < text.count, text.isCapitalized[t - 1], text.isCapitalized[t + 1] { return .connector }
        if kinds.contains(.speakerAdjective) { return .modifier }
        // "the appeals court", "the claims office": a verb's -s form before a group noun modifies it.
        if t + 1 < text.count, kinds.contains(.verb), CueLexicon.modifiesGroupNoun(lower, before: text.lower[t + 1]) { return .modifier }
        if !kinds.isDisjoint(with: [.clauseWord, .auxiliary, .verb]) { return .stop }
        if text.isWord[t] { return .unknown }
        if text.isNumber[t] { return .modifier }
        return .stop
    }


    /// The speaker phrase ending just before token `end`, not reaching before `floor`.
    func before(_ end: Int, floor: Int) -> Range<Int>? {
        // "Rep. Gwen Moore (D-Wis.) said": the bracket belongs to the name.
        if end - 1 > floor, text.lower[end - 1] == ")",
           let open = stride(from: end - 2, through: max(floor, end - 8), by: -1).first(where: { text.lower[$0] == "(" }),
           let name = before(open, floor: floor) {
            return name.lowerBound..<end
        }
        let last = end - 1
        guard last >= floor else { return nil }
        if role(of: last) == .pronoun { return last..<end }
        guard role(of: last) == .head else { return nil }
        var first = last
        var unknown = 0
        var t = last - 1
        while t >= floor && last - t < Self.maximumLength {
            let r = role(of: t)
            if r == .stop || r == .pronoun { break }
            if r == .unknown {
                unknown += 1
                if unknown > Self.unknownWordLimit { break }
            }
            if r != .connector && r != .unknown { first = t }
            t -= 1
        }
        // The phrase opens on a determiner, a name, a modifier or a possessor, never inside a clause
        // whose verb the scan walked over: an unknown word just before it ends the phrase there.
        return first..<end
    }

    /// The speaker phrase starting at token `start`, not reaching `limit`.
    func after(_ start: Int, limit: Int) -> Range<Int>? {
        guard start < limit else { return nil }
        if role(of: start) == .pronoun { return start..<(start + 1) }
        var end = start
        var sawHead = false
        var unknown = 0
        var t = start
        while t < limit && t - start < Self.maximumLength {
            let r = role(of: t)
            if r == .stop || r == .pronoun { break }
            if r == .unknown {
                unknown += 1
                if unknown > Self.unknownWordLimit { break }
            }
            if r == .head {
                sawHead = true
                end = t + 1
            } else if r == .possessive && !sawHead {
                break
            }
            t += 1
        }
        guard sawHead, end > start else { return nil }
        // A phrase never starts on an unknown word or a preposition.
        let r = role(of: start)
        guard r == .head || r == .modifier else { return nil }
        return start..<end
    }
}
