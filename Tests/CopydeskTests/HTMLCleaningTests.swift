@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Cleaning HTML")
struct HTMLCleaningTests {
    func clean(_ html: String) -> Cleaner.Cleaned { Cleaner.cleanHTML(html) }

    @Test func furnitureIsDroppedAndBlocksBecomeParagraphs() async {
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

    @Test func wordsInAdjacentBlocksAreNeverGlued() async {
        let cleaned = clean("<div><div>alpha</div><div>beta</div><p>gamma</p>delta<h2>epsilon</h2></div><table><tr><td>one</td><td>two</td></tr></table>")
        let text = cleaned.paragraphs.joined(separator: "\n\n")
        for word in ["alpha", "beta", "gamma", "delta", "epsilon"] {
            #expect(text.components(separatedBy: .whitespacesAndNewlines).contains(word), "\(word) is glued: \(text)")
        }
        #expect(cleaned.paragraphs.last == "one two")
    }

    @Test func aFormWrappingTheWholePageIsNotDropped() async {
        let html = "<body><form id=aspnetForm><nav>Menu</nav><article><p>One.</p><p>Two.</p></article></form>"
            + "<form><input name=q> Search</form></body>"
        #expect(clean(html).paragraphs == ["One.", "Two."])
    }

    @Test func entitiesAndWhitespaceAreDecoded() async {
        let cleaned = clean("<p>Caf&eacute;&nbsp;owners &amp; &#8220;friends&#8221;\n\n   said\tso.</p>")
        #expect(cleaned.paragraphs == ["Café owners & “friends” said so."])
    }

    @Test func metadataFromJSONLD() async {
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

    @Test func metadataFromMetaTagsOnly() async {
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

    @Test func theDateComesFromTimeElementsThenTheURL() async {
        let withTime = #"<html><head><link rel="canonical" href="https://example.org/2021/02/03/story"></head><body><time datetime="2022-05-06">May 6</time><p>Text.</p></body></html>"#
        #expect(clean(withTime).meta.published == "2022-05-06")
        let withURLOnly = #"<html><head><link rel="canonical" href="https://example.org/news/2021/2/3/story.html"></head><body><p>Text.</p></body></html>"#
        #expect(clean(withURLOnly).meta.published == "2021-02-03")
    }

    @Test(arguments: [
        ("https://www.nytimes.com/2019/11/19/opinion/republicans.html", "2019-11-19"),
        ("https://example.com/news/2019-11-18-council-votes", "2019-11-18"),
        ("https://example.com/archive/20191118/story", "2019-11-18"),
        ("https://example.com/news/council-votes-565107452.html", nil),
        ("https://example.com/2019/13/40/not-a-date", nil),
    ] as [(String, String?)])
    func datesInURLs(url: String, date: String?) {
        #expect(URLDate.find(in: url) == date)
    }

    @Test func truncatedAndPathologicalHTMLNeverCrash() async {
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
        // Article extraction: menus, newsletter boxes, related links, cookie banners and footers.
        Page(idPrefix: "042bb7b5feda", absent: ["Subscribe Sign In", "Most Popular Videos", "Most Popular Articles"]),
        Page(idPrefix: "08f793762792", absent: ["Pick Six Newsletter", "See All Newsletters"]),
        Page(idPrefix: "098bb3e96c0a", absent: ["Copyright © 2019, Los Angeles Times", "Get our daily Entertainment newsletter"]),
        Page(idPrefix: "16c30add7e96", absent: ["you consent to our use of cookies", "Share this story"]),
        Page(idPrefix: "232a43fb15ab", absent: ["Related Roundup: MacBook Pro", "Copyright © 2000- MacRumors.com"]),
        Page(idPrefix: "3c5bf8db4272", absent: ["Related: From Big Bang to Present", "Related: The 15 Weirdest Galaxies"]),
    ]

    @Test(arguments: pages)
    func articleIsFoundAndFurnitureIsNot(page: Page) async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.aebHTML.path)
        let name = try #require(names.first { $0.hasPrefix(page.idPrefix) })
        let id = String(name.dropLast(".html".count))
        let bytes = [UInt8](try Data(contentsOf: TestPaths.aebHTML.appendingPathComponent(name)))
        let gold = try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.aebGold.appendingPathComponent("\(id).json"))) as! [String: Any]
        let body = gold["articleBody"] as! String

