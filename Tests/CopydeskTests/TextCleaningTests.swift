@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Cleaning text and Markdown")
struct TextCleaningTests {
    func clean(_ text: String, markdown: Bool = false) -> Cleaner.Cleaned {
        Cleaner.cleanText(text, markdown: markdown)
    }

    @Test func hardWrappedLinesAreRejoinedIntoParagraphs() async {
        let text = """
            The council met on Tuesday to discuss the budget for the coming year, and the
            mayor said the city would have to borrow more than it had planned to borrow in
            the spring. Several members objected.
            Short closing line.

            A second paragraph that is also wrapped at the same width as the first one was
            wrapped, ending here.
            """
        let paragraphs = clean(text).paragraphs
        #expect(paragraphs.count == 3)
        #expect(paragraphs[0].hasPrefix("The council met") && paragraphs[0].hasSuffix("Several members objected."))
        #expect(!paragraphs.joined().contains("\n"))
        #expect(paragraphs[1] == "Short closing line.")
    }

    @Test func hyphensAcrossLineBreaksAreKeptForNamesAndDroppedForSplitWords() async {
        let text = """
            The representative of the movement in Iran says the Al-
            Aqsa Storm Operation has raised awareness of the plight of the people in the
            region, while the destruc-
            tion of homes continued through the night and the destruction was widespread
            across the whole of the territory according to the people who live there now.
            """
        let paragraph = clean(text).paragraphs.joined(separator: " ")
        #expect(paragraph.contains("Al-Aqsa Storm"))
        #expect(paragraph.contains("the destruction of homes"))
    }

    @Test func aLineStartingInLowercaseContinuesTheParagraph() async {
        let paragraphs = clean("Officials said the talks\nwould resume on Monday.").paragraphs
        #expect(paragraphs == ["Officials said the talks would resume on Monday."])
    }

    @Test func missingSpacesAfterFullStopsAreRestored() async {
        let text = "He spoke in the Gaza Strip.Haniya also said more.“We will continue,” he said.Officials in the U.S. and U.N. said 3.5 percent of 45,514 people.Since then, \"self-defense.\"Washington replied."
        let paragraph = clean(text).paragraphs.joined()
        #expect(paragraph.contains("Gaza Strip. Haniya"))
        #expect(paragraph.contains("more. “We will"))
        #expect(paragraph.contains("he said. Officials"))
        #expect(paragraph.contains("U.S. and U.N. said 3.5 percent of 45,514 people. Since"))
        #expect(paragraph.contains("\"self-defense.\" Washington"))
    }

    @Test func lineEndingsAndOddSpacesAreNormalised() async {
        // CRLF, CR, the Unicode line separator and a form feed end lines; tabs, no-break and thin
        // spaces become spaces; soft hyphens, zero-width spaces and byte-order marks vanish.
        let lines = SourceLine.lines(of: "Gaza\tCity\u{00A0}is\r\nnear\u{2009}Rafah.\rKhan\u{00AD}\u{200B}Younis\u{2028}é\u{FEFF}t\u{0C}end")
        #expect(lines.map(\.text) == ["Gaza City is", "near Rafah.", "KhanYounis", "ét", "", "end"])
        #expect(SourceLine.lines(of: "a\r\n\r\nb").map(\.role) == [.body, .separator, .body])
    }

    @Test func urlsAndAddressesKeepTheirDots() async {
        let paragraph = clean("See www.Example.com or mail press@Agency.Org for the full text.").paragraphs.joined()
        #expect(paragraph == "See www.Example.com or mail press@Agency.Org for the full text.")
    }

    @Test func markdownSyntaxIsRemoved() async {
        let markdown = """
            # *A headline in italics*

            ---

            Some **bold** and _italic_ text with a [link](https://example.org/a) and an ![image](x.png)
            and `code` and snake_case_name and 5 * 3.

            ## A subheading ##

            - first item
            - second item

            > A quoted line.
            """
        let cleaned = clean(markdown, markdown: true)
        #expect(cleaned.meta.title == "A headline in italics")
        #expect(cleaned.paragraphs.contains("Some bold and italic text with a link and an and code and snake_case_name and 5 * 3."))
        #expect(cleaned.paragraphs.contains("A subheading"))
        #expect(cleaned.paragraphs.contains("first item") && cleaned.paragraphs.contains("second item"))
        #expect(cleaned.paragraphs.contains("A quoted line."))
        for paragraph in cleaned.paragraphs {
            #expect(!paragraph.contains("**") && !paragraph.contains("](") && !paragraph.hasPrefix("#") && paragraph != "---")
        }
    }

