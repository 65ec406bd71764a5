import Foundation
import Testing

/// Where the agency-format fixtures are (written from the formats' specifications; see
/// Fixtures/Agency/make_fixtures.py), and what a clean text never holds.
enum AgencyFixtures {
    static let folder = TestPaths.root.appendingPathComponent("Tests/CopydeskTests/Fixtures/Agency")
    static var wireCorpus: URL { get throws { try TestPaths.shared("corpus/wire") } }

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Markup, control characters, routing codes and transport headers that must never reach the text.
    static func problems(in text: String) -> [String] {
        var found: [String] = []
        if text.range(of: "<[A-Za-z/!?]", options: .regularExpression) != nil { found.append("markup") }
        if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }) {
            found.append("control characters")
        }
        for header in ["Content-Type:", "Content-Transfer-Encoding", "MIME-Version", "Received:", "Message-ID:", "=?UTF-8?",
                       "Return-Path", "--==", "^BC-", "BC-Northbridge", "AP-WF", "NWS-WF", "&mdash;", "&amp;", "nws0118"] where text.contains(header) {
            found.append(header)
        }
        return found
    }
}

/// End-to-end: the built binary on agency files of every format, with the full built-in chain.
@Suite("Agency formats end to end", .serialized)
struct AgencyFormatTests {
    struct Expected {
        var file: String
        var format: String
        var title: String
        var first: String
        var last: String
    }

    static let expectations: [Expected] = [
        Expected(file: "nitf-namespaced.xml", format: "nitf", title: "Harbour board approves — at last — a new ferry terminal",
                 first: "The Northbridge harbour board on Friday approved the design of a new ferry terminal, ending a dispute that has delayed the project for eight years.",
                 last: "Opponents of the plan said they would not challenge the vote in court."),
        Expected(file: "nitf-plain-latin1.xml", format: "nitf", title: "Café owners light up the old town for the winter festival",
                 first: "Owners of the cafés along the Kaiserstraße switched on 12,000 lights on Saturday evening.",
                 last: "The festival runs until Jan. 6, the organisers said."),
        Expected(file: "newsml-1.2.xml", format: "newsml-1.2", title: "Grain harvest beats forecasts despite wet autumn",
                 first: "The region's farmers brought in 1.92 million tonnes of grain this year, 6 percent more than forecast in August.",
                 last: "Rain in October delayed the maize harvest but did not damage it, the farmers' association said."),
        Expected(file: "ninjs-1.4-body-text.json", format: "ninjs", title: "Library reopens after two-year renovation",
                 first: "The city library reopened on Saturday after a renovation that took two years and cost 14 million euros.",
                 last: "\"We built it for the next hundred years,\" the head librarian said."),
        Expected(file: "anpa-original.anpa", format: "anpa-1312", title: "River Aller at highest level in 40 years",
                 first: "The river Aller rose to 7.4 meters on Friday, its highest level in 40 years, and the city closed the Old Bridge to traffic.",
                 last: "The weather service expects the river to peak on Sunday."),
        Expected(file: "iptc7901-storm.txt", format: "iptc-7901", title: "Storm closes Northbridge airport for a second day",
                 first: "A storm with gusts of up to 132 kilometres an hour closed Northbridge airport for a second day on Friday and cut power to 20,000 homes.",
                 last: "\"We have not seen a storm like this since 1999,\" said Kirsten Dahl, a forecaster at the weather service."),
        Expected(file: "forwarded-release.eml", format: "email", title: "New cycle lanes on Ringstrasse from Monday",
                 first: "The city will open 3.2 kilometres of protected cycle lanes on the Ringstrasse on Monday.",
                 last: "Work on the second section is to start in April."),
        Expected(file: "reply.eml", format: "email", title: "Question about the ferry terminal",
                 first: "Dear Ms Okafor,",
                 last: "the terminal's opening is planned for the summer of 2029. The port will pay for the new quay walls itself."),
    ]

    static func run(_ paths: [String], _ extra: [String] = []) async throws -> [[String: Any]] {
        let result = try await CommandRunner.copydesk(["run"] + extra + paths, timeout: 120)
        #expect(result.status == 0, "\(result.standardError)")
        return try result.jsonLines()
    }

    static func paragraphs(_ line: [String: Any]) -> [String] {
        (line["text"] as! String).components(separatedBy: "\n\n")
    }

