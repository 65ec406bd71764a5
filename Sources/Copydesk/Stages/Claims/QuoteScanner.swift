import CopydeskCore

/// A quotation in a document: the tokens between its marks.
struct QuoteRegion: Sendable, Equatable {
    /// The opening mark's token.
    var open: Int
    /// The closing mark's token, or `nil` when the paragraph (or the text) ended first.
    var close: Int?
    /// The first token inside the marks (after both apostrophes of an opening '').
    var first: Int
    /// One past the last token inside the marks.
    var end: Int
    /// Whether it runs over more than one paragraph (reopened at each).
    var spansParagraphs: Bool
    /// The number of word tokens inside.
    var words: Int
    /// The tokens of the quotation with its marks.
    var withMarks: Range<Int> { open..<(close.map { $0 + 1 } ?? end) }
}

/// Finds quotations: double marks straight or curly (and guillemets), single marks when they hold a
/// sentence rather than a scare-quoted word ("the ‘Israeli’ regime"); single marks inside double ones
/// are part of the quotation. A quotation left open at the end of a paragraph goes on when the next
/// paragraph opens with a mark, as news style writes a quotation of several paragraphs.
/// Apostrophes are never marks: the tokenizer keeps them inside words ("don’t", "Israel’s").
struct QuoteScanner {
    /// Fewest words a single-marked quotation needs to count as one.
    static let singleMarkMinimumWords = 5

    /// Tokens after which a straight mark counts as having space before it.
    private static let openingPunctuation: WordSet = ["(", "[", "{", "—", "–", "-"]

    private enum Mark { case openDouble, closeDouble, eitherDouble, openSingle, closeSingle, eitherSingle }

    /// The quotations of `text`, in order.
    func regions(in text: TokenizedText, paragraphs: [Range<Int>]) -> [QuoteRegion] {
        var regions: [QuoteRegion] = []
        var pending: QuoteRegion?  // a double quotation left open at a paragraph end
        for (index, paragraph) in paragraphs.enumerated() {
            var openDouble: (open: Int, first: Int)? = nil  // `first` is past both apostrophes of ''
            var openSingle: Int? = nil
            var nestedStraight = false  // a straight quotation open inside curly marks
            var continued = false
            if let carried = pending {
                pending = nil
                // Only a mark of the same kind reopens it: a stray straight mark left open is not
                // continued by a curly one opening the next paragraph, nor the other way round.
                if let first = paragraph.first, let mark = mark(at: first, in: text),
                   mark == .openDouble || mark == .eitherDouble,
                   (mark == .eitherDouble) == (text.words[carried.open] == "\"") {
                    openDouble = (carried.open, carried.first)
                    continued = true
                } else {
                    regions.append(carried)
                }
            }
            var t = continued ? paragraph.lowerBound + 1 : paragraph.lowerBound
            while t < paragraph.upperBound {
                defer { t += 1 }
                guard var mark = mark(at: t, in: text) else { continue }
                // Two apostrophes side by side are a double mark ('' as some archives write “ and ”).
                var pairEnd = t
                if mark == .eitherSingle, t + 1 < paragraph.upperBound, text.words[t + 1] == "'", text.tokens[t + 1].start == text.tokens[t].end {
                    mark = .eitherDouble
                    pairEnd = t + 1
                }
                defer { t = pairEnd }
                switch mark {
                case .openDouble, .closeDouble, .eitherDouble:
                    // Inside curly marks, straight ones are nested quotations: “… humanitarian "pause," …”.
                    // A straight mark that can only close, with no nested quotation open, closes the
                    // curly one: writers mix them (`there was “no evidence" yet`).
                    if let start = openDouble, mark == .eitherDouble, pairEnd == t, text.words[start.open] == "“" {
                        let closesOnly = !opensHere(t, in: text, paragraph: paragraph, isOpen: true)
                        if !closesOnly { nestedStraight = true; continue }
                        if nestedStraight { nestedStraight = false; continue }
                    }
                    // A closing mark that opens a paragraph, with nothing open, is a mistyped opening
                    // one (`”Fear. I am truly afraid …” ― Edwin Monroy`).
                    let mistyped = mark == .closeDouble && openDouble == nil && t == paragraph.lowerBound
                    let opens = mark == .openDouble || mistyped || (mark == .eitherDouble && opensHere(t, in: text, paragraph: paragraph, isOpen: openDouble != nil))
                    if let start = openDouble, !opens {
                        var found = region(from: start, close: t, in: text, continued: continued)
                        found.close = pairEnd
                        regions.append(found)
                        openDouble = nil
                        nestedStraight = false
                        continued = false
                        openSingle = nil
                    } else if openDouble == nil, opens || mark == .eitherDouble {
                        openDouble = (t, pairEnd + 1)
                        openSingle = nil
                    }
                case .openSingle, .closeSingle, .eitherSingle:
                    guard openDouble == nil else { continue }
                    let opens = mark == .openSingle || (mark == .eitherSingle && opensHere(t, in: text, paragraph: paragraph, isOpen: openSingle != nil))
                    if let start = openSingle, !opens {
                        let found = region(from: (start, start + 1), close: t, in: text, continued: false)
                        if found.words >= Self.singleMarkMinimumWords { regions.append(found) }
                        openSingle = nil
                    } else if openSingle == nil, opens {
                        openSingle = t
                    }
                }
            }
            if let start = openDouble {
                let open = region(from: start, close: nil, end: paragraph.upperBound, in: text, continued: continued)
                if index + 1 < paragraphs.count { pending = open } else { regions.append(open) }
            }
        }
        if let carried = pending { regions.append(carried) }
        return regions
    }

    /// The quotation opened at `start.open`, whose words begin at `start.first`.
    private func region(from start: (open: Int, first: Int), close: Int?, end: Int? = nil, in text: TokenizedText, continued: Bool) -> QuoteRegion {
        let (open, first) = start
        let stop = max(close ?? end ?? first, first)
        var words = 0
        for t in first..<stop where text.words[t].startsWithLetter { words += 1 }
        return QuoteRegion(open: open, close: close, first: first, end: stop, spansParagraphs: continued, words: words)
    }

    private func mark(at t: Int, in text: TokenizedText) -> Mark? {
        // Every mark is a token of one scalar.
        let token = text.tokens[t]
        guard token.length == 1 else { return nil }
        let c = text.firstScalars[t]
        switch c {
        case "“", "„", "«": return .openDouble
        case "”", "»": return .closeDouble
        case "\"": return .eitherDouble
        case "‘": return .openSingle
        case "’": return .closeSingle
        case "'": return .eitherSingle
        default: return nil
        }
    }

    /// Whether an ambiguous straight mark opens: space (or the paragraph start) before it and a word
    /// glued after it; otherwise it closes, unless nothing is open.
    private func opensHere(_ t: Int, in text: TokenizedText, paragraph: Range<Int>, isOpen: Bool) -> Bool {
        let spaceBefore = t == paragraph.lowerBound || text.tokens[t - 1].end < text.tokens[t].start
            || Self.openingPunctuation.contains(text.words[t - 1])
        var after = t + 1
        if after < paragraph.upperBound, text.words[after] == "'", text.words[t] == "'" { after += 1 }
        let gluedAfter = after < paragraph.upperBound && text.tokens[after].start == text.tokens[after - 1].end
        if spaceBefore && gluedAfter { return true }
        if !spaceBefore { return false }
        return !isOpen
    }
}
