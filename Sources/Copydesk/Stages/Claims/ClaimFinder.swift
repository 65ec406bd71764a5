import CopydeskCore

/// Finds attributions with rules over tokens: a cue, the speaker phrase beside it and the content on
/// the side the word order gives, in every order news writing uses —
/// "X said (that) C", "C, X said", "C, said X", "“C,” X said, “D”", "C, X added, D", "…, saying C",
/// "according to X, C", "X said: C" — then quotations that stand alone.
struct ClaimFinder {
    let text: ClaimText
    private let phrases: SpeakerPhrase

    init(text: ClaimText) {
        self.text = text
        phrases = SpeakerPhrase(text: text)
    }

    /// A cue found in a sentence.
    private struct Cue {
        /// Its first token (auxiliaries included).
        var first: Int
        /// The reporting verb's token.
        var verb: Int
        /// One past its last token (particle or "in a statement" included).
        var end: Int
        var entry: CueLexicon.Verb?
        var isAccordingTo: Bool { entry == nil }
    }

    /// Every attribution in the text, in order.
    func attributions() -> [Attribution] {
        var found: [Attribution] = []
        var labelledUntil = 0
        for sentence in text.tokens.sentences where sentence.lowerBound >= labelledUntil {
            if let line = labelledLine(at: sentence) {
                found.append(line)
                labelledUntil = line.content.upperBound
                continue
            }
            found += attributions(in: sentence)
        }
        found += standaloneQuotations(besides: found)
        found.sort { $0.content.lowerBound < $1.content.lowerBound }
        return found
    }

    // MARK: Labelled lines

    /// Words that label a line without naming who speaks: "Update: …", "Photo: …".
    private static let lineLabels: WordSet = [
        "note", "update", "updated", "editor", "editors", "related", "photo", "photos", "video", "watch", "read",
        "see", "share", "source", "sources", "caption", "credit", "image", "contact", "email", "phone", "tags",
        "topics", "filed", "posted", "published", "breaking", "exclusive", "analysis", "opinion", "live", "q", "a",
        "warning", "correction", "disclosure", "subscribe", "advertisement", "listen", "more", "also", "bottom",
        "line", "why", "what", "how", "when", "where", "who", "the", "this", "here", "background", "context",
        "summary", "question", "answer", "title", "by", "from", "to", "subject", "date", "location", "cc",
        "clarification", "erratum", "addendum", "disclaimer", "transcript", "excerpt", "excerpts", "corrections",
    ]

    /// A transcript line ("PENCE: Well, the question …") or a labelled headline ("Poll: Clinton and
    /// Trump in dead heat"): a name of one to four capitalised words opening a paragraph, then a colon;
    /// what follows, to the paragraph's end, is what the name said. In the body only names written in
    /// capitals (a transcript's speakers) count; in the headline a name or a document noun.
    private func labelledLine(at sentence: Range<Int>) -> Attribution? {
        let paragraph = text.paragraphOf[sentence.lowerBound]
        let lines = text.paragraphs[paragraph]
        var start = sentence.lowerBound
        guard start == lines.lowerBound || (start == lines.lowerBound + 1 && text.isMark[lines.lowerBound]) else { return nil }
        if text.isMark[start], text.quoteAt[start] >= 0 { start += 1 }
        guard let colon = (start..<min(start + 5, lines.upperBound)).first(where: { text.lower[$0] == ":" }), colon > start,
              (start..<colon).allSatisfy({ text.isWord[$0] && text.isCapitalized[$0] }), !isInvertedOpening(start, in: sentence),
              !(start..<colon).contains(where: { Self.lineLabels.contains(text.lower[$0]) || text.kinds[$0].contains(.calendarWord) }) else { return nil }
        let label = start..<colon
        let inCapitals = label.allSatisfy { isInCapitals($0) }
        let isHeadline = paragraph == 0 && (text.kinds[colon - 1].contains(.documentNoun) || label.count <= 3)
        guard inCapitals || isHeadline else { return nil }
        var end = lines.upperBound
        while end > colon + 1, text.isMark[end - 1], text.quoteAt[end - 1] < 0 || text.lower[end - 1] == "." { end -= 1 }
        let content = (colon + 1)..<end
        guard text.wordCount(content) >= 3 else { return nil }
        var line = Attribution(kind: .indirect, content: content, source: .phrase(label), cue: colon..<(colon + 1))
        // A transcript's line is the speaker's own words.
        line.kind = inCapitals && paragraph > 0 ? .direct : kind(of: line)
        return line
    }

    /// A word of two or more letters, all capitals.
    private func isInCapitals(_ t: Int) -> Bool {
        let word = text.tokens.words[t]
        return word.count >= 2 && word.allSatisfy { !$0.isLetter || $0.isUppercase }
    }

    // MARK: Cues

    private func cues(in sentence: Range<Int>) -> [Cue] {
        var cues: [Cue] = []
        var t = sentence.lowerBound
        while t < sentence.upperBound {
            defer { t += 1 }
            guard text.quoteAt[t] < 0 else { continue }
            let word = text.lower[t]
            if word == "according", t + 1 < sentence.upperBound, text.lower[t + 1] == "to" {
                cues.append(Cue(first: t, verb: t, end: t + 2, entry: nil))
                t += 1
                continue
            }
            if let stance = stanceAdjective(at: t, in: sentence) {
                cues.append(stance)
                t = stance.end - 1
                continue
            }
            if let idiom = idiomaticCue(at: t, in: sentence) {
                let first = cueStart(before: t, in: sentence)
                if !isNegated(before: first, in: sentence) {
                    cues.append(Cue(first: first, verb: t, end: idiom.end, entry: CueLexicon.Verb(lemma: idiom.lemma, isStrong: true, isParticiple: false)))
                }
                t = idiom.end - 1
                continue
            }
            guard var entry = text.verb(at: t), !text.isCapitalized[t] || isInvertedOpening(t, in: sentence) else { continue }
            // "is stressing that", "are demanding that": a progressive, not a participle after a comma.
            if entry.isParticiple, isAfterBe(t, in: sentence) {
                entry = CueLexicon.Verb(lemma: entry.lemma, isStrong: entry.isStrong, isParticiple: false)
            }
            // A noun, not a verb: "the report", "Trump’s claims", "an estimated 3,000"; and an
            // infinitive ("wants to say"), unless a raising verb carries it ("appeared to suggest").
            var raising: Int? = nil
            if t > sentence.lowerBound {
                let previous = text.lower[t - 1]
                if text.kinds[t - 1].contains(.determiner) && previous != "all" || previous == "’s" || previous == "'s" { continue }
                if previous == "to" && !entry.isParticiple {
                    guard let verb = raisingVerb(before: t - 1, in: sentence) else { continue }
                    raising = verb
                }
            }
            var end = t + 1
            // "press secretary", "campaign manager": a modifier of a role noun, not a verb.
            if !entry.isStrong, end < sentence.upperBound, text.kinds[end].contains(.personNoun)
                || CueLexicon.modifiesGroupNoun(word, before: text.lower[end]) { continue }
            if CueLexicon.introducedAtOnce.contains(entry.lemma) {
                guard isIntroducedAtOnce(after: t, before: sentence.upperBound) else { continue }
            }
            if let needed = CueLexicon.particles[entry.lemma] {
                if end < sentence.upperBound, needed.contains(text.lower[end]) {
                    end += 1
                } else {
                    // "called his rivals “deplorables”": naming with a quotation, not a telephone call.
                    guard entry.lemma == "call", !entry.isParticiple,
                          (end..<min(end + 8, sentence.upperBound)).contains(where: { text.isMark[$0] && text.quoteAt[$0] >= 0 }) else { continue }
                }
            }
            // "reports said", "claims showed": a plural noun before the verb.
            if word.hasSuffix("s"), end < sentence.upperBound, text.verb(at: end) != nil, text.quoteAt[end] < 0 { continue }
            end = extendedEnd(of: end, in: sentence)
            let first = cueStart(before: raising ?? t, in: sentence)
            if isNegated(before: first, in: sentence) { continue }
            // A weak cue in the passive ("has been called a charlatan", "was accused of"): said of
            // the subject, not by it.
            if !entry.isStrong, !word.hasSuffix("ing"), word != entry.lemma, isAfterBe(t, in: sentence) { continue }
            // A passive ("It was first declared by Nixon"): the one named after "by" spoke, not the subject.
            if end < sentence.upperBound, text.lower[end] == "by", !entry.isParticiple,
               (first..<t).contains(where: { text.kinds[$0].contains(.beForm) }) { continue }
            cues.append(Cue(first: first, verb: t, end: end, entry: entry))
            t = end - 1
        }
        return cues
    }