    static func meta(_ line: [String: Any]) -> [String: Any] { line["meta"] as! [String: Any] }
    static func source(_ line: [String: Any]) -> [String: Any] { line["source"] as! [String: Any] }

    @Test(arguments: expectations.map(\.file))
    func eachFormatGivesItsStory(file: String) async throws {
        let expected = try #require(Self.expectations.first { $0.file == file })
        let lines = try await Self.run([AgencyFixtures.path(file)])
        let line = try #require(lines.first)
        #expect(Self.source(line)["format"] as? String == expected.format)
        #expect(Self.meta(line)["title"] as? String == expected.title)
        let paragraphs = Self.paragraphs(line)
        #expect(paragraphs.first == expected.first)
        #expect(paragraphs.last == expected.last)
        #expect(AgencyFixtures.problems(in: line["text"] as! String).isEmpty)
        // The entity and claim stages ran on the cleaned body as on text.
        #expect((line["stages"] as! [[String: Any]]).map { $0["name"] as! String } == ["clean", "dedup", "entities", "claims"])
        #expect(!(line["entities"] as! [Any]).isEmpty)
    }

    @Test func everyFixturesLinesFollowTheSchema() async throws {
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: AgencyFixtures.folder.path)
            .filter { !$0.hasSuffix(".py") }.sorted().map(AgencyFixtures.path)
        let result = try await CommandRunner.copydesk(["run"] + fixtures, timeout: 120)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("13 inputs, 16 documents: 16 written, 0 dropped, 0 failed"), "\(result.standardError)")
        try await CommandLineTests().validateAgainstSchema(result.standardOutput)
    }

    @Test func aNewsMessageGivesOneDocumentPerTextItemInOrderWithStableIds() async throws {
        let path = AgencyFixtures.path("newsml-g2-message.xml")
        let lines = try await Self.run([path])
        #expect(lines.count == 2, "a package, a picture and two text items: two documents")
        #expect(lines.map { Self.meta($0)["title"] as? String } == ["Tram drivers walk out as pay talks collapse",
                                                                   "Tram strike: what commuters need to know"])
        let items = lines.map { Self.source($0)["item"] as! [String: Any] }
        #expect(items.map { $0["index"] as? Int } == [2, 4])
        #expect(items.allSatisfy { $0["count"] as? Int == 4 })
        #expect(items.first?["name"] as? String == "tag:nws.example,2026:tram-story")
        let first = lines[0]
        #expect(Self.source(first)["format"] as? String == "newsml-g2")
        let meta = Self.meta(first)
        #expect(meta["subtitle"] as? String == "Commuters face a second day without trams")
        #expect(meta["version"] as? Int == 3)
        #expect(meta["urgency"] as? Int == 3)
        #expect(meta["slugline"] as? String == "Northbridge-Tram-Strike")
        #expect(meta["notes"] as? [String] == ["Updates with the mayor's comments in 3rd paragraph."])
        #expect((meta["subjects"] as? [[String: Any]])?.first?["code"] as? String == "medtop:20000446")
        #expect((meta["dateline"] as? [String: Any])?["agency"] as? String == "NWS")
        // The XHTML body: its sub-heading kept, the picture's caption and the dateline out.
        let paragraphs = Self.paragraphs(first)
        #expect(paragraphs == [
            "Tram drivers in Northbridge walked off the job on Thursday after talks over pay broke down late on Wednesday night.",
            "All five tram lines stopped at 5 a.m., the transport authority said.",
            "Mayor calls for mediation",
            "Mayor Ada Lindqvist said she would ask a mediator to bring both sides back to the table by Friday.",
        ])
        // Ids: the file's hash and the item's place, the same on every run.
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let fileID = await sha256Hex(data)
        let second = await sha256Hex(Data("\(fileID)#2".utf8)), fourth = await sha256Hex(Data("\(fileID)#4".utf8))
        #expect(lines.map { $0["id"] as! String } == [second, fourth])
        let again = try await Self.run([path])
        #expect(again.map { $0["id"] as! String } == lines.map { $0["id"] as! String })
    }

    @Test func nitfMetadataGoesIntoMetaAndItsMarkupStaysOut() async throws {
        let line = try await #require(try Self.run([AgencyFixtures.path("nitf-namespaced.xml")]).first)
        let meta = Self.meta(line)
        #expect(meta["subtitle"] as? String == "Construction to start in spring after eight years of planning")
        #expect((meta["bylines"] as? [[String: Any]])?.first?["title"] as? String == "Transport Correspondent")
        #expect(meta["authors"] as? [String] == ["Ines Okafor"])
        #expect(meta["item_id"] as? String == "NWS-2026-1204-0117")
        #expect(meta["version"] as? Int == 2)
        #expect(meta["urgency"] as? Int == 4)
        #expect(meta["copyright"] as? String == "Northbridge Wire Service")
        #expect(meta["keywords"] as? [String] == ["ferry", "harbour"])
        #expect(meta["language"] as? String == "en-GB")
        #expect((meta["dateline"] as? [String: Any])?["place"] as? String == "Northbridge")
        let notes = meta["notes"] as? [String] ?? []
        #expect(notes.contains("Photo available on the picture service."))
        let text = line["text"] as! String
        #expect(!text.contains("artist's impression"), "a picture's caption is not the story")
        #expect(!text.contains("Photo available"), "an editor's message is not the story")
        #expect(text.contains("Costs and timetable\n\n"), "sub-headings stay, as the HTML path keeps them")
        #expect(text.contains("Piers March 2027 19.0 million"), "a table row is a paragraph")
        #expect(text.contains("“This is the day the waterfront gets its future back,” said board chair Maren Holt"))
        // Claims run on it: the quotation is Maren Holt's.
        let claims = line["claims"] as! [[String: Any]]
        #expect(claims.contains { ($0["speaker"] as? [String: Any])?["name"] as? String == "Maren Holt" })
    }

    @Test func anEmailWithAlternativesAndAnAttachedNITFGivesTwoDocuments() async throws {
        let lines = try await Self.run([AgencyFixtures.path("press-release.eml")])
        #expect(lines.count == 2)
        let body = lines[0], attachment = lines[1]
        #expect(Self.source(body)["format"] as? String == "email")
        #expect(Self.meta(body)["title"] as? String == "Press release: Port traffic up 12 percent – record year")
        #expect(Self.meta(body)["from"] as? String == "Hafenbehörde Northbridge <press@northbridge-port.example>")
        #expect(Self.meta(body)["published"] as? String == "2026-12-04T08:14:03Z")
        let paragraphs = Self.paragraphs(body)
        #expect(paragraphs.contains("\"The new container terminal has paid for itself sooner than anyone expected,\" said port director Sibylle Krüger. Container traffic alone rose by 19 percent."),
                "quoted-printable decoded, hard-wrapped lines joined")
        #expect(paragraphs.last == "The port expects to pass 45 million tonnes by the end of December.")
        #expect((Self.meta(body)["signature"] as? String)?.hasPrefix("Port of Northbridge, press office") == true)
        let attachments = Self.meta(body)["attachments"] as? [[String: Any]] ?? []
        #expect(attachments.map { $0["name"] as? String } == ["port-figures.xml", "Jahresbericht 2026.pdf"])
        #expect(attachments.map { $0["read"] as? Bool } == [true, false])
        #expect(AgencyFixtures.problems(in: body["text"] as! String).isEmpty)
        #expect(Self.source(attachment)["format"] as? String == "nitf")
        #expect(Self.meta(attachment)["title"] as? String == "Port of Northbridge: cargo figures for November")
        #expect((Self.source(attachment)["item"] as? [String: Any])?["name"] as? String == "port-figures.xml")
        #expect(Self.paragraphs(attachment) == ["Cargo handled in November: 3.9 million tonnes.", "Containers: 212,000 TEU, up 21 percent."])
    }

    @Test func aForwardedReleaseIsTheStoryAndTheForwardersNoteIsNot() async throws {
        let line = try await #require(try Self.run([AgencyFixtures.path("forwarded-release.eml")]).first)
        let meta = Self.meta(line)
        #expect(meta["from"] as? String == "City of Northbridge <presse@northbridge.example>")
        let text = line["text"] as! String
        #expect(!text.contains("Could someone look at this"))
        #expect(!text.contains("Forwarded message"))
        #expect(!text.contains("presse@northbridge.example"))
    }

    @Test func aReplysQuoteAndSignatureStayOutOfTheText() async throws {
        let line = try await #require(try Self.run([AgencyFixtures.path("reply.eml")]).first)
        let text = line["text"] as! String
        #expect(!text.contains("When will the terminal open"))
        #expect(!text.contains("wrote:"))
        #expect(Self.meta(line)["signature"] as? String == "Press Office, Port of Northbridge")
        #expect(Self.source(line)["encoding"] as? String == "iso-8859-1")
    }

    @Test func wireCopyKeepsItsHeaderInMetaAndNoControlCharactersInTheText() async throws {
        let anpa = try await #require(try Self.run([AgencyFixtures.path("anpa-writethru.anpa")]).first)
        let meta = Self.meta(anpa)
        #expect(meta["markers"] as? [String] == ["1stLd-Writethru"])
        #expect(meta["version"] as? Int == 2)
        #expect(meta["slugline"] as? String == "BC-Northbridge-Flood")
        #expect(meta["authors"] as? [String] == ["Anna Kovac"])
        #expect((meta["bylines"] as? [[String: Any]])?.first?["title"] as? String == "Northbridge Wire Service Writer")
        #expect(meta["urgency"] as? Int == 5)
        let transmission = meta["transmission"] as? [String: Any] ?? [:]
        #expect(transmission["sequence"] as? String == "0231")
        #expect(transmission["priority"] as? String == "r")
        #expect(transmission["category"] as? String == "a")
        #expect(transmission["word_count"] as? Int == 520)
        #expect(transmission["signoff"] as? String == "NWS-WF-12-04-26 1412GMT")
        #expect((meta["notes"] as? [String])?.first?.hasPrefix("Eds: UPDATES") == true)
        #expect((meta["dateline"] as? [String: Any])?["place"] as? String == "NORTHBRIDGE, Eastland")
        let text = anpa["text"] as! String
        #expect(text.contains("“We have sandbags for two more days,” said fire chief Jan Müller."), "ANPA's `` '' quotes; a Latin-1 body")
        #expect(text.contains("Gauge Friday Thursday\n\nOld Bridge 7.4 6.9\n\nMill Weir 5.1 4.8"), "a tab-indented table, a row a paragraph")
        #expect(AgencyFixtures.problems(in: text).isEmpty)

        let iptc = try await #require(try Self.run([AgencyFixtures.path("iptc7901-storm-lead.txt")]).first)
        let iptcMeta = Self.meta(iptc)
        #expect(iptcMeta["markers"] as? [String] == ["REFILE", "1ST LEAD"])
        #expect(iptcMeta["keywords"] as? [String] == ["Northbridge", "weather", "storm"])
        #expect((iptcMeta["transmission"] as? [String: Any])?["signoff"] as? String == "nws kd ab rm 041205 GMT Dec 26")
        #expect(iptcMeta["notes"] as? [String] == ["Contact: weather desk, +49 30 555 0100"])
        let iptcText = iptc["text"] as! String
        #expect(iptcText.contains("passengers spent the night"), "a kill-word (CAN) takes the word before it")
        #expect(!iptcText.contains("tabs 12,20"), "a typesetting instruction is not text")
        #expect(iptcText.contains("Flights to Zürich and Malmö were cancelled."), "ISO 8859-1 as its escape sequence designates")
        #expect(Self.source(iptc)["encoding"] as? String == "iso-8859-1")
        #expect(AgencyFixtures.problems(in: iptcText).isEmpty)
    }

    @Test func hostileXMLIsReadSafelyAndNeverExpanded() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let laughs = (1...9).map { level in
            "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }.joined(separator: "\n")
        try Data("""
            <?xml version="1.0"?>
            <!DOCTYPE nitf [<!ENTITY lol0 "lol">
            \(laughs)
            ]>
            <nitf><head><title>Laughs</title></head><body><body.content><p>Start &lol9; end.</p></body.content></body></nitf>
            """.utf8).write(to: folder.appendingPathComponent("laughs.xml"))
        try Data("""
            <?xml version="1.0"?>
            <!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>
            <nitf><head><title>Entities</title></head><body><body.content><p>Before &secret; after &remote; end.</p></body.content></body></nitf>
            """.utf8).write(to: folder.appendingPathComponent("external.xml"))
        let result = try await CommandRunner.copydesk(["run", "--stages", "clean", folder.path], timeout: 30)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try result.jsonLines()
        #expect(lines.map { $0["text"] as? String } == ["Before after end.", "Start end."])
        for line in lines {
            #expect((line["warnings"] as? [String])?.contains { $0.contains("never expanded") } == true)
        }
    }

    @Test func everyFileOfTheIPTCExamplesGivesItsStoriesOrAClearRefusal() async throws {
        let corpus = try AgencyFixtures.wireCorpus
        let files = try ["newsml-g2", "ninjs"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") }
                .map { corpus.appendingPathComponent("\(folder)/\($0)").path }
        }
        #expect(files.count == 18)
        let result = try await CommandRunner.copydesk(["run", "--stages", "clean"] + files, timeout: 120)
        #expect(result.status == 1, "the photo, package and metadata-only examples are refused")
        let lines = try result.jsonLines()
        let written = Set(lines.map { Self.source($0)["name"] as! String })
        #expect(written == [
            "LISTING_22_Sports_story_in_NewsML-G2NITF.xml", "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
            "LISTING_2_NewsML-G2_Text_Document.xml",
            "ninjs-1.6-004_simple_text_article.json", "ninjs-1.6-005_complex_text_article.json",
            "ninjs-2.2-004_simple_text_article.json", "ninjs-2.2-005_complex_text_article.json",
            "ninjs-3.1-004_simple_text_article.json", "ninjs-3.1-005_complex_text_article.json",
        ])
        for line in lines {
            #expect(AgencyFixtures.problems(in: line["text"] as! String).isEmpty)
            #expect(!(Self.meta(line)["title"] as? String ?? "").isEmpty)
            #expect(Self.paragraphs(line).count >= 1)
        }
        for refusal in ["LISTING_1_A_NewsML-G2_News_Item.xml: intake: no story to read: the NewsML-G2 file holds one news item without text",
                        "LISTING_3_Photo_in_NewsML-G2.xml: intake: no story to read: the NewsML-G2 file holds one picture item",
                        "LISTING_6_Simple_NewsML-G2_Package.xml: intake: no story to read: the NewsML-G2 file holds one package item",
                        "LISTING_24_News_Message_conveying_a_complete_News_Package.xml: intake: no story to read: the NewsML-G2 file holds one package item and 4 news items without text",
                        "ninjs-3.1-006_photo_only.json: intake: no story to read: the ninjs file holds a picture item"] {
            #expect(result.standardError.contains(refusal), "\(refusal)\n\(result.standardError)")
        }
        // ninjs of every major version, simple and complex: the same story.
        for version in ["1.6", "2.2", "3.1"] {
            for kind in ["004_simple", "005_complex"] {
                let ninjs = try #require(lines.first { Self.source($0)["name"] as? String == "ninjs-\(version)-\(kind)_text_article.json" })
                #expect(Self.source(ninjs)["format"] as? String == "ninjs")
                #expect(Self.meta(ninjs)["title"] as? String == "Captain of wrecked cruise ship on trial in Italy")
                #expect(Self.paragraphs(ninjs).first?.hasPrefix("The trial of the captain") == true, "the body, its dateline in meta")
                #expect(Self.paragraphs(ninjs).last?.hasSuffix("Schettino has denied wrongdoing.") == true)
                #expect((Self.meta(ninjs)["dateline"] as? [String: Any])?["agency"] as? String == "AP")
            }
        }
        // A NewsML-G2 item whose inlineXML holds NITF.
        let sports = try #require(lines.first { Self.source($0)["name"] as? String == "LISTING_22_Sports_story_in_NewsML-G2NITF.xml" })
        #expect(Self.source(sports)["format"] as? String == "newsml-g2")
        #expect(Self.meta(sports)["title"] as? String == "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.")
        #expect(Self.paragraphs(sports).first?.hasPrefix("A pair of teams coming off big weekend sweeps") == true)
        #expect(Self.paragraphs(sports).last?.hasSuffix("Garcia has gone 0-2 over his last six starts.") == true)
        #expect(Self.paragraphs(sports).count == 6)
        #expect((Self.meta(sports)["dateline"] as? [String: Any])?["agency"] as? String == "Sports Network")
        #expect(Self.meta(sports)["summary"] as? String != nil)
        #expect((Self.meta(sports)["subjects"] as? [[String: Any]])?.contains { $0["name"] as? String == "Philadelphia Phillies" } == true)
    }

    @Test func aNewVersionLinksToTheOneItRevisesAcrossRuns() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state").path
        func item(_ version: Int, _ body: String) -> String {
            """
            <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:nws:bridge" version="\(version)" standard="NewsML-G2">
            <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-12-0\(version)T10:00:00Z</versionCreated></itemMeta>
            <contentMeta><headline>Bridge news, version \(version)</headline></contentMeta>
            <contentSet><inlineData contenttype="text/plain">\(body)</inlineData></contentSet></newsItem>
            """
        }
        let v1 = folder.appendingPathComponent("bridge-v1.xml"), v2 = folder.appendingPathComponent("bridge-v2.xml")
        try Data(item(1, "The council will vote on the bridge repairs on Tuesday, a spokeswoman said.").utf8).write(to: v1)
        try Data(item(2, "Councillors rejected the repair plan by nine votes to four after a four-hour debate, sending engineers back to the drawing board.").utf8).write(to: v2)
        let first = try await #require(try Self.run([v1.path], ["--state", state]).first)
        let second = try await #require(try Self.run([v2.path], ["--state", state]).first)
        let revision = try #require(second["revision"] as? [String: Any])
        #expect(revision["of"] as? String == first["id"] as? String)
        #expect(revision["version"] as? Int == 2 && revision["previous"] as? Int == 1)
        let dedup = second["dedup"] as? [String: Any] ?? [:]
        #expect(dedup["status"] as? String == "near_duplicate", "an update of the first version, though the texts share nothing")
        #expect(dedup["of"] as? String == first["id"] as? String)
        // The wire write-through links to its original by slug.
        let original = try await #require(try Self.run([AgencyFixtures.path("anpa-original.anpa")], ["--state", state]).first)
        let writethru = try await #require(try Self.run([AgencyFixtures.path("anpa-writethru.anpa")], ["--state", state]).first)
        #expect((writethru["revision"] as? [String: Any])?["of"] as? String == original["id"] as? String)
    }

    @Test func theDaemonLinksRevisionsAcrossRestarts() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try FileManager.default.copyItem(atPath: AgencyFixtures.path("iptc7901-storm.txt"),
                                         toPath: daemon.inbox.appendingPathComponent("storm.txt").path)
        try await daemon.waitUntil("storm.txt is done") { daemon.names(in: "done") == ["storm.txt"] }
        try await daemon.stopCleanly()
        try await daemon.start()
        try FileManager.default.copyItem(atPath: AgencyFixtures.path("iptc7901-storm-lead.txt"),
                                         toPath: daemon.inbox.appendingPathComponent("storm-lead.txt").path)
        try await daemon.waitUntil("storm-lead.txt is done") { daemon.names(in: "done").count == 2 }
        try await daemon.stopCleanly()
        let lines = try daemon.outputLines()
        #expect(lines.count == 2)
        #expect((lines.last?["revision"] as? [String: Any])?["of"] as? String == lines.first?["id"] as? String)
    }

    @Test func aMultiDocumentFileIsWrittenOnceAcrossACrashAndARestart() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try FileManager.default.copyItem(atPath: AgencyFixtures.path("newsml-g2-message.xml"),
                                         toPath: daemon.inbox.appendingPathComponent("message.xml").path)
        try await daemon.waitUntil("message.xml is done") { daemon.names(in: "done") == ["message.xml"] }
        try await daemon.crash()
        // The same bytes again under another name: already written, not written twice.
        try FileManager.default.copyItem(atPath: AgencyFixtures.path("newsml-g2-message.xml"),
                                         toPath: daemon.inbox.appendingPathComponent("message-again.xml").path)
        try await daemon.start()
        try await daemon.waitUntil("message-again.xml is done") { daemon.names(in: "done").count == 2 }
        try await daemon.stopCleanly()
        #expect(try daemon.outputLines().count == 2)
    }
}

/// SHA-256 hex of `data` (sha256sum, so the test checks the ids against an outside tool).
func sha256Hex(_ data: Data) async -> String {
    let result = try? await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum"], standardInput: data)
    return String(result?.standardOutput.prefix(64) ?? "")
}