    @Test func leadingDateAndSiteHeaderMovesToMeta() async {
        let cleaned = clean(" date 2023-11-04 Islam Times - Chief of the bureau said the talks had failed.")
        #expect(cleaned.meta.published == "2023-11-04")
        #expect(cleaned.meta.site == "Islam Times")
        #expect(cleaned.paragraphs == ["Chief of the bureau said the talks had failed."])
    }

    @Test(arguments: [
        ("Tehran, November 3 (RHC)-- The representative says", "Tehran", "November 3", "RHC", "The representative says"),
        ("GAZA CITY, Dec. 31 (Reuters) - Officials said", "GAZA CITY", "Dec. 31", "Reuters", "Officials said"),
        ("WASHINGTON — The president said", "WASHINGTON", nil, nil, "The president said"),
        ("LONDON (AP) — Britain said", "LONDON", nil, "AP", "Britain said"),
    ] as [(String, String, String?, String?, String)])
    func datelinesMoveToMeta(line: String, place: String, date: String?, agency: String?, rest: String) {
        let cleaned = clean("A Short Headline Here\n\n\(line) more things today.\n\nSecond paragraph.")
        #expect(cleaned.meta.dateline == Dateline(place: place, date: date, agency: agency))
        #expect(cleaned.paragraphs[1] == "\(rest) more things today.")
    }

    @Test(arguments: [
        "WINSTON-SALEM — Officials said", "ST. LOUIS (AP) — The mayor said", "KHAN YOUNIS, Oct. 7 — Residents said",
        "Tel Aviv, October 8 (Xinhua) -- Police said", "O’HARE AIRPORT: Flights resumed", "NEW YORK CITY HALL — Aides said",
    ])
    func datelinesOfEveryShapeGetPastTheQuickTest(line: String) {
        #expect(FrontMatter.mayStartWithDateline(line))
        #expect(FrontMatter.parseDateline(line) != nil)
    }

    @Test func ordinarySentencesAreNotDatelines() async {
        // The quick test turns most lines away before the pattern runs.
        #expect(!FrontMatter.mayStartWithDateline("Officials in Gaza said - again - that talks failed."))
        #expect(!FrontMatter.mayStartWithDateline("the talks - which failed - resume"))
        #expect(!FrontMatter.mayStartWithDateline("Tel Aviv Jerusalem Haifa Gaza Rafah — five words"))
        #expect(FrontMatter.parseDateline("Hamas said the talks failed.") == nil)
        #expect(FrontMatter.parseDateline("In Gaza, officials - who declined to be named - said") == nil)
        #expect(FrontMatter.parseDateline("Israel, on the other hand, has maintained a firm stance.") == nil)
    }

    /// A slug before a headline in capitals ("RUGBY UNION - CUTTITTA BACK FOR ITALY") is no dateline:
    /// the line stays in the text with its names, and the dateline on the next line is the place.
    @Test func aSlugBeforeAHeadlineInCapitalsStaysInTheText() async {
        #expect(FrontMatter.parseDateline("RUGBY UNION - CUTTITTA BACK FOR ITALY AFTER A YEAR .") == nil)
        #expect(FrontMatter.parseDateline("WASHINGTON - The president said on Monday that talks would resume.") != nil)
        let cleaned = clean("RUGBY UNION - CUTTITTA BACK FOR ITALY AFTER A YEAR .\n\nItaly recalled Marcello Cuttitta on Friday "
            + "for their friendly against Scotland at Murrayfield.")
        #expect(cleaned.paragraphs.first == "RUGBY UNION - CUTTITTA BACK FOR ITALY AFTER A YEAR .")
        #expect(cleaned.meta.dateline?.place != "RUGBY UNION")
    }

    @Test func trailingURLAndSignatureMoveToMeta() async {
        let markdown = "# Title of the story\n\nThe story text, in full.\n\n---\n\n<https://example.org/news/1>\n\n**Example Radio**\n"
        let cleaned = clean(markdown, markdown: true)
        #expect(cleaned.meta.url == "https://example.org/news/1")
        #expect(cleaned.meta.site == "Example Radio")
        #expect(cleaned.paragraphs == ["Title of the story", "The story text, in full."])
    }