    /// The first token of a cue whose verb (or raising verb) is at `verb`: back over auxiliaries,
    /// adverbs of manner and a time between the speaker and the verb ("Sanders on Tuesday said").
    private func cueStart(before verb: Int, in sentence: Range<Int>) -> Int {
        var first = verb
        while first > sentence.lowerBound {
            if text.kinds[first - 1].contains(.auxiliary) || isMannerAdverb(first - 1) { first -= 1; continue }
            // "who in 2010 said": a time between the speaker and the verb.
            if first - 2 >= sentence.lowerBound, ["on", "in", "last", "this", "earlier"].contains(text.lower[first - 2]),
               text.kinds[first - 1].contains(.calendarWord) || isYear(first - 1) { first -= 2; continue }
            break
        }
        return first
    }

    /// Cues that are no reporting verbs in general, only in one construction, each a strong cue:
    /// a document that reads ("“…,” the letter reads", "reads the statement:", "the ad reads: “…”")
    /// and "put it" set off by a comma or a colon ("As Mr. Smith put it, “…”").
    private func idiomaticCue(at t: Int, in sentence: Range<Int>) -> (lemma: String, end: Int)? {
        guard text.kinds[t].contains(.idiomVerb), !text.isCapitalized[t], t > sentence.lowerBound else { return nil }
        let word = text.lower[t]
        let next = t + 1 < sentence.upperBound ? text.lower[t + 1] : "."
        if word == "read" || word == "reads" {
            let introduces = next == ":" || next == "," || opensQuotation(t + 1)
            let endsSentence = t + 1 >= sentence.upperBound || t + 2 == sentence.upperBound && [".", "!", "?"].contains(next)
            let afterDocument = text.kinds[t - 1].contains(.documentNoun) && (introduces || endsSentence)
            let beforeDocument = (text.lower[t - 1] == "," || isClosingMark(t - 1)) && t + 2 < sentence.upperBound
                && text.kinds[t + 1].contains(.determiner) && text.kinds[t + 2].contains(.documentNoun)
            return afterDocument || beforeDocument ? ("read", t + 1) : nil
        }
        if word == "put" || word == "puts", next == "it", t + 2 < sentence.upperBound,
           [",", ":"].contains(text.lower[t + 2]) || opensQuotation(t + 2) {
            return ("put", t + 2)
        }
        return nil
    }

    /// "Said Ellis: “…”": a strong cue that opens the sentence, capitalised, before a name.
    private func isInvertedOpening(_ t: Int, in sentence: Range<Int>) -> Bool {
        guard t == sentence.lowerBound || t == sentence.lowerBound + 1 && opensQuotation(sentence.lowerBound) else { return false }
        guard let entry = text.verb(at: t), entry.isStrong, !entry.isParticiple, CueLexicon.invertible.contains(entry.lemma),
              let speaker = phrases.after(t + 1, limit: sentence.upperBound), speaker.lowerBound == t + 1,
              speaker.upperBound < sentence.upperBound else { return false }
        return [":", ","].contains(text.lower[speaker.upperBound])
    }

    /// Whether a negation stands just before token `first` ("did *not* say").
    private func isNegated(before first: Int, in sentence: Range<Int>) -> Bool {
        first > sentence.lowerBound && CueLexicon.isNegation(text.lower[first - 1])
    }

    /// Whether "that", a colon or a comma follows token `t` at once, as a rarely-verb cue needs.
    private func isIntroducedAtOnce(after t: Int, before end: Int) -> Bool {
        t + 1 < end && ["that", ":", ","].contains(text.lower[t + 1])
    }

    /// Whether token `t` is a year ("2010").
    private func isYear(_ t: Int) -> Bool {
        let word = text.lower[t]
        return text.isNumber[t] && word.count == 4 && (Int(word).map { (1900...2100).contains($0) } ?? false)
    }

    /// Whether a form of "be" stands before token `t`, across auxiliaries and adverbs ("is still hoping").
    private func isAfterBe(_ t: Int, in sentence: Range<Int>) -> Bool {
        var k = t - 1
        while k >= sentence.lowerBound, !text.kinds[k].contains(.beForm),
              text.kinds[k].contains(.auxiliary) || isMannerAdverb(k) { k -= 1 }
        return k >= sentence.lowerBound && text.kinds[k].contains(.beForm)
    }

    /// "are afraid that", "remained convinced that": a stance adjective after a copula, with "that"
    /// after it, is a weak cue (its speaker must stand before it).
    private func stanceAdjective(at t: Int, in sentence: Range<Int>) -> Cue? {
        guard text.kinds[t].contains(.stanceAdjective), t + 1 < sentence.upperBound, text.lower[t + 1] == "that",
              t > sentence.lowerBound else { return nil }
        var first = t
        while first > sentence.lowerBound, text.kinds[first - 1].contains(.auxiliary) || isMannerAdverb(first - 1)
            || text.kinds[first - 1].contains(.copula) { first -= 1 }
        guard first < t, (first..<t).contains(where: { text.kinds[$0].contains(.copula) || text.kinds[$0].contains(.beForm) }),
              !isNegated(before: first, in: sentence) else { return nil }
        return Cue(first: first, verb: t, end: t + 1, entry: CueLexicon.Verb(lemma: text.lower[t], isStrong: false, isParticiple: false))
    }

    /// The raising verb before the "to" at `to` ("he *appeared* to suggest", "she *went on* to say").
    private func raisingVerb(before to: Int, in sentence: Range<Int>) -> Int? {
        guard to - 1 >= sentence.lowerBound else { return nil }
        let verb = text.lower[to - 1]
        if CueLexicon.raisingVerbs.contains(verb) { return to - 1 }
        if verb == "on", to - 2 >= sentence.lowerBound, ["went", "goes", "go", "going"].contains(text.lower[to - 2]) { return to - 2 }
        return nil
    }

