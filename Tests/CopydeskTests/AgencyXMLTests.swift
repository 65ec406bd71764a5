@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Agency XML and ninjs")
struct AgencyXMLTests {
    func documents(_ text: String, name: String = "item.xml") throws -> [Document] {
        try Intake().documents(from: Array(text.utf8), name: name)
    }

    func cleaned(_ text: String) throws -> Cleaner.Cleaned {
        Cleaner.clean(try #require(try documents(text).first?.input))
    }

    @Test func theRootElementDecidesTheFormatWithAnyNamespace() async {
        func format(_ text: String) -> InputFormat { FormatSniffer.format(of: text, fileName: "x.txt") }
        #expect(format("<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE nitf SYSTEM \"nitf.dtd\" [<!ENTITY a \"b\">]>\n<nitf><body/></nitf>") == .nitf)
        #expect(format("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>") == .newsmlG2)
        #expect(format("<nar:newsMessage xmlns:nar=\"http://iptc.org/std/nar/2006-10-01/\"/>") == .newsmlG2)
        #expect(format("<NewsML Version=\"1.2\"><NewsItem/></NewsML>") == .newsml12)
        #expect(format("<?xml version=\"1.0\"?><html><body><p>a</p><p>b</p><div>c</div></body></html>") == .html)
        #expect(format("{\"uri\": \"x\", \"headline\": \"y\", \"body_text\": \"z\"}") == .ninjs)
        #expect(format("{\"name\": \"not news\"}") == .text)
    }

    @Test func nitfReadsTheSameWithAndWithoutItsNamespace() async throws {
        let body = "<body><body.head><hedline><hl1>Title here</hl1></hedline></body.head><body.content><p>One.</p><block><p>Two.</p></block></body.content></body>"
        let plain = try cleaned("<nitf>\(body)</nitf>")
        let namespaced = try cleaned("<nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\">\(body)</nitf>")
        let prefixed = try cleaned("<n:nitf xmlns:n=\"http://iptc.org/std/NITF/2006-10-18/\">\(body.replacingOccurrences(of: "<", with: "<n:").replacingOccurrences(of: "<n:/", with: "</n:"))</n:nitf>")
        for result in [plain, namespaced, prefixed] {
            #expect(result.paragraphs == ["One.", "Two."])
            #expect(result.meta.title == "Title here")
        }
    }

    @Test func aNewsItemWithNITFInsideTakesItsOwnMetadataFirst() async throws {
        let xml = """
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1" version="4">
            <itemMeta><itemClass qcode="ninat:text"/></itemMeta>
            <contentMeta><headline>Item headline</headline></contentMeta>
            <contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">
            <body><body.head><hedline><hl1>NITF headline</hl1><hl2>NITF sub</hl2></hedline>
            <byline>By Ana Lima, <byttl>Correspondent</byttl></byline></body.head>
            <body.content><p>Body paragraph.</p></body.content></body></nitf></inlineXML></contentSet></newsItem>
            """
        let result = try cleaned(xml)
        #expect(result.meta.title == "Item headline")
        #expect(result.meta.agency.subtitle == "NITF sub")
        #expect(result.meta.agency.bylines == [Byline(name: "Ana Lima", title: "Correspondent")])
        #expect(result.meta.agency.itemID == "g1" && result.meta.agency.version == 4)
        #expect(result.paragraphs == ["Body paragraph."])
    }

    @Test func escapedHTMLInlineIsReadAsHTML() async throws {
        let xml = """
            <NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>Escaped</HeadLine></NewsLines>
            <ContentItem><MediaType FormalName="Text"/><DataContent>&lt;p&gt;First &amp;amp; best.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</DataContent>
            </ContentItem></NewsComponent></NewsItem></NewsML>
            """
        #expect(try cleaned(xml).paragraphs == ["First & best.", "Second."])
    }

    @Test func malformedXMLIsReadAsFarAsItGoesWithAWarning() async throws {
        let documents = try documents("<nitf><body><body.content><p>First & only.</p><p>Cut here")
        let result = Cleaner.clean(try #require(documents.first?.input))
        #expect(result.paragraphs.first?.hasPrefix("First") == true)
        #expect(result.paragraphs.last == "Cut here")
        #expect(documents.first?.warnings.contains { $0.hasPrefix("xml: the file is not well-formed") } == true)
    }

    @Test func aFileWithoutTextNamesWhatItHeld() async {
        #expect(throws: IntakeError.noText(format: "NITF", held: "no body text")) {
            try documents("<nitf><head><title>Only a title</title></head><body><body.content></body.content></body></nitf>")
        }
        #expect(throws: IntakeError.noText(format: "NewsML 1.2", held: "one photo item")) {
            try documents("<NewsML><NewsItem><NewsComponent><ContentItem Href=\"a.jpg\"><MediaType FormalName=\"Photo\"/></ContentItem></NewsComponent></NewsItem></NewsML>")
        }
    }

