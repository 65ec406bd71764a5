@testable import Copydesk
import CopydeskCore
import Testing

@Suite("Segmentation")
struct SegmentationTests {
    /// The sentences of `text` as strings.
    func sentences(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return Segmenter.segment(text).sentences.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
    }

    func tokens(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return Segmenter.segment(text).tokens.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
    }

    @Test(arguments: [
        ("Gen. Smith met Dr. Jones in the U.S. Army base. They talked.",
         ["Gen. Smith met Dr. Jones in the U.S. Army base.", "They talked."]),
        ("The aid came from the U.S. The statement said so.",
         ["The aid came from the U.S.", "The statement said so."]),
        ("J. K. Rowling wrote it. Sales rose 3.5 percent to $4.2bn. Shares fell.",
         ["J. K. Rowling wrote it.", "Sales rose 3.5 percent to $4.2bn.", "Shares fell."]),
        ("“We will win,” he said. “The war is over.” Then he left.",
         ["“We will win,” he said.", "“The war is over.”", "Then he left."]),
        ("He asked: “Why now?” She said nothing! What next?",
         ["He asked: “Why now?”", "She said nothing!", "What next?"]),
        ("Apple Inc. reported results. Mr. Cook spoke at 10 a.m. on Monday.",
         ["Apple Inc. reported results.", "Mr. Cook spoke at 10 a.m. on Monday."]),
        ("Sen. Warren and Rep. Lee were there. No. 10 Downing St. declined to comment.",
         ["Sen. Warren and Rep. Lee were there.", "No. 10 Downing St. declined to comment."]),
        ("He said \"it is over.\" The crowd cheered.",
         ["He said \"it is over.\"", "The crowd cheered."]),
        ("The toll rose to 45,514 on Oct. 7, officials said. Gaza was hit.",
         ["The toll rose to 45,514 on Oct. 7, officials said.", "Gaza was hit."]),
    ] as [(String, [String])])
    func sentencesAreSplitAroundAbbreviations(text: String, expected: [String]) {
        #expect(sentences(text) == expected)
    }

    @Test func sentencesNeverCrossParagraphs() async {
        #expect(sentences("A headline without a stop\n\nThe story starts. It goes on") ==
                ["A headline without a stop", "The story starts.", "It goes on"])
    }

    @Test func tokensKeepNumbersAcronymsAndNamesWhole() async {
        #expect(tokens("The U.S. sent $4.5bn to Al-Aqsa's 45,514 people (mostly) -- he said.") ==
                ["The", "U.S.", "sent", "$", "4.5bn", "to", "Al-Aqsa", "'s", "45,514", "people", "(", "mostly", ")",
                 "--", "he", "said", "."])
        #expect(tokens("Israel’s “war” don't") == ["Israel", "’s", "“", "war", "”", "don't"])
    }

    @Test func aPartyAndStateIsOneTokenAndNoSentenceEnd() async {
        #expect(tokens("Rep. Trey Gowdy (R-S.C.) and Nita Lowey (D-N.Y.) said") ==
                ["Rep.", "Trey", "Gowdy", "(", "R-S.C.", ")", "and", "Nita", "Lowey", "(", "D-N.Y.", ")", "said"])
        #expect(sentences("Rep. Trey Gowdy (R-S.C.) said the claim was false.").count == 1)
    }

    @Test func offsetsAreUnicodeCodePoints() async {
        // é is one code point (two UTF-8 bytes); 🙂 is one code point (two UTF-16 units).
        let text = "Café 🙂 Zürich.\n\nNext paragraph."
        let segmentation = Segmenter.segment(text)
        let scalars = Array(text.unicodeScalars)
        #expect(segmentation.tokens.first == TextSpan(start: 0, end: 4))
        #expect(segmentation.tokens[1] == TextSpan(start: 5, end: 6))
        #expect(segmentation.tokens[2] == TextSpan(start: 7, end: 13))
        #expect(segmentation.paragraphs == [TextSpan(start: 0, end: 14), TextSpan(start: 16, end: 31)])
        #expect(String(String.UnicodeScalarView(scalars[16..<20])) == "Next")
    }

    @Test(arguments: [("U.S", true), ("R-S.C", true), ("U..S", true), ("US", false), ("3.5", false), ("Gen", false),
                      ("A.BC", false), ("É.U", true), ("Ü.Sx", false)])
    func dottedAcronymsAreSingleLettersBetweenStops(word: String, expected: Bool) {
        #expect(Tokenizer.isDottedAcronym(Array(word.unicodeScalars)[...]) == expected)
    }

    @Test func wordTablesFindExactlyTheirWords() async {
        // Enough words to grow the table several times, some sharing a length or a first letter.
        let words = (0..<3_000).map { "w\($0)" } + ["said", "told", "“", "’s", "é", "naïve", ""]
        var map = WordMap<Int>()
        for (i, word) in words.enumerated() { map.set(i, for: word) }
        map.set(-1, for: "said")
        #expect(map.count == words.count)
        for (i, word) in words.enumerated() { #expect(map[word] == (word == "said" ? -1 : i), "\(word)") }
        for absent in ["Said", "w3000", "w", "tell", "’", "e", "naive", "x" + String(repeating: "y", count: 80)] {
            #expect(map[absent] == nil, "\(absent)")
        }
        let set: WordSet = ["he", "she", "they"]
        #expect(set.contains("she") && !set.contains("She") && !set.contains("it"))
        #expect(Set(set.union(["it"])) == ["he", "she", "they", "it"])
    }
}