    /// An adverb of manner or stance between a speaker and the verb ("he *apparently* believed",
    /// "I *truly* believed"): a lowercase -ly word that is not one of the -ly nouns.
    private func isMannerAdverb(_ t: Int) -> Bool {
        let word = text.lower[t]
        return word.count >= 5 && word.hasSuffix("ly") && !text.isCapitalized[t] && !CueLexicon.lyNouns.contains(word)
    }

    /// Multi-word cues: "said in a statement", "told reporters", "noted in the statement".
    private func extendedEnd(of end: Int, in sentence: Range<Int>) -> Int {
        let lower = text.lower
        if end + 2 < sentence.upperBound, lower[end] == "in", ["a", "the", "its", "his", "her", "their", "an"].contains(lower[end + 1]),
           ["statement", "interview", "tweet", "post", "letter", "speech", "release", "report", "video", "message"].contains(lower[end + 2]) {
            return end + 3
        }
        if end < sentence.upperBound, ["reporters", "journalists"].contains(lower[end]) { return end + 1 }
        return end
    }

    // MARK: One sentence

    private func attributions(in sentence: Range<Int>) -> [Attribution] {
        var found: [Attribution] = []
        var covered = sentence.lowerBound  // tokens before this belong to an earlier content or cue
        let cues = cues(in: sentence)
        for (index, cue) in cues.enumerated() {
            guard cue.first >= covered || cue.entry?.isParticiple == true && cue.first > sentence.lowerBound && text.lower[cue.first - 1] == "," else { continue }
            let nextCue = index + 1 < cues.count ? cues[index + 1].first : sentence.upperBound
            guard var attribution = attribution(at: cue, in: sentence, nextCue: nextCue) else { continue }
            // A participial cue cuts the content of the claim before it at its comma; but not a
            // quotation that goes on in a later sentence (`“C,” X said, speaking of Y. “D.”`), whose
            // aside it stands in (it is still a claim of its own).
            if cue.entry?.isParticiple == true, var previous = found.last, previous.content.contains(cue.first), cue.first - 1 > previous.content.lowerBound,
               previous.content.upperBound <= sentence.upperBound || previous.kind == .indirect {
                previous.content = previous.content.lowerBound..<trimmedEnd(cue.first - 1, from: previous.content.lowerBound)
                if text.wordCount(previous.content) >= 2 { found[found.count - 1] = previous } else { found.removeLast() }
            }
            attribution.kind = kind(of: attribution)
            found.append(attribution)
            covered = max(covered, attribution.content.upperBound, cue.end)
        }
        return found
    }

    private func attribution(at cue: Cue, in sentence: Range<Int>, nextCue: Int) -> Attribution? {
        let cueRange = cue.first..<cue.end
        if cue.isAccordingTo {
            guard let speaker = phrases.after(cue.end, limit: sentence.upperBound) else { return nil }
            let left = contentBefore(cue.first, in: sentence)
            var rightStart = speaker.upperBound
            if rightStart < sentence.upperBound, text.lower[rightStart] == "," { rightStart += 1 }
            let right = contentAfter(rightStart, in: sentence, nextCue: sentence.upperBound, skipThat: false)
            // "C, according to X, a former aide …": words set off after the source describe it.
            let describes = cue.first > sentence.lowerBound
                && right.map { ["a", "an", "the", "who", "whose"].contains(text.lower[$0.lowerBound]) && rightStart > speaker.upperBound } ?? false
            let best = describes && left.map({ text.wordCount($0) >= 3 }) == true ? left
                : [left, right].compactMap { $0 }.max { text.wordCount($0) < text.wordCount($1) }
            guard let content = best, text.wordCount(content) >= 3 else { return nil }
            return Attribution(kind: .indirect, content: content, source: .phrase(speaker), cue: cue.first..<(cue.first + 2))
        }
        guard let entry = cue.entry else { return nil }
        // "Said Ellis: “…”".
        if text.isCapitalized[cue.verb], let speaker = phrases.after(cue.end, limit: sentence.upperBound) {
            guard let content = contentAfter(speaker.upperBound, in: sentence, nextCue: nextCue, skipThat: false) else { return nil }
            return Attribution(kind: .indirect, content: content, source: .phrase(speaker), cue: cueRange)
        }
        if entry.isParticiple {
            guard cue.first > sentence.lowerBound, text.lower[cue.first - 1] == "," else { return nil }
            guard let content = contentAfter(cue.end, in: sentence, nextCue: nextCue, skipThat: true,
                                             lemma: CueLexicon.loudVerbs.contains(entry.lemma) ? entry.lemma : nil) else { return nil }
            return Attribution(kind: .indirect, content: content, source: .subject(ofSentenceAt: sentence.lowerBound), cue: cueRange)
        }
        if let speaker = leftSpeaker(before: cue.first, in: sentence), accepts(speaker, for: cue, entry: entry, in: sentence) {
            // "C, as police have said": the clause before "as" is what was said.
            let asClause = speaker.lowerBound - 2 > sentence.lowerBound && text.lower[speaker.lowerBound - 1] == "as"
                && text.lower[speaker.lowerBound - 2] == ","
            let left = contentBefore(asClause ? speaker.lowerBound - 1 : speaker.lowerBound, in: sentence)
            let leftIsQuotation = left.map { left in
                let last = left.upperBound - 1
                guard text.quoteAt[last] >= 0 else { return false }
                let quote = text.quotes[text.quoteAt[last]]
                // "In an interview on CBS’s “Face the Nation,” Ryan said …": a title in an opening
                // adverbial, not what was said.
                if left.lowerBound < quote.open, opensAdverbial(left) { return false }
                return quote.end >= left.upperBound && quote.close.map { $0 + 1 >= speaker.lowerBound - 1 } ?? false
            } ?? false
            // A quotation in the sentence before (`“…?” Vitter demanded.`) only when nothing follows the cue.
            let acrossSentences = left.map { $0.lowerBound < sentence.lowerBound && speaker.lowerBound == sentence.lowerBound } ?? false
            let followed = acrossSentences && (contentAfter(cue.end, in: sentence, nextCue: nextCue, skipThat: true, lemma: entry.lemma).map { text.wordCount($0) >= 3 } ?? false)
            // "“C,” X said" (and "“C,” X said, “D”", and "“C,” X said. “D”").
            if let left, leftIsQuotation, !followed {
                return Attribution(kind: .direct, content: continued(joinedWithFollowingPart(left, after: cue.end, in: sentence), after: sentence),
                                   source: .phrase(speaker), cue: cueRange)
            }
            // "C, X added, D" — not "As a phone rang, the announcer said, “…”".
            if let left, text.wordCount(left) >= 2, cue.end + 1 < sentence.upperBound, text.lower[cue.end] == ",",
               !text.isMark[cue.end + 1], !Self.opensAdverbial(text.lower[left.lowerBound]) {
                return Attribution(kind: .indirect, content: joinedWithFollowingPart(left, after: cue.end, in: sentence), source: .phrase(speaker), cue: cueRange)
            }
            // "X said (that) C", also after an opening phrase ("In a statement, X said: …").
            if !CueLexicon.afterContentOnly.contains(entry.lemma) || cue.end < sentence.upperBound && [",", ":"].contains(text.lower[cue.end]),
               let right = contentAfter(cue.end, in: sentence, nextCue: nextCue, skipThat: true, lemma: entry.lemma),
               text.wordCount(right) >= (entry.isStrong ? 2 : 3), !["and", "but", "or", "nor"].contains(text.lower[right.lowerBound]),
               !isOnlyTheListener(right, of: entry, before: left) {
                return Attribution(kind: .indirect, content: right, source: .phrase(speaker), cue: cueRange)
            }
            // "C, X said".
            if let left, text.wordCount(left) >= 3, entry.isStrong,
               !opensAdverbial(left) || leftIsQuotation || hasMainClause(afterOpenerOf: left) {
                return Attribution(kind: .indirect, content: continued(left, after: sentence), source: .phrase(speaker), cue: cueRange)
            }
            return nil
        }
        // "X bemoaned the unrest and said C", "Derek Mitchell, who served …, said C": the sentence's subject.
        if cue.first > sentence.lowerBound, ["and", "but", ","].contains(text.lower[cue.first - 1]), !CueLexicon.afterContentOnly.contains(entry.lemma),
           subjectBeforeComma(in: sentence, before: cue.first) || text.lower[cue.first - 1] != ",",
           let right = contentAfter(cue.end, in: sentence, nextCue: nextCue, skipThat: true, lemma: entry.lemma), text.wordCount(right) >= 3 {
            if text.lower[cue.first - 1] == ",", let subject = subjectPhrase(in: sentence) {
                return Attribution(kind: .indirect, content: right, source: .phrase(subject), cue: cueRange)
            }
            if text.lower[cue.first - 1] != "," {
                return Attribution(kind: .indirect, content: right, source: .subject(ofSentenceAt: sentence.lowerBound), cue: cueRange)
            }
        }
        // "C, said X" / "“C,” said X".
        guard entry.isStrong, CueLexicon.invertible.contains(entry.lemma), cue.first == cue.verb, cue.first > sentence.lowerBound,
              text.lower[cue.first - 1] == "," || text.isMark[cue.first - 1],
              let speaker = phrases.after(cue.end, limit: sentence.upperBound),
              !opensClause(after: speaker),
              let left = contentBefore(cue.first, in: sentence) else { return nil }
        // After an inverted speaker, words set off by a comma describe the speaker ("said Brian
        // Baker, a longtime adviser …"); only a quotation continues what was said.
        let joined = joinedWithFollowingPart(left, after: speaker.upperBound, in: sentence, quotationsOnly: true)
        return Attribution(kind: .indirect, content: continued(joined, after: sentence), source: .phrase(speaker), cue: cueRange)
    }