    @Test func xmlOfAnUnknownKindIsRefusedNotReadAsText() async throws {
        #expect(throws: IntakeError.unsupportedXML(root: "rss")) {
            try documents("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Feed</title></channel></rss>")
        }
        // XHTML is HTML, and text that merely starts with a tag is text, as before.
        #expect(try documents("<?xml version=\"1.0\"?><html><body><p>One paragraph here.</p></body></html>").first?.source.format == .html)
        #expect(try documents("<Note> the meeting moved to Tuesday.", name: "note.txt").first?.source.format == .text)
    }

    @Test func controlCharactersNeverReachTheTextWhateverThePath() async throws {
        let result = try cleaned("<nitf><body><body.content><p>Bad\u{7F} byte\u{9F}s here.</p></body.content></body></nitf>")
        #expect(result.paragraphs == ["Bad bytes here."])
        #expect(result.warnings.contains("clean: 2 control characters removed from the text"))
    }

    @Test func ninjsThatIsNotJSONOrTooDeepIsRefusedNotCrashed() async {
        #expect(throws: IntakeError.self) { try documents("{\"uri\": \"x\", \"headline\": \"y\", \"body_text\": ", name: "a.json") }
        let deep = "{\"uri\": \"x\", \"headline\": \"y\", \"body_text\": \"z\", \"deep\": " + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: IntakeError.self) { try documents(deep, name: "deep.json") }
    }

    @Test func ninjsTwoAndThreeReadHeadlinesBodiesAndSubjects() async throws {
        let json = """
            {"uri": "urn:x:1", "type": "text", "version": "3", "versionCreated": "2026-12-01T10:00:00Z",
             "headlines": [{"role": "main", "value": "Main headline"}, {"role": "sub", "value": "Sub headline"}],
             "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>First.</p><figure><img src='a.jpg'><figcaption>Caption.</figcaption></figure><p>Second.</p>"}],
             "subjects": [{"name": "elections", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000065"}], "by": "Ana Lima"}
            """
        let result = try cleaned(json)
        #expect(result.paragraphs == ["First.", "Second."])
        #expect(result.meta.title == "Main headline" && result.meta.agency.subtitle == "Sub headline")
        #expect(result.meta.agency.version == 3 && result.meta.agency.versionCreated == "2026-12-01T10:00:00Z")
        #expect(result.meta.agency.subjects == [Subject(code: "http://cv.iptc.org/newscodes/mediatopic/20000065", name: "elections")])
        #expect(result.meta.authors == ["Ana Lima"])
    }

    @Test func compactTimestampsBecomeISO8601() async {
        #expect(AgencyValues.timestamp("20020911T111000-0400") == "2002-09-11T11:10:00-04:00")
        #expect(AgencyValues.timestamp("20010822") == "2001-08-22")
        #expect(AgencyValues.timestamp("20261204T1015Z") == "2026-12-04T10:15:00Z")
        #expect(AgencyValues.timestamp("2018-10-21T16:25:32-05:00") == "2018-10-21T16:25:32-05:00")
    }

    @Test func agencyMetadataRoundTripsThroughTheOutputLine() async throws {
        var document = Document(id: String(repeating: "a", count: 64),
                                source: Source(name: "m.xml", bytes: 10, format: .newsmlG2, encoding: "utf-8",
                                               received: "2026-12-07T00:00:00Z", item: SourceItem(index: 2, count: 3, kind: "newsItem", name: "g")),
                                input: nil)
        document.meta.agency.subtitle = "Sub"
        document.meta.agency.bylines = [Byline(name: "A", title: "T")]
        document.meta.agency.subjects = [Subject(code: "medtop:1", name: "n", type: "t")]
        document.meta.agency.attachments = [Attachment(name: "a.pdf", type: "application/pdf", bytes: 3, read: false)]
        document.meta.agency.transmission = Transmission(service: "a", sequence: "1", wordCount: 5, signoff: "x")
        document.meta.agency.version = 2
        document.meta.agency.markers = ["1stLd-Writethru"]
        document.revision = Revision(of: String(repeating: "b", count: 64), version: 2, previous: 1)
        let decoded = try Document(jsonLine: DocumentEncoder.line(for: document))
        #expect(decoded.meta == document.meta)
        #expect(decoded.source == document.source)
        #expect(decoded.revision == document.revision)
    }
}
