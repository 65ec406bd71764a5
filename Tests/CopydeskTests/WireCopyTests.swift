@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Wire copy: IPTC 7901 and ANPA-1312")
struct WireCopyTests {
    let intake = Intake()

    func documents(_ bytes: [UInt8]) throws -> [Document] {
        try intake.documents(from: bytes, name: "wire.txt")
    }

    func cleaned(_ document: Document) -> Cleaner.Cleaned { Cleaner.clean(document.input!) }

    @Test func framingIsRecognisedByItsControlCharactersNotTheName() async throws {
        #expect(WireCopy.messages(in: Array("Plain text with no framing.".utf8)) == nil)
        let framed: [UInt8] = [0x01] + Array("abc0001 4 s 12\r\n".utf8) + [0x02] + Array("Headline\r\n\r\nBody text here.\r\n".utf8) + [0x03, 0x04]
        let messages = try #require(WireCopy.messages(in: framed))
        #expect(messages.count == 1)
        #expect(messages[0].format == .iptc7901)
        let anpa: [UInt8] = [0x16, 0x16, 0x01] + Array("a0001".utf8) + [0x1F] + Array("xyz\r\n".utf8) + [0x02] + Array("\t   Body.\r\n".utf8) + [0x03, 0x04]
        #expect(WireCopy.messages(in: anpa)?.first?.format == .anpa1312)
        // Line noise a gateway leaves before the first SOH does not hide the framing.
        #expect(WireCopy.messages(in: [0x00, 0x0D, 0x0A, 0x04, 0x16] + framed)?.count == 1)
        // Framed copy is never refused as binary for its control characters.
        #expect(try documents(framed).first?.source.format == .iptc7901)
    }

    @Test func controlCharactersAreInterpretedAndNoneIsLeft() async {
        let text = "A teh\u{18} the airport \u{0C}[bold]\u{0B}reopened\u{11} on\u{0E} Friday.\r\n^Headline line<\r\n\tcell one\tcell two\u{1F}cell three\r\nLast\rline"
        let lines = WireLines.lines(of: text)
        #expect(lines.map(\.text) == ["A the airport reopened on Friday.", "Headline line", "cell one cell two cell three", "Last", "line"])
        #expect(lines[1].caret && lines[1].terminated)
        #expect(lines[2].cells == ["cell one", "cell two", "cell three"] && lines[2].indented)
        #expect(WireLines.typographic("``Yes,'' she said _ twice.") == "\u{201C}Yes,\u{201D} she said \u{2014} twice.")
    }

    @Test func aDesignatedISO8859PartDecidesTheCharset() async {
        // ESC - B designates ISO 8859-2, where 0xB3 is "ł"; undesignated, Latin-1 bytes read as Windows-1252.
        let polish = WireCharset.decode([0x1B, 0x2D, 0x42] + Array("Bia".utf8) + [0xB3] + Array("ystok".utf8))
        #expect(polish.text == "Białystok" && polish.encoding == "iso-8859-2" && polish.warning == nil)
        let latin1 = WireCharset.decode(Array("Malm".utf8) + [0xF6])
        #expect(latin1.text == "Malmö" && latin1.encoding == "windows-1252" && latin1.warning != nil)
        #expect(WireCharset.decode(Array("Zürich".utf8)).encoding == "utf-8")
    }

    @Test func takeMarkersGiveVersionsAndRevisions() async {
        #expect(WireVocabulary.version(from: ["1stLd-Writethru"]) == 2)
        #expect(WireVocabulary.version(from: ["2nd Ld-Writethru"]) == 3)
        #expect(WireVocabulary.version(from: ["1ST LEAD"]) == 2)
        #expect(WireVocabulary.version(from: ["URGENT"]) == nil)
        #expect(WireVocabulary.marksRevision(["REFILE"]) && WireVocabulary.marksRevision(["CORRECTS"]))
        #expect(!WireVocabulary.marksRevision(["URGENT"]))
        #expect(WireVocabulary.isMarkerLine("1ST LEAD") && WireVocabulary.isMarkerLine("REFILE"))
        #expect(!WireVocabulary.isMarkerLine("Storm closes airport"))
    }

    @Test func priorityBecomesIPTCUrgency() async {
        #expect(WireCopyReader.urgency(format: .anpa1312, priority: "f") == 1)
        #expect(WireCopyReader.urgency(format: .anpa1312, priority: "b") == 2)
        #expect(WireCopyReader.urgency(format: .anpa1312, priority: "r") == 5)
        #expect(WireCopyReader.urgency(format: .iptc7901, priority: "3") == 3)
        #expect(WireCopyReader.urgency(format: .iptc7901, priority: "x") == nil)
    }

    @Test func aMessageWithoutTextIsRefusedWithAReason() async {
        let empty: [UInt8] = [0x01] + Array("abc0001 4 s 0\r\n".utf8) + [0x02, 0x0D, 0x0A, 0x03, 0x04]
        #expect(throws: IntakeError.noText(format: "IPTC 7901", held: "a message without text")) { try documents(empty) }
    }

    @Test func aHardWrappedBodyIsRejoinedAndNotesAndSignoffLeaveTheText() async throws {
        let text = [
            "Keyword/line/", "URGENT", "Ministers agree on budget", "By staff =", "",
            "Capital (XYZ) - Ministers agreed on the budget late on",
            "Thursday after eleven hours of talks.", "",
            "The deal raises spending on schools by four per-", "cent.", "",
            "MORE", "", "xyz ab cd ef", "",
        ].joined(separator: "\r\n")
        let bytes: [UInt8] = [0x01] + Array("xyz0042 1 p 40\r\n".utf8) + [0x02] + Array(text.utf8) + [0x03] + Array("301200 GMT Nov 26".utf8) + [0x04]
        let document = try #require(try documents(bytes).first)
        let result = cleaned(document)
        #expect(result.paragraphs == ["Ministers agreed on the budget late on Thursday after eleven hours of talks.",
                                      "The deal raises spending on schools by four per-cent."])
        #expect(result.meta.title == "Ministers agree on budget")
        #expect(result.meta.agency.markers == ["URGENT"])
        #expect(result.meta.agency.urgency == 1)
        #expect(result.meta.agency.transmission?.signoff == "xyz ab cd ef 301200 GMT Nov 26")
        #expect(result.meta.dateline?.agency == "XYZ")
    }
}