    /// "C, Graham told The Huffington Post on Thursday": after a verb that takes a listener, words
    /// that no "that", colon or quotation introduces are the listener, when content stands before.
    private func isOnlyTheListener(_ right: Range<Int>, of entry: CueLexicon.Verb, before left: Range<Int>?) -> Bool {
        guard CueLexicon.personObjectVerbs.contains(entry.lemma), let left, text.wordCount(left) >= 3 else { return false }
        let introduced = ["that", ":", ","].contains(text.lower[right.lowerBound - 1]) || text.isMark[right.lowerBound] || text.quoteAt[right.lowerBound] >= 0
        return !introduced && text.wordCount(right) <= Self.longestListener && !right.contains(where: { text.lower[$0] == "that" || text.quoteAt[$0] >= 0 })
    }

    /// Most words of a listener and a time ("The Huffington Post on Thursday").
    private static let longestListener = 6

    /// Whether a stretch opens on an adverbial, after a leading conjunction ("But when Congress cut
    /// funding, Mexico said enough").
    private func opensAdverbial(_ range: Range<Int>) -> Bool {
        var first = range.lowerBound
        if ["but", "and", "yet", "so"].contains(text.lower[first]), first + 1 < range.upperBound { first += 1 }
        return Self.opensAdverbial(text.lower[first])
    }

    /// Whether content that opens on an adverbial ("After some challenges, Mr. Clarke's work has
    /// been meeting standards") goes on past the adverbial's comma into a clause of its own.
    private func hasMainClause(afterOpenerOf content: Range<Int>) -> Bool {
        guard let comma = content.first(where: { text.lower[$0] == "," }) else { return false }
        return text.wordCount((comma + 1)..<content.upperBound) >= 4
    }

    /// Whether a phrase is a party and state after a politician's name: "R-Ky.", "D-Calif.".
    private func isPartyAndState(_ phrase: Range<Int>) -> Bool {
        let joined = phrase.map { text.lower[$0] }.joined()
        guard joined.count >= 3, joined.count <= 9, let first = joined.first, "rdi".contains(first) else { return false }
        return joined.dropFirst().first == "-"
    }

    /// Whether a verb follows a phrase, making it the subject of a clause and not a speaker named
    /// after the cue: ", said no immediate decision *had* been made".
    private func opensClause(after phrase: Range<Int>) -> Bool {
        guard phrase.upperBound < text.count, text.isWord[phrase.upperBound] else { return false }
        return !text.kinds[phrase.upperBound].isDisjoint(with: [.clauseVerb, .verb])
    }

    /// Whether a word opens an adverbial clause or phrase ("As a phone rang, …", "Speaking on Friday, …"),
    /// which sets the scene of an attribution and is not what was said.
    static func opensAdverbial(_ word: String) -> Bool {
        ["as", "when", "if", "after", "before", "while", "because", "although", "though", "since", "once",
         "in", "on", "at", "during", "from", "with", "without", "by", "for", "asked", "pressed", "speaking",
         "writing", "addressing", "responding", "asked", "interviewed", "until", "upon", "unlike", "like"].contains(word)
    }

    /// The phrase that opens a sentence and is followed by a comma: "Derek Mitchell, who served …,".
    private func subjectPhrase(in sentence: Range<Int>) -> Range<Int>? {
        guard let phrase = phrases.after(sentence.lowerBound, limit: sentence.upperBound),
              phrase.upperBound < sentence.upperBound, text.lower[phrase.upperBound] == "," else { return nil }
        guard text.isCapitalized[phrase.upperBound - 1] || !text.kinds[phrase.upperBound - 1].isDisjoint(with: .speakerNoun) else { return nil }
        return phrase
    }

    /// Whether the sentence opens on a subject set off by a comma, and the cue's comma closes the
    /// apposition or relative clause after it (the only commas between are inside it).
    private func subjectBeforeComma(in sentence: Range<Int>, before cue: Int) -> Bool {
        guard let subject = subjectPhrase(in: sentence), cue - subject.upperBound >= 3 else { return false }
        let inner = text.lower[subject.upperBound + 1]
        guard ["who", "a", "an", "the", "of", "from", "whose", "which", "meanwhile", "however", "for", "in", "too", "at", "on", "during"].contains(inner)
                || text.isCapitalized[subject.upperBound + 1] || text.isNumber[subject.upperBound + 1]
                || !text.kinds[subject.upperBound + 1].isDisjoint(with: [.speakerNoun, .speakerAdjective]) else { return false }
        // No quotation and no other cue between.
        // (A lone apostrophe, as in "veterans' families", is not a mark.)
        for t in subject.upperBound..<cue where text.quoteAt[t] >= 0 { return false }
        return true
    }

