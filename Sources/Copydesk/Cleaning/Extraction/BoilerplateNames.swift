/// What an element's `class`, `id` and `role` say about it: story text, or page furniture.
///
/// Patterns are the common vocabulary of news CMSs and of readability-style extractors, matched
/// on whole tokens (`ad`, `nav`) or, for long distinctive words, anywhere (`newsletter`).
struct BoilerplateNames {
    /// How an element's names read.
    struct Verdict {
        /// Named like a story body (`article-body`, `entry-content`, `itemprop=articleBody`).
        var isArticleBody = false
        /// Named like content in general (`article`, `content`, `story`, `post`, `text`, `main`).
        var isContentLike = false
        /// Named like furniture that never belongs to a story (share, related, comments, ads, …).
        var isFurniture = false
        /// Named like furniture only weakly (`header`, `meta`, `tools`, `media`); prune when small.
        var isWeakFurniture = false
        /// Named like a byline, date or caption block.
        var isByline = false
    }

    /// Reads the names of `node`.
    static func verdict(for node: MarkupTree.Node) -> Verdict {
        var verdict = Verdict()
        var names = ""
        for (name, value) in node.attributes {
            switch name {
            case "class", "id":
                names += " " + value
            case "itemprop":
                let lowered = value.lowercased()
                if lowered.contains("articlebody") || lowered == "text" || lowered == "reviewbody" { verdict.isArticleBody = true }
                if lowered == "author" || lowered == "datepublished" || lowered == "datemodified" || lowered == "publisher" {
                    verdict.isByline = true
                }
            case "role":
                switch value.lowercased() {
                case "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "dialog", "alertdialog",
                     "search", "toolbar", "tablist":
                    verdict.isFurniture = true
                case "main", "article":
                    verdict.isContentLike = true
                default: break
                }
            case "data-component", "data-module", "data-testid", "data-type":
                names += " " + value
            default:
                break
            }
        }
        guard !names.isEmpty else { return verdict }
        let lowered = Array(names.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var tokens: Set<[UInt8]> = []
        var start = 0
        for index in 0...lowered.count {
            let isWordByte = index < lowered.count && Self.isWordByte(lowered[index])
            if !isWordByte {
                if index > start { tokens.insert(Array(lowered[start..<index])) }
                start = index + 1
            }
        }
        func anyToken(_ set: Set<[UInt8]>) -> Bool { !tokens.isDisjoint(with: set) }
        func anyWord(_ words: [[UInt8]]) -> Bool { words.contains { Self.find($0, in: lowered) } }

        if anyWord(articleBodyPhrases) { verdict.isArticleBody = true }
        if anyToken(contentTokens) || anyWord(contentWords) { verdict.isContentLike = true }
        if anyToken(furnitureTokens) || anyWord(furnitureWords) { verdict.isFurniture = true }
        if anyToken(weakFurnitureTokens) { verdict.isWeakFurniture = true }
        if anyToken(bylineTokens) || anyWord(bylineWords) { verdict.isByline = true }
        return verdict
    }

    /// ASCII letters and digits (class names are ASCII in practice; other bytes separate tokens).
    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
    }

    /// Whether `needle` occurs in `haystack` (both short; a plain scan beats anything clever).
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count && haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// Class and id phrases that name a story body outright.
    static let articleBodyPhrases: [[UInt8]] = bytes([
        "articlebody", "article-body", "article_body", "article__body", "articletext", "article-text",
        "article_text", "article-content", "article_content", "article__content", "articlecontent",
        "story-body", "story_body", "storybody", "story-content", "story_content", "storycontent", "story-text",
        "entry-content", "entry_content", "post-content", "post_content", "postcontent", "post-body", "post_body",
        "post-entry", "postentry", "body-text", "bodytext", "body_text", "content-body", "content_body",
        "news-body", "news_body", "newsbody", "news-content", "news-text", "text-body", "article-main",
        "main-text", "maintext", "paywall-content", "article-page-body", "single-content", "rich-text", "richtext",
    ])

    static let contentTokens: Set<[UInt8]> = Set(bytes([
        "article", "content", "story", "post", "entry", "text", "body", "main", "column", "hentry", "blog",
    ]))
    static let contentWords: [[UInt8]] = bytes(["article", "content", "story"])

    static let furnitureTokens: Set<[UInt8]> = Set(bytes([
        "ad", "ads", "advert", "adv", "advertisement", "advertising", "sponsored", "sponsor", "nav", "navbar",
        "menu", "share", "sharing", "shares", "social", "comment", "comments", "related", "recommended",
        "recommendations", "newsletter", "subscribe", "subscription", "signup", "promo", "promotion",
        "popup", "modal", "cookie", "cookies", "consent", "gdpr", "breadcrumb", "breadcrumbs", "sidebar",
        "widget", "widgets", "tags", "tag", "topics", "keywords", "footer", "disqus", "outbrain", "taboola",
        "trending", "popular", "most", "rail", "toolbar", "tools", "pagination", "pager", "print", "email",
        "banner", "masthead", "skip",
        "jump", "paywall", "login", "register", "teaser", "teasers", "more", "readmore", "next", "prev",
        "previous", "feedback", "survey", "poll", "donate", "offscreen", "sr", "visually",
        "dfp", "gpt", "zergnet", "author", "bio", "contributor",
    ]))
    static let furnitureWords: [[UInt8]] = bytes([
        "advert", "sharebar", "share-bar", "sharetools", "share-tools", "socialshare", "social-share",
        "comment", "related", "newsletter", "subscri", "recommend", "outbrain", "taboola", "breadcrumb",
        "sidebar", "cookie", "signup", "sign-up", "promo", "trending", "mostread", "most-read", "mostpopular",
        "most-popular", "readmore", "read-more", "readnext", "read-next", "morestories", "more-stories",
        "also-read", "alsoread", "you-may", "youmay", "you-might", "further-reading", "inline-ad", "ad-slot",
        "adslot", "ad-container", "ad-wrapper", "adwrapper", "ad_container", "ad-unit", "adunit", "gallery",
        "slideshow", "carousel", "slider", "video-player", "videoplayer", "embed-video", "sr-only", "screen-reader",
        "visually-hidden", "visuallyhidden", "print-only", "author-bio", "authorbio", "about-author",
    ])

    static let weakFurnitureTokens: Set<[UInt8]> = Set(bytes([
        "header", "meta", "media", "info", "details", "aside", "caption", "credit", "credits", "photo",
        "image", "img", "figure", "video", "label", "kicker", "eyebrow", "headline", "title", "subtitle",
        "dek", "standfirst", "summary", "timestamp", "date", "time", "byline", "source",
    ]))

    static let bylineTokens: Set<[UInt8]> = Set(bytes([
        "byline", "byl", "author", "authors", "dateline", "timestamp", "date", "published", "updated",
        "posted", "caption", "credit", "credits", "photographer", "contributor", "writer", "reporter",
    ]))
    static let bylineWords: [[UInt8]] = bytes(["byline", "caption", "timestamp", "pubdate", "publish-date", "post-date", "postdate", "author-name"])

    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
}