        let document = try #require(try Intake().documents(from: bytes, name: name).first)
        let cleaned = Cleaner.clean(try #require(document.input))
        let text = cleaned.paragraphs.joined(separator: " ")
        let firstGoldParagraph = body.split(separator: "\n").first.map { $0.collapsingSpaces() } ?? ""
        #expect(!firstGoldParagraph.isEmpty)
        #expect(text.contains(firstGoldParagraph), "the article's first paragraph is missing")
        for furniture in page.absent {
            #expect(!text.contains(furniture), "furniture text present: \(furniture)")
        }
        #expect(cleaned.meta.title != nil)
        #expect(cleaned.warnings.isEmpty)
    }
}

@Suite("Article extraction")
struct ArticleExtractionTests {
    func clean(_ html: String) -> Cleaner.Cleaned { Cleaner.cleanHTML(html) }

    static let story = [
        "The harbour board voted on Tuesday to close the old ferry terminal, ending ninety years of crossings to the island, a decision that drew a crowd of angry residents to the town hall.",
        "Board chair Ana Ruiz said the terminal, which needs repairs estimated at four million dollars, could no longer be kept open safely, and that a new landing would be built by 2028.",
        "Residents said the closure would cut the island off for most of the winter, when the bridge road floods, and several asked the board to delay the vote until spring.",
        "The board will meet again next month to decide how the ferry service, which carried about two hundred thousand passengers last year, will run in the meantime.",
    ]

    /// A page in the shape news sites use: menus, a story with a byline and a caption, a share bar,
    /// related links, a newsletter box, comments, a cookie banner and a footer.
    static func page(body: String) -> String {
        let links = (1...12).map { "<li><a href=\"/section/\($0)\">Section number \($0)</a></li>" }.joined()
        let related = (1...6).map { "<li><a href=\"/story/\($0)\">Another story about the harbour, part \($0)</a></li>" }.joined()
        return """
            <html><head><title>Ferry terminal to close | The Harbour Times</title></head><body>
            <div class="site-header"><ul class="menu">\(links)</ul></div>
            <div class="layout"><div class="main-column">\(body)
            <div class="related-stories"><h3>Related stories</h3><ul>\(related)</ul></div>
            <div class="newsletter-signup"><p>Sign up for our morning newsletter and never miss a story from the harbour.</p></div>
            <div id="comments"><p>Comments are closed for this story, but you can write to the editor at any time.</p></div>
            </div><div class="sidebar"><p>Most read this week, a list of the stories our readers liked best, updated hourly.</p></div></div>
            <div class="cookie-banner"><p>This website uses cookies to improve your experience. Accept all cookies?</p></div>
            <div class="site-footer"><p>Copyright 2026 The Harbour Times. All rights reserved. Terms and privacy.</p></div>
            </body></html>
            """
    }

    @Test func theStoryIsKeptAndTheFurnitureIsNot() async {
        let paragraphs = Self.story.map { "<p>\($0)</p>" }.joined()
        let body = """
            <article><h1>Ferry terminal to close</h1><div class="byline">By Jo Smith, March 3</div>
            <figure><img src="a.jpg"><figcaption>The old terminal at dawn.</figcaption></figure>
            <div class="article-body">\(paragraphs)<h2>What happens next</h2><p>Services continue until June.</p></div>
            <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div></article>
            """
        let cleaned = clean(Self.page(body: body))
        #expect(cleaned.paragraphs == Self.story + ["What happens next", "Services continue until June."])
        #expect(cleaned.warnings.isEmpty)
    }

