@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Cleaning HTML")
struct HTMLCleaningTests {
    func clean(_ html: String) -> Cleaner.Cleaned { Cleaner.cleanHTML(html) }

    @Test func furnitureIsDroppedAndBlocksBecomeParagraphs() {
        let html = """
            <html><head><title>Story</title><style>p { color: red }</style></head><body>
            <header><a href="/">Home</a> <a href="/world">World</a></header>
            <nav><ul><li>Politics</li><li>Sport</li></ul></nav>
            <script>var tracking = 1;</script>
            <article><h1>The headline</h1><p>First <b>bold</b>paragraph.</p><p>Second
            paragraph<br>after a break.</p><div>Block one</div><div>Block two</div>
            <ul><li>Item one</li><li>Item two</li></ul></article>
            <aside>Related stories</aside>
            <form action="/subscribe"><label>Email</label><input name="e"><button>Sign up</button> Get our newsletter</form>
            <div hidden>hidden text</div><div style="display: none">invisible</div><span aria-hidden="true">icon</span>
            <noscript>Enable JavaScript</noscript>
            <footer>Copyright 2024</footer>
            </body></html>
            """
        let cleaned = clean(html)
        #expect(cleaned.paragraphs == ["The headline", "First boldparagraph.", "Second paragraph", "after a break.",
                                       "Block one", "Block two", "Item one", "Item two"])
    }

    @Test func wordsInAdjacentBlocksAreNeverGlued() {
        let cleaned = clean("<div><div>alpha</div><div>beta</div><p>gamma</p>delta<h2>epsilon</h2></div><table><tr><td>one</td><td>two</td></tr></table>")
        let text = cleaned.paragraphs.joined(separator: "\n\n")
        for word in ["alpha", "beta", "gamma", "delta", "epsilon"] {
            #expect(text.components(separatedBy: .whitespacesAndNewlines).contains(word), "\(word) is glued: \(text)")
        }
        #expect(cleaned.paragraphs.last == "one two")
    }

    @Test func aFormWrappingTheWholePageIsNotDropped() {
        let html = "<body><form id=aspnetForm><nav>Menu</nav><article><p>One.</p><p>Two.</p></article></form>"
            + "<form><input name=q> Search</form></body>"
        #expect(clean(html).paragraphs == ["One.", "Two."])
    }

    @Test func entitiesAndWhitespaceAreDecoded() {
        let cleaned = clean("<p>Caf&eacute;&nbsp;owners &amp; &#8220;friends&#8221;\n\n   said\tso.</p>")
        #expect(cleaned.paragraphs == ["Café owners & “friends” said so."])
    }

    @Test func metadataFromJSONLD() {
        let html = """
            <html lang="en-GB"><head><title>Ignored | The Daily Example</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"The Daily Example"},
              {"@type":"NewsArticle","headline":"Council approves budget","datePublished":"2024-03-05T09:00:00Z",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
               "publisher":{"@type":"Organization","name":"The Daily Example"},
               "mainEntityOfPage":{"@id":"https://example.org/news/budget"}}]}</script>
            </head><body><p>Text.</p></body></html>
            """
        let meta = clean(html).meta
        #expect(meta.title == "Council approves budget")
        #expect(meta.published == "2024-03-05T09:00:00Z")
        #expect(meta.authors == ["Jane Doe", "John Roe"])
        #expect(meta.site == "The Daily Example")
        #expect(meta.url == "https://example.org/news/budget")
        #expect(meta.language == "en-GB")
    }

    @Test func metadataFromMetaTagsOnly() {
        let html = """
            <html><head><title>Mayor resigns after vote – Example Times</title>
            <meta property="og:site_name" content="Example Times">
            <meta name="author" content="By Ann Smith and Bo Lee">
            <meta property="article:published_time" content="2023-11-04T10:00:00+00:00">
            <link rel="canonical" href="https://example.com/mayor">
            <meta http-equiv="content-language" content="en">
            </head><body><p>Text.</p></body></html>
            """
        let meta = clean(html).meta
        #expect(meta.title == "Mayor resigns after vote")
        #expect(meta.site == "Example Times")
        #expect(meta.authors == ["Ann Smith", "Bo Lee"])
        #expect(meta.published == "2023-11-04T10:00:00+00:00")
        #expect(meta.url == "https://example.com/mayor")
        #expect(meta.language == "en")
    }

    @Test func truncatedAndPathologicalHTMLNeverCrash() {
        #expect(clean("<html><body><p>First.<p>Second <b>bold").paragraphs == ["First.", "Second bold"])
        let deep = "<html><body>" + String(repeating: "<div>", count: 50_000) + "deep" + String(repeating: "</div>", count: 50_000)
        _ = clean(deep)
        _ = clean("<<<>>><\u{0}>&&&;;<!--")
        _ = clean(String(repeating: "<p><b><i>", count: 10_000))
    }
}

/// The AEB pages, read in place from ../shared/eval (never copied into the repository).
@Suite("Cleaning AEB pages")
struct AEBPageTests {
    struct Page: Sendable, CustomStringConvertible {
        var idPrefix: String
        var absent: [String]
        var description: String { idPrefix }
    }

    static let pages: [Page] = [
        Page(idPrefix: "042bb7b5feda", absent: ["Africa Asia Canada China Europe"]),
        Page(idPrefix: "076f4f33bf75", absent: ["LIVE TV Latest News India World", "\"@context\""]),
        Page(idPrefix: "16c30add7e96", absent: ["Vox main menu", "chorusInitQueue"]),
        Page(idPrefix: "21486419bb10", absent: ["wpcom_remote_login"]),
        Page(idPrefix: "291a8bf33ee4", absent: ["window.dataLayer", "function gtag"]),
        Page(idPrefix: "33fe2471fd55", absent: ["About Inexhibit Copyright Contact Us", "mapp.data"]),
        Page(idPrefix: "360c732d1fdb", absent: ["CONFIGURATION START", "Latest News Opinion Podcast"]),
    ]

    @Test(arguments: pages)
    func articleIsFoundAndFurnitureIsNot(page: Page) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.aebHTML.path)
        let name = try #require(names.first { $0.hasPrefix(page.idPrefix) })
        let id = String(name.dropLast(".html".count))
        let bytes = [UInt8](try Data(contentsOf: TestPaths.aebHTML.appendingPathComponent(name)))
        let gold = try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.aebGold.appendingPathComponent("\(id).json"))) as! [String: Any]
        let body = gold["articleBody"] as! String

        let document = try Intake().document(from: bytes, name: name)
        let cleaned = Cleaner.clean(try #require(document.input))
        let text = cleaned.paragraphs.joined(separator: " ")
        let firstGoldParagraph = body.split(separator: "\n").first.map { $0.collapsingSpaces() } ?? ""
        #expect(!firstGoldParagraph.isEmpty)
        #expect(text.contains(firstGoldParagraph), "the article's first paragraph is missing")
        for furniture in page.absent {
            #expect(!text.contains(furniture), "furniture text present: \(furniture)")
        }
        #expect(cleaned.meta.title != nil)
    }
}