    /// Whether a phrase before a cue can be its speaker: it opens a clause (not "the target *it*
    /// pledged", not "what *she* wants"), it is not the reader ("you say"), and a bare plural verb
    /// ("say") has a plural subject.
    private func accepts(_ speaker: Range<Int>, for cue: Cue, entry: CueLexicon.Verb, in sentence: Range<Int>) -> Bool {
        let first = text.lower[speaker.lowerBound]
        if speaker.count == 1, first == "you" { return false }
        // A relative pronoun follows its noun, whatever the word: "listeners who said".
        if speaker.lowerBound > sentence.lowerBound, !(speaker.count == 1 && first == "who") {
            let previous = speaker.lowerBound - 1
            let word = text.lower[previous]
            if ["what", "which", "whom", "how", "why"].contains(word) { return false }
            if text.isWord[previous], !text.isCapitalized[previous], text.kinds[previous].isDisjoint(with: [.clauseOpener, .opener]),
               !(word == "who" && previous == speaker.upperBound) { return false }
        }
        if cue.first == cue.verb, text.lower[cue.verb] == entry.lemma, !CueLexicon.pastLikeBase.contains(entry.lemma) {
            let head = text.lower[speaker.upperBound - 1]
            if !(head.hasSuffix("s") || head == "they" || head == "police" || head == "people" || text.lower[speaker].contains("and")) { return false }
        }
        return true
    }

    /// A quotation attributed at its end (`“C,” X said.`) goes on in the next sentence when that
    /// opens with a quotation of its own and names no other speaker: `“C,” X said. “D.”`.
    private func continued(_ content: Range<Int>, after sentence: Range<Int>) -> Range<Int> {
        let next = sentence.upperBound
        guard next < text.count, text.paragraphOf[next] == text.paragraphOf[sentence.lowerBound],
              text.isMark[next], text.quoteAt[next] >= 0 else { return content }
        let quote = text.quotes[text.quoteAt[next]]
        guard quote.open == next, quote.end > quote.first else { return content }
        // The quotation ends its paragraph or its sentence, with no attribution of its own after it.
        if let close = quote.close, close + 1 < text.count, text.paragraphOf[close + 1] == text.paragraphOf[close],
           text.lower[close + 1] == "," || (text.isWord[close + 1] && !text.isCapitalized[close + 1]) {
            return content
        }
        return content.lowerBound..<trimmedEnd(quote.end, from: content.lowerBound)
    }

    /// The speaker phrase before a cue, past an apposition ("Hamas’s man in Iran, Khaled Qaddoumi, said")
    /// or a relative pronoun ("officials, who said").
    private func leftSpeaker(before first: Int, in sentence: Range<Int>) -> Range<Int>? {
        var end = first
        if end - 1 >= sentence.lowerBound, text.lower[end - 1] == "who" {
            end -= 1
            if end - 1 >= sentence.lowerBound, text.lower[end - 1] == "," { end -= 1 }
        }
        if end - 1 > sentence.lowerBound, text.lower[end - 1] == ",", let name = nameAfterQuotation(before: end - 1, in: sentence) {
            return name
        }
        // "Kall -- co-editor of Debating The Donald, a book … -- said": a description between dashes.
        if end - 1 > sentence.lowerBound, text.kinds[end - 1].contains(.dash),
           let open = stride(from: end - 2, through: max(sentence.lowerBound, end - Self.longestDescription), by: -1).first(where: { text.kinds[$0].contains(.dash) }),
           open + 1 < end - 1, !text.kinds[open + 1].contains(.clauseWord), !text.kinds[open + 1].contains(.opener),
           !isMannerAdverb(open + 1), text.lower[open + 1] != "even",
           let name = phrases.before(open, floor: sentence.lowerBound), text.isCapitalized[name.upperBound - 1] {
            // The name may carry its own apposition before the dash ("John Dickey, the chief executive of Ora Media --").
            if name.lowerBound - 1 > sentence.lowerBound, text.lower[name.lowerBound - 1] == ",",
               let first = phrases.before(name.lowerBound - 1, floor: sentence.lowerBound), text.isCapitalized[first.upperBound - 1] {
                return first.lowerBound..<open
            }
            return name
        }
        // "Quina Jones, 25, said": an age between commas.
        if end - 3 > sentence.lowerBound, text.lower[end - 1] == ",", text.isNumber[end - 2], text.lower[end - 2].count <= 3,
           text.lower[end - 3] == ",", let name = phrases.before(end - 3, floor: sentence.lowerBound), text.isCapitalized[name.upperBound - 1] {
            return name
        }
        // "Mitch McConnell, R-Ky., said": the party and state belong to the name.
        if end - 1 >= sentence.lowerBound, text.lower[end - 1] == ",",
           let comma = stride(from: end - 2, through: max(sentence.lowerBound, end - 7), by: -1).first(where: { text.lower[$0] == "," }),
           isPartyAndState((comma + 1)..<(end - 1)), let name = phrases.before(comma, floor: sentence.lowerBound) {
            return name.lowerBound..<(end - 1)
        }
        // "Trump, speaking to a veterans group in Virginia, said": a participial aside after the name.
        if end - 1 >= sentence.lowerBound, text.lower[end - 1] == ",",
           let comma = stride(from: end - 2, through: max(sentence.lowerBound, end - 16), by: -1).first(where: { text.lower[$0] == "," }),
           comma + 1 < end - 1, !text.isCapitalized[comma + 1], text.lower[comma + 1].hasSuffix("ing"),
           text.verb(at: comma + 1) != nil || text.lower[comma + 1].count > 5,
           let name = phrases.before(comma, floor: sentence.lowerBound), text.isCapitalized[name.upperBound - 1] {
            return name
        }
        if end - 1 >= sentence.lowerBound, text.lower[end - 1] == ",",
           let name = phrases.before(end - 1, floor: sentence.lowerBound) {
            if name.lowerBound - 1 >= sentence.lowerBound, text.lower[name.lowerBound - 1] == ",",
               let role = phrases.before(name.lowerBound - 1, floor: sentence.lowerBound),
               role.lowerBound == sentence.lowerBound || text.isClausePunctuation(role.lowerBound - 1) || text.kinds[role.lowerBound - 1].contains(.opener)
                || text.kinds[role.lowerBound - 1].contains(.clauseOpener) || text.isMark[role.lowerBound - 1] {
                return role.lowerBound..<name.upperBound
            }
            // "A lawyer for the news outlets, David Schulz, said": a name in apposition, whatever
            // the phrase before it.
            if name.lowerBound - 1 >= sentence.lowerBound, text.lower[name.lowerBound - 1] == ",", text.isCapitalized[name.upperBound - 1] {
                return name
            }
            return nil
        }
        if let phrase = phrases.before(end, floor: sentence.lowerBound) { return widened(phrase, in: sentence) }
        // "the announcer said": a determiner and a noun the lists do not know.
        if end - 2 >= sentence.lowerBound, ["the", "a", "an", "his", "her", "their", "its", "my", "our"].contains(text.lower[end - 2]),
           end - 3 < sentence.lowerBound || !text.kinds[end - 3].contains(.innerPreposition),
           text.isWord[end - 1], !text.isCapitalized[end - 1], !text.kinds[end - 1].contains(.clauseWord),
           text.verb(at: end - 1) == nil, !text.kinds[end - 1].contains(.calendarWord),
           text.verb(at: first)?.isStrong == true {
            return (end - 2)..<end
        }
        if let subject = wholeSubject(before: end, cue: first, in: sentence) { return subject }
        // "… listeners to his radio program who said": the relative pronoun, for the resolver to
        // take back to the name before it.
        if first - 1 >= sentence.lowerBound, text.lower[first - 1] == "who", text.verb(at: first)?.isStrong == true {
            return (first - 1)..<first
        }
        return nil
    }