    /// Reader comments and the lists of other stories under a story, in plain markup with nothing in
    /// their names to tell them apart: the heading that opens them ends the story.
    @Test(arguments: ["3 comments", "Comments (12)", "More news", "Leave a Reply", "12 responses to “Ferry terminal to close”",
                      "More from The Harbour Times", "You may also like"])
    func theStoryEndsAtTheHeadingOfWhatFollowsIt(heading: String) async {
        let paragraphs = Self.story.map { "<p>\($0)</p>" }.joined()
        let after = """
            <h3>\(heading)</h3>
            <div><p>John K. wrote on 12 March 2026 at 10:14: This is a waste of money, the old quay works perfectly well and everyone knows it.</p></div>
            <div><p>Mary P. wrote on 12 March 2026 at 11:02: Finally! The old terminal is a disgrace and tourists deserve something better.</p></div>
            <ul><li>12 March 2026 – Bridge closure extended for another month, the council says</li><li>11 March 2026 – School strike called off after late talks</li></ul>
            """
        let page = "<html><head><title>Ferry terminal to close</title></head><body><div id=\"main\"><h1>Ferry terminal to close</h1>"
            + paragraphs + after + "</div></body></html>"
        #expect(clean(page).paragraphs == Self.story)
    }

    /// Pages that break the usual shape: an unclosed `<title>`, an unknown element in `<head>`, and an
    /// ASP.NET page whose story is `<br>`-separated text in a span inside a form's table cell.
    @Test func brokenPageShapesStillGiveTheStory() async {
        let paragraphs = Self.story.map { "<p>\($0)</p>" }.joined()
        let unclosedTitle = clean("<html><head><title>Ferry terminal to close</head><body>\(paragraphs)</body></html>")
        #expect(unclosedTitle.paragraphs == Self.story)
        let unknownInHead = clean("<html><head><title>T</title><nav-bar>Home News Sport</nav-bar></head><body>\(paragraphs)</body></html>")
        #expect(unknownInHead.paragraphs == Self.story)
        let aspNet = """
            <html><head><title>Ferry terminal to close</title></head><body><form id="form1" action="story.aspx" method="post">
            <div class="nav"><a href="/">Home</a> | <a href="/news">News</a></div><table><tr><td><a href="/a">Archive</a><br><a href="/b">Contact</a></td>
            <td><span id="lblStory">\(Self.story.joined(separator: "<br><br>"))</span></td></tr></table>
            <div>Copyright 2026 The Harbour Times. All rights reserved.</div></form></body></html>
            """
        #expect(clean(aspNet).paragraphs == Self.story)
    }

    @Test func aStoryWithoutSemanticMarkupIsFoundByItsText() async {
        let body = "<div class=\"x1\"><div class=\"x2\">" + Self.story.map { "<p>\($0)</p>" }.joined() + "</div></div>"
        let cleaned = clean(Self.page(body: body))
        #expect(cleaned.paragraphs == Self.story)
    }

    @Test func loosTextBetweenLineBreaksIsAStoryToo() async {
        let body = "<div class=\"post-body\">" + Self.story.joined(separator: "<br><br>\n") + "<div class=\"ad\"></div></div>"
        let cleaned = clean(Self.page(body: body))
        #expect(cleaned.paragraphs == Self.story)
    }

    @Test func aPageWithoutAnArticleGivesNoTextAndAWarning() async {
        let cleaned = clean(Self.page(body: ""))
        #expect(cleaned.paragraphs.isEmpty)
        #expect(cleaned.warnings.contains { $0.contains("no article found") })
    }

    @Test func linksInsideSentencesKeepTheirWords() async {
        let body = """
            <div class="story">\(Self.story.map { "<p>\($0)</p>" }.joined())
            <p>According to <a class="twitter-link" href="/a">the board's own report</a>, repairs were overdue.</p></div>
            """
        let cleaned = clean(Self.page(body: body))
        #expect(cleaned.paragraphs.last == "According to the board's own report, repairs were overdue.")
    }
}