    @Test func aShortLastSentenceIsNotASignature() async {
        let cleaned = clean("A Headline For The Story\n\nThe story text, in full.\n\nMore Later Today")
        #expect(cleaned.meta.site == nil)
        #expect(cleaned.paragraphs.last == "More Later Today")
    }

    @Test func theTitleIsTheShortFirstLineAndStaysInTheText() async {
        let cleaned = clean("Over 21,000 Killed: Group Accuses Army\nThe group said on Friday that over 21,000 people had been killed.\n\nMore text follows here.")
        #expect(cleaned.meta.title == "Over 21,000 Killed: Group Accuses Army")
        #expect(cleaned.paragraphs.first == "Over 21,000 Killed: Group Accuses Army")
    }

    @Test func aFirstParagraphThatIsASentenceIsNotATitle() async {
        let cleaned = clean("The group said on Friday that people had been killed.\n\nMore text follows here.")
        #expect(cleaned.meta.title == nil)
    }
}

@Suite("Cleaning the seed files")
struct SeedCleaningTests {
    func document(_ prefix: String) async throws -> Document {
        let url = try TestPaths.seed(prefix)
        let document = try #require(try Intake().documents(from: [UInt8](try Data(contentsOf: url)), name: url.lastPathComponent).first)
        guard case .keep(let cleaned) = try await CleanStage().process(
            document, context: StageContext(logger: LogRecorder().logger(), sequence: 0)) else {
            throw TestFailure("clean dropped \(prefix)")
        }
        return cleaned
    }

    @Test func seed000TitleAndParagraphs() async throws {
        let doc = try await document("000")
        #expect(doc.meta.title == "Over 21,000 Palestinians Killed: Hamas Accuses Israel of Genocide")
        #expect(doc.text.contains("\n\nInternational Response and Accountability\n\n"))
    }

    @Test func seed001GluedSentencesAndHeader() async throws {
        let doc = try await document("001")
        // The seed's glued spots ("Gaza Strip.The", "leader said.Haniya", "underlined.He", "years.Since").
        #expect(doc.text.contains("residents of the Gaza Strip. The resistance group"))
        #expect(doc.text.contains("the Hamas leader said. Haniya also called"))
        #expect(doc.text.contains("Haniya underlined. He further"))
        #expect(doc.text.contains("in years. Since the onset"))
        #expect(doc.text.contains("atrocities. “The massacres"))
        #expect(doc.text.contains("\"self-defense.\" Washington"))
        #expect(doc.text.hasPrefix("Chief of Hamas Politburo Ismail Haniya"))
        #expect(doc.meta.published == "2023-11-04T00:00:00Z")
        #expect(doc.meta.site == "Islam Times")
        #expect(!doc.text.contains("date 2023"))
    }

    @Test func seed002UnwrappedParagraphsTitleAndDateline() async throws {
        let doc = try await document("002")
        #expect(doc.meta.title == "Hamas official affirms Israeli genocide of Palestinians finally exposed to the world")
        #expect(doc.meta.dateline == Dateline(place: "Tehran", date: "November 3", agency: "RHC"))
        #expect(doc.text.contains("Al-Aqsa Storm Operation"))
        for paragraph in doc.text.components(separatedBy: "\n\n") {
            #expect(!paragraph.contains("\n"))
            #expect(!paragraph.contains("  "))
        }
        let paragraphs = doc.text.components(separatedBy: "\n\n")
        #expect(paragraphs[1].hasPrefix("The representative of the Hamas resistance movement in Iran says"))
        #expect(paragraphs.contains { $0.hasPrefix("Speaking in an interview with Press TV on Friday, Khaled Qaddoumi") && $0.hasSuffix("is happening in Palestine.") })
    }

    @Test func seed004MarkdownURLSiteAndTitle() async throws {
        let doc = try await document("004")
        #expect(doc.source.format == .markdown)
        #expect(doc.meta.url == "https://www.radiohc.cu/en/noticias/internacionales/373076-hamas-says-israel-obstructing-truce-talks-as-gaza-genocide-rages-on")
        #expect(doc.meta.title == "Hamas says Israel obstructing truce talks as Gaza genocide rages on")
        #expect(doc.meta.site == "Radio Habana Cuba")
        #expect(doc.meta.dateline == Dateline(place: "Gaza City", date: "December 31", agency: "RHC"))
        #expect(!doc.text.contains("*") && !doc.text.contains("---") && !doc.text.contains("http"))
        #expect(!doc.text.contains("Radio Habana Cuba"))
    }
}
