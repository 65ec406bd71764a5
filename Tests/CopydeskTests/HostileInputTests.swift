@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

/// Inputs built to hurt: markup that must not reach the text, and shapes that made cleaning
/// quadratic. Each is read, or refused with a reason, and finishes inside the time budget.
@Suite("Hostile input")
struct HostileInputTests {
    let intake = Intake(maximumBytes: 8 << 20)

    private func cleaned(_ bytes: [UInt8], name: String) throws -> (Document, Cleaner.Cleaned) {
        let document = try #require(try intake.documents(from: bytes, name: name).first)
        return (document, Cleaner.clean(document.input!))
    }

    @Test func aDoctypeInternalSubsetAndCDATAMarkersNeverReachTheText() async throws {
        let html = """
            <!DOCTYPE html [
            <!ENTITY x "expanded">
            <!ELEMENT p ANY>
            ]>
            <html><head><title>Doctype test</title></head><body><article>
            <p>A story about the harbour and its ferries, with enough words to be a paragraph of news.</p>
            <p>Second <![CDATA[wrapped <b>story</b>]]> paragraph about the council and the budget vote.</p>
            </article></body></html>
            """
        let (_, result) = try cleaned(Array(html.utf8), name: "doctype.html")
        let text = result.paragraphs.joined(separator: "\n")
        #expect(!text.contains("ELEMENT") && !text.contains("]>") && !text.contains("CDATA") && !text.contains("<"), "\(text)")
        #expect(text.contains("Second wrapped story paragraph"))
        #expect(result.meta.title == "Doctype test")
    }