    /// "Experts on North Korea and nuclear nonproliferation said", "Video of the incident shows":
    /// before a strong cue, or a verb of findings whose subject holds a document noun, the whole
    /// clause before the cue when it reads as one noun phrase, though the lists do not know its
    /// head. The clause runs from the sentence start (a capitalised word) or from the comma or
    /// clause opener nearest before the cue; it holds no verb, auxiliary, pronoun, -ed, -ly or
    /// -ing word (but a noun after a determiner: "the shooting"), and no clause word but "and"
    /// (nor "by" but before a verb of findings).
    private func wholeSubject(before end: Int, cue: Int, in sentence: Range<Int>) -> Range<Int>? {
        guard let entry = text.verb(at: cue) else { return nil }
        let isFinding = CueLexicon.findingVerbs.contains(entry.lemma)
        guard entry.isStrong || isFinding else { return nil }
        var start = sentence.lowerBound
        if let boundary = stride(from: end - 1, through: sentence.lowerBound, by: -1).first(where: {
            text.lower[$0] == "," || text.lower[$0] != "and" && text.kinds[$0].contains(.clauseOpener)
        }) {
            start = boundary + 1
        }
        guard end - start >= 2, end - start <= SpeakerPhrase.maximumLength, text.isWord[start],
              text.isCapitalized[start] || text.kinds[start].contains(.determiner),
              !text.kinds[start].contains(.opener) else { return nil }
        var holdsDocument = false
        for t in start..<end {
            let word = text.lower[t]
            guard text.isWord[t] || text.isNumber[t] || word == "’s" || word == "'s" else { return nil }
            if text.kinds[t].contains(.documentNoun) { holdsDocument = true }
            if text.isCapitalized[t] || text.isNumber[t] || word == "by" && isFinding { continue }
            // "the shooting", "the crossing": an -ing word after a determiner is a noun.
            if word.hasSuffix("ing"), t > start, text.kinds[t - 1].contains(.determiner) { continue }
            if word != "and" && text.kinds[t].contains(.clauseWord) || opensNoNounPhrase(t) || text.kinds[t].contains(.clauseVerb)
                || word.hasSuffix("ed") || word.hasSuffix("ing") || text.kinds[t].contains(.calendarWord) { return nil }
        }
        guard entry.isStrong || holdsDocument else { return nil }
        return start..<end
    }

    /// `“C,” Douglas Holtz-Eakin, an economist and tax expert, told me`: a name right after a
    /// quotation that closes in the sentence, then a description set off by commas up to the
    /// cue's comma at `comma`.
    private func nameAfterQuotation(before comma: Int, in sentence: Range<Int>) -> Range<Int>? {
        var close = comma - 1
        let floor = max(sentence.lowerBound, comma - Self.longestDescription)
        while close >= floor, !text.isMark[close] { close -= 1 }
        guard close >= floor, isClosingMark(close) else { return nil }
        var start = close + 1
        if start < comma, text.lower[start] == "," { start += 1 }
        guard let name = phrases.after(start, limit: comma), text.isCapitalized[name.upperBound - 1],
              name.upperBound + 2 < comma, text.lower[name.upperBound] == "," else { return nil }
        return name
    }

    /// Lowercase words the phrase left out before it, when they are no verbs, prepositions or
    /// clause words and a clause boundary stands before them: a quotation's close (and its comma)
    /// before a title or a name (`“C,” retired Air Force General Lloyd Newton said`), or a comma
    /// before any phrase ("…, elected officials from both parties say").
    private func widened(_ phrase: Range<Int>, in sentence: Range<Int>) -> Range<Int> {
        var start = phrase.lowerBound
        while start > sentence.lowerBound, phrase.lowerBound - start < 2, text.isWord[start - 1], !text.isCapitalized[start - 1] {
            let word = text.lower[start - 1]
            if text.kinds[start - 1].contains(.clauseOpener) { break }
            guard !text.kinds[start - 1].contains(.clauseWord), !opensNoNounPhrase(start - 1),
                  !text.kinds[start - 1].contains(.innerPreposition) else { return phrase }
            // An -ing word modifies a bare noun ("restructuring experts"); before a determiner or
            // another word it is a verb ("cutting off a reporter").
            if word.hasSuffix("ing"), start < phrase.lowerBound || text.kinds[phrase.lowerBound].contains(.determiner) { return phrase }
            start -= 1
        }
        guard start < phrase.lowerBound, start > sentence.lowerBound else { return phrase }
        let boundary = start - 1
        // After a comma (unless it ends a quotation, where the rule below decides) or a word that
        // opens a clause ("where restructuring experts say"), but "that", which may end a verb's
        // object ("the study that appeared in …").
        let afterComma = text.lower[boundary] == "," && !(boundary > sentence.lowerBound && isClosingMark(boundary - 1))
        if afterComma || text.kinds[boundary].contains(.clauseOpener) && text.lower[boundary] != "that" {
            return start..<phrase.upperBound
        }
        // After a quotation, only before a title or a name, never a determiner: in "“C,” features
        // a New York Times report" the word before is a verb.
        guard text.isCapitalized[phrase.lowerBound] else { return phrase }
        var before = boundary
        if text.lower[before] == ",", before > sentence.lowerBound { before -= 1 }
        guard isClosingMark(before) else { return phrase }
        return start..<phrase.upperBound
    }

    /// Whether a lowercase word is a verb, an auxiliary, a pronoun or an -ly adverb: never part of
    /// a noun phrase the lists do not know.
    private func opensNoNounPhrase(_ t: Int) -> Bool {
        !text.kinds[t].isDisjoint(with: [.verb, .auxiliary, .pronoun]) || text.lower[t].hasSuffix("ly")
    }

    /// Whether token `t` is the closing mark of a quotation.
    private func isClosingMark(_ t: Int) -> Bool {
        text.isMark[t] && text.quoteAt[t] >= 0 && text.quotes[text.quoteAt[t]].close == t
    }

    /// Longest stretch, in tokens, from a quotation's close to the comma before the cue.
    private static let longestDescription = 32

    // MARK: Content

    /// The content before token `end`: back to the sentence start, or to the opening mark of a
    /// quotation that closes there (which may lie in earlier sentences and paragraphs).
    private func contentBefore(_ end: Int, in sentence: Range<Int>) -> Range<Int>? {
        var stop = end
        // Skip the comma and the closing mark between content and speaker: `…,” he said` / `…”, he said`;
        // after `?”` or `!”` the sentence splitter has already ended the sentence: `“…?” Vitter demanded`.
        while stop > sentence.lowerBound && text.lower[stop - 1] == "," || stop > 0 && isClosingMark(stop - 1) {
            if text.isMark[stop - 1] {
                let quote = text.quotes[text.quoteAt[stop - 1]]
                // The whole quotation, wherever it opened, with the words before it in its sentence
                // (`Hamas "has engaged …," he said`).
                guard quote.end > quote.first else { return nil }
                var first = quote.first
                if quote.open > sentence.lowerBound, text.tokens.inOneSentence(quote.open, sentence.lowerBound),
                   text.wordCount(sentence.lowerBound..<quote.open) >= 1 {
                    first = sentence.lowerBound
                }
                return first..<trimmedEnd(quote.end, from: first)
            }
            stop -= 1
        }
        guard stop < end else { return nil }  // no comma: the speaker starts the clause
        var start = sentence.lowerBound
        if let mark = text.quoteAt[start] >= 0 ? text.quotes[text.quoteAt[start]] : nil, mark.open < start {
            start = mark.open  // a quotation that began in an earlier sentence
        }
        guard stop > sentence.lowerBound else { return nil }
        // A sentence opener ("However,") is not what was said.
        while start < stop, text.kinds[start].contains(.opener) && (start + 1 < stop && text.lower[start + 1] == ",") {
            start += 2
        }
        let trimmed = start..<trimmedEnd(stop, from: start)
        guard !trimmed.isEmpty, text.wordCount(trimmed) >= 1 else { return nil }
        if trimmed.count <= 2, text.kinds[trimmed.lowerBound].contains(.opener) { return nil }
        return trimmed
    }

    /// The content from token `start`: a quotation opening there, or the rest of the sentence after
    /// an optional "that", up to the next participial cue, extended to the end of a quotation the
    /// sentence leaves open.
    private func contentAfter(_ start: Int, in sentence: Range<Int>, nextCue: Int, skipThat: Bool, lemma: String? = nil) -> Range<Int>? {
        var first = start
        if let lemma, CueLexicon.introducedOnly.contains(lemma), start < sentence.upperBound,
           ![",", ":", "that"].contains(text.lower[start]), !text.isMark[start] {
            guard (start..<min(start + 9, sentence.upperBound)).contains(where: { text.lower[$0] == "that" }) else { return nil }
        }
        // "told me, “…”", "told the crowd: “…”": the listener before a quotation is not what was said.
        if let lemma, CueLexicon.personObjectVerbs.contains(lemma),
           let mark = (first..<min(first + 5, sentence.upperBound)).first(where: { text.lower[$0] == "," || text.lower[$0] == ":" }), mark > first,
           opensQuotation(mark + 1), (first..<mark).allSatisfy({ text.isWord[$0] }) {
            first = mark
        }
        while first < sentence.upperBound, text.kinds[first].contains(.leadingPunctuation) { first += 1 }
        // "adding later, “…”": a time word set off before what was said.
        if first + 1 < sentence.upperBound, text.kinds[first].contains(.calendarWord), text.lower[first + 1] == "," {
            first += 2
        }
        // "X said: " at a paragraph's end introduces the next paragraph.
        if first >= sentence.upperBound {
            let colon = start > 0 && text.lower[start - 1] == ":" || start < text.count && text.lower[start] == ":"
            guard colon else { return nil }
            let paragraph = text.paragraphOf[sentence.lowerBound]
            guard paragraph + 1 < text.paragraphs.count, text.paragraphs[paragraph].upperBound == sentence.upperBound else { return nil }
            return text.paragraphs[paragraph + 1]
        }
        if text.isMark[first], text.quoteAt[first] >= 0 {
            let quote = text.quotes[text.quoteAt[first]]
            if quote.open == first, quote.words >= 1 {
                let full = quote.first..<quote.end
                // A quotation that is only the start of the sentence's content: "said “a disaster” for …".
                if quote.end < sentence.upperBound - 2, text.quoteAt[min(quote.end + 1, text.count - 1)] < 0,
                   quote.close.map({ $0 + 1 < sentence.upperBound && text.isWord[$0 + 1] }) ?? false {
                    return first..<trimmedEnd(sentence.upperBound, from: first)
                }
                return full
            }
        }
        // "believed the polls that showed…": after a noun phrase, "that" opens a relative clause,
        // unless the verb takes a person and a clause ("told the court that…").
        let objectThenClause = lemma.map { CueLexicon.personObjectVerbs.contains($0) } ?? true
        if skipThat, objectThenClause || !(first < sentence.upperBound && ["the", "a", "an", "this", "these", "those"].contains(text.lower[first])) {
            var t = first
            while t < min(first + 9, sentence.upperBound) {
                if text.lower[t] == "that" { first = t + 1; break }
                if text.quoteAt[t] >= 0 || text.kinds[t].contains(.clauseEnd) { break }
                // "said officials *are* in possession of video that shows": the clause has begun.
                if text.kinds[t].contains(.clauseVerb) { break }
                t += 1
            }
        }
        var end = sentence.upperBound
        // A semicolon or a dash outside quotation marks ends what was said.
        if let cut = (first..<end).first(where: { text.kinds[$0].contains(.contentBreak) && text.quoteAt[$0] < 0 }), cut > first + 1 {
            end = cut
        }
        // A participial cue starts a claim of its own.
        if nextCue < end, nextCue > first, text.lower[nextCue - 1] == "," { end = nextCue - 1 }
        // A concession or a new attribution after the content is the writer's: "…was smart,
        // *although* he refused…", "…and said she would…", "…and Democrats accused…".
        if let cut = (first..<end).first(where: { endsContent(at: $0, after: first, before: end) }) { end = cut }
        // ", according to X" ends it.
        if let according = (first..<end).first(where: { text.lower[$0] == "according" && $0 + 1 < end && text.lower[$0 + 1] == "to" }), according > first {
            end = according
        }
        var stop = trimmedEnd(end, from: first)
        // A quotation opened in the content and closed in a later sentence belongs to it.
        if stop > first, stop == trimmedEnd(sentence.upperBound, from: first) {
            let last = sentence.upperBound - 1
            if text.quoteAt[last] >= 0 {
                let quote = text.quotes[text.quoteAt[last]]
                if quote.open >= first, quote.end > stop { stop = quote.end }
            }
        }
        guard stop > first, text.wordCount(first..<stop) >= 2 else { return nil }
        return first..<stop
    }