    @Test func rtfIsReadAsText() async throws {
        let rtf = #"""
            {\rtf1\ansi\ansicpg1252\deff0 {\fonttbl {\f0 Times New Roman;}}{\colortbl;\red0\green0\blue0;}
            {\*\generator Writer 7;}{\info{\title Not the story}}
            \f0\fs24 The council met on Tuesday and approved the budget.\par
            The mayor said \u8220?the vote was close\u8221? and caf\'e9s would stay open.\par
            {\pict\pngblip 89504e470d0a}
            }
            """#
        let (document, result) = try cleaned(Array(rtf.utf8), name: "release.rtf")
        #expect(document.source.format == .rtf)
        #expect(result.paragraphs == [
            "The council met on Tuesday and approved the budget.",
            "The mayor said \u{201C}the vote was close\u{201D} and cafés would stay open.",
        ])
    }

    @Test func rtfWithNoTextIsRefused() async {
        #expect(throws: IntakeError.self) { try intake.documents(from: Array(#"{\rtf1{\fonttbl{\f0 Arial;}}{\pict 00ff}}"#.utf8), name: "x.rtf") }
    }

    @Test(arguments: [
        ("image.svg", #"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Hello</text></svg>"#, "SVG image"),
        ("feed.xml", #"<rss version="2.0"><channel><item><description>x</description></item></channel></rss>"#, "<rss>"),
        ("odd.txt", #"<foo><script>alert(1)</script><bar>Text about councils.</bar></foo>"#, "<foo>"),
    ])
    func svgAndUnknownXMLAreRefusedNotKeptWithTheirTags(name: String, content: String, expected: String) {
        do {
            _ = try intake.documents(from: Array(content.utf8), name: name)
            Issue.record("\(name) was read")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test func anHTMLFragmentIsStillRead() async throws {
        let (_, result) = try cleaned(Array("<p>A short story that is only a paragraph of HTML about the port.</p>".utf8), name: "frag.txt")
        #expect(result.paragraphs.joined().contains("short story"))
    }

    @Test func bidiOverridesAreRemovedWithAWarning() async throws {
        let (_, result) = try cleaned(Array("A story about \u{202E}reversed\u{202C} text and \u{2066}isolates\u{2069} in the copy.".utf8), name: "b.txt")
        #expect(result.paragraphs == ["A story about reversed text and isolates in the copy."])
        #expect(result.warnings.contains { $0.contains("2 bidirectional") || $0.contains("4 bidirectional") })
    }

    @Test func aRunawayTitleIsCapped() async throws {
        let html = "<html><head><title>" + String(repeating: "Long title ", count: 20_000) + "</title></head><body><p>Body text of a story about the harbour and the ferries.</p></body></html>"
        let (_, result) = try cleaned(Array(html.utf8), name: "t.html")
        let title = try #require(result.meta.title)
        #expect(title.unicodeScalars.count <= TitleCap.limit)
        #expect(title.hasSuffix("\u{2026}"))
        #expect(result.warnings.contains { $0.contains("title cut") })
    }

    @Test func anElementWithAHundredThousandAttributesKeepsTheFirstOnes() async {
        let attributes = (0..<100_000).map { "a\($0)=\"v\"" }.joined(separator: " ")
        let html = "<html><body><p class=\"lead\" \(attributes)>Hello world, a story about things.</p></body></html>"
        let (capped, cut) = AttributeCap.apply(html)
        #expect(cut == 100_001 - AttributeCap.limit)
        #expect(capped.contains("class=\"lead\"") && !capped.contains("a99999"))
        #expect(AttributeCap.apply("<p a=1 b='2' c>x</p>").cut == 0)
    }

    @Test func markdownLinksAreFoundInOnePass() async {
        #expect(MarkdownSyntax.stripInline("See [the report](http://x.test/a) and <https://y.test> now") == "See the report and https://y.test now")
        #expect(MarkdownSyntax.stripInline("![chart](c.png) [a [nested] link][ref] (kept)") == "a [nested] link (kept)")
        #expect(MarkdownSyntax.stripInline("a < b and c > d") == "a < b and c > d")
        #expect(MarkdownSyntax.stripInline("[unclosed (and [more") == "[unclosed (and [more")
    }

    /// The shapes that were quadratic, large enough that quadratic code would run for minutes: each
    /// must finish inside a 3-second budget (`copydesk run`, the clean stage, a 3 s limit per stage).
    @Test func quadraticShapesFinishInsideTheirBudget() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var sentences = ""
        var index = 0
        while sentences.utf8.count < 650_000 {
            sentences += "Sentence \(index) says that a < b when the ferry timetable changes and x < y on most routes. "
            index += 1
        }
        let inputs: [(String, String)] = [
            ("angles.md", "# Report\n\n" + sentences),
            ("brackets.md", "# Brackets\n\n" + String(repeating: "[", count: 300_000)),
            ("links.md", "# Links\n\n" + String(repeating: "[a](", count: 100_000)),
            ("emphasis.md", "# Emphasis\n\n" + String(repeating: "*word ", count: 100_000)),
            ("attributes.html", "<html><body><p " + (0..<100_000).map { "a\($0)=\"v\"" }.joined(separator: " ") + ">A story about things.</p></body></html>"),
            ("attributes.xml", #"<?xml version="1.0"?><nitf><head><title>T</title></head><body><body.content><p "# + (0..<100_000).map { "a\($0)=\"v\"" }.joined(separator: " ") + ">A story about the council.</p></body.content></body></nitf>"),
        ]
        for (name, content) in inputs { try Data(content.utf8).write(to: folder.appendingPathComponent(name)) }
        let config = folder.appendingPathComponent("copydesk.yaml")
        // Linear code needs about a second each (debug build); the quadratic code took over 30 s. The
        // margin is for a loaded machine: the suite runs several commands at once.
        try "stages: []\nlimits:\n  time_budget: 10\n  time_per_mb: 0\n".write(to: config, atomically: true, encoding: .utf8)
        for (name, _) in inputs {
            let result = try await CommandRunner.copydesk(["run", "--config", config.path, folder.appendingPathComponent(name).path], timeout: 60)
            #expect(result.status == 0, "\(name): \(result.standardError)")
            #expect(try result.jsonLines().count == 1, "\(name)")
        }
    }
}

/// Inputs the fuzzer found (scripts/fuzz), each kept as a test once fixed.
@Suite("Fuzzer findings")
struct FuzzerFindingTests {
    @Test(arguments: [
        // SOH SOH US LF "(" 0xAA: an ANPA heading whose first line is only the selector separator
        // (an index out of range in WireHeading.anpa).
        "AQEfCiiq",
    ])
    func findingIsReadOrRefusedWithoutACrash(base64: String) throws {
        let bytes = try #require(Data(base64Encoded: base64)).map { $0 }
        if let documents = try? Intake().documents(from: bytes, name: "finding") {
            for document in documents { if let input = document.input { _ = Cleaner.clean(input) } }
        }
    }
}