    /// Whether token `t` starts what follows the content: a comma and a concessive word, or "and" /
    /// "but" before a cue of its own (with or without a new speaker).
    private func endsContent(at t: Int, after first: Int, before end: Int) -> Bool {
        guard t > first + 2, t + 1 < end, text.quoteAt[t] < 0 else { return false }
        let word = text.lower[t]
        if word == ",", text.kinds[t + 1].contains(.concessive) { return true }
        guard word == "and" || word == "but" else { return false }
        var verb = t + 1
        if let speaker = phrases.after(t + 1, limit: end), text.isCapitalized[speaker.lowerBound] || text.kinds[speaker.lowerBound].contains(.pronoun) {
            verb = speaker.upperBound
        } else if let cue = ((t + 2)..<min(t + 6, end)).first(where: { text.verb(at: $0)?.isStrong == true }),
                  let phrase = phrases.before(cue, floor: t + 1), widened(phrase, in: t..<end).lowerBound == t + 1 {
            // "…, and human rights groups warned that …": a phrase the lists do not know, before a
            // strong cue.
            verb = cue
        }
        while verb < end, text.kinds[verb].contains(.auxiliary) { verb += 1 }
        guard verb < end, let entry = text.verb(at: verb) else { return false }
        // "federal and state law": "state" is a cue only with "that", a colon or a comma after it.
        if CueLexicon.introducedAtOnce.contains(entry.lemma), !isIntroducedAtOnce(after: verb, before: end) { return false }
        return entry.isStrong || verb > t + 1
    }

    /// `C, X added, D` and `“C,” X said, “D”`: the part after the attribution joins the content.
    private func joinedWithFollowingPart(_ content: Range<Int>, after end: Int, in sentence: Range<Int>, quotationsOnly: Bool = false) -> Range<Int> {
        var t = end
        while t < sentence.upperBound, !text.isWord[t] && !text.isMark[t] && !text.isNumber[t] && text.lower[t] != "," { t += 1 }
        // `“C,” Tester said, referring to the excuse, “D”`: an aside between the attribution and the
        // quotation's second part (a quotation's parts only; words alone would be the writer's).
        if t < sentence.upperBound, text.quoteAt[content.lowerBound] >= 0, !opensQuotation(t + 1),
           let comma = quotationResumes(after: text.lower[t] == "," ? t + 1 : t, in: sentence) {
            t = comma
        }
        guard t < sentence.upperBound, text.lower[t] == "," else { return content }
        t += 1
        // `“C,” he said, but “D”`: a conjunction before the quotation's second part.
        if t + 1 < sentence.upperBound, ["but", "and"].contains(text.lower[t]), opensQuotation(t + 1), text.quoteAt[content.lowerBound] >= 0 { t += 1 }
        guard t < sentence.upperBound else { return content }
        if text.isMark[t], text.quoteAt[t] >= 0 {
            let quote = text.quotes[text.quoteAt[t]]
            if quote.open == t { return content.lowerBound..<max(content.upperBound, trimmedEnd(quote.end, from: quote.first)) }
        }
        if quotationsOnly { return content }
        // "… Israel, he added, continuously reneges …": only when the first part cannot stand alone.
        // It ends, as content after a cue does, before a concession or a new attribution.
        let stop = (t..<sentence.upperBound).first(where: { endsContent(at: $0, after: t, before: sentence.upperBound) }) ?? sentence.upperBound
        let rest = t..<trimmedEnd(stop, from: t)
        guard text.wordCount(rest) >= 3, let first = rest.first, !text.isCapitalized[first] || text.quoteAt[content.lowerBound] < 0,
              !(text.verb(at: first)?.isParticiple ?? false) else { return content }
        if text.quoteAt[content.lowerBound] >= 0 { return content }
        return content.lowerBound..<rest.upperBound
    }

    /// The comma, within a short aside from token `start`, that a quotation opens right after:
    /// `said, referring to the excuse, “D”`, `told Capital Download on Wednesday, “D”`.
    private func quotationResumes(after start: Int, in sentence: Range<Int>) -> Int? {
        let limit = min(start + Self.longestAside, sentence.upperBound - 1)
        var t = start
        while t < limit {
            if text.isMark[t] || text.quoteAt[t] >= 0 { return nil }
            if text.lower[t] == "," {
                if opensQuotation(t + 1) { return t }
                // "during a rally in Kenansville, N.C., “…”": a place's state after its comma.
                guard t + 1 < limit, text.isCapitalized[t + 1], t > start, text.isCapitalized[t - 1] else { return nil }
            }
            if text.kinds[t].contains(.asideBreak) { return nil }
            // "said, adding later, “D”": a cue of its own, whose quotation is a claim of its own.
            if text.verb(at: t)?.isParticiple == true { return nil }
            t += 1
        }
        return nil
    }

    /// Whether a quotation opens at token `t`.
    private func opensQuotation(_ t: Int) -> Bool {
        t < text.count && text.isMark[t] && text.quoteAt[t] >= 0 && text.quotes[text.quoteAt[t]].open == t
    }

    /// Most tokens between an attribution and the rest of a split quotation.
    private static let longestAside = 14

    /// `end` moved back over closing punctuation.
    private func trimmedEnd(_ end: Int, from start: Int) -> Int {
        var stop = max(end, start)
        while stop > start, text.kinds[stop - 1].contains(.trailingPunctuation) { stop -= 1 }
        return stop
    }

    // MARK: Kind

    /// Direct when every word of the content is quoted (a split quotation's speaker and cue aside),
    /// mixed when some are, indirect when none.
    private func kind(of attribution: Attribution) -> ClaimKind {
        var quoted = 0, words = 0
        var aside = attribution.cue ?? 0..<0
        if case .phrase(let speaker) = attribution.source { aside = min(aside.lowerBound, speaker.lowerBound)..<max(aside.upperBound, speaker.upperBound) }
        if aside.isEmpty { aside = 0..<0 }
        for t in attribution.content where (text.isWord[t] || text.isNumber[t]) && !aside.contains(t) {
            words += 1
            if text.quoteAt[t] >= 0 { quoted += 1 }
        }
        if quoted == 0 { return .indirect }
        return quoted == words ? .direct : .mixed
    }

    // MARK: Quotations standing alone

    /// Quotations no attribution holds: a quotation that is a sentence or a paragraph of its own
    /// goes to the running speaker; a long one inside a sentence is a claim with no source.
    private func standaloneQuotations(besides found: [Attribution]) -> [Attribution] {
        var claimed = [Bool](repeating: false, count: text.count)
        for attribution in found { for t in attribution.content { claimed[t] = true } }
        var result: [Attribution] = []
        for quote in text.quotes where quote.end > quote.first {
            let inside = quote.first..<quote.end
            let taken = inside.filter { claimed[$0] }.count
            guard taken * 2 < inside.count else { continue }
            let sentenceStart = text.tokens.sentenceStart(of: quote.open)
            let paragraphStart = text.paragraphs[text.paragraphOf[quote.open]].lowerBound
            let opensSentence = quote.open == sentenceStart || quote.open == paragraphStart
            guard quote.words >= (opensSentence ? 3 : 8) else { continue }
            // `“…” ― Carla Sanchez`: a name after a dash signs the quotation.
            if let close = quote.close, close + 2 < text.count, ["―", "—", "–", "-", "--"].contains(text.lower[close + 1]),
               text.paragraphOf[close + 1] == text.paragraphOf[close],
               let signer = phrases.after(close + 2, limit: text.paragraphs[text.paragraphOf[close]].upperBound) {
                result.append(Attribution(kind: .direct, content: inside, source: .phrase(signer), cue: (close + 1)..<(close + 2)))
                continue
            }
            result.append(Attribution(kind: .direct, content: inside, source: opensSentence ? .running : .none, cue: nil))
        }
        return result
    }
}
