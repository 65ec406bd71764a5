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

    /// Reads the names of `node`. Pages repeat the same class names hundreds of times, so the
    /// verdict on a names string is remembered in `cache`.
    static func verdict(for node: MarkupTree.Node, cache: inout [String: Verdict]) -> Verdict {
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
        let named: Verdict
        if let cached = cache[names] {
            named = cached
        } else {
            named = Self.verdict(forNames: names)
            cache[names] = named
        }
        verdict.isArticleBody = verdict.isArticleBody || named.isArticleBody
        verdict.isContentLike = verdict.isContentLike || named.isContentLike
        verdict.isFurniture = verdict.isFurniture || named.isFurniture
        verdict.isWeakFurniture = named.isWeakFurniture
        verdict.isByline = verdict.isByline || named.isByline
        return verdict
    }

    /// Reads a `class`/`id` names string.
    static func verdict(forNames names: String) -> Verdict {
        let found = matcher.categories(in: names)
        var verdict = Verdict()
        verdict.isArticleBody = found & NameMatcher.articleBody != 0
        verdict.isContentLike = found & NameMatcher.content != 0
        verdict.isFurniture = found & NameMatcher.furniture != 0
        verdict.isWeakFurniture = found & NameMatcher.weakFurniture != 0
        verdict.isByline = found & NameMatcher.byline != 0
        return verdict
    }

    /// Every pattern below in one matcher: whole tokens and anywhere-words, each with its category.
    static let matcher: NameMatcher = {
        var matcher = NameMatcher()
        matcher.add(articleBodyPhrases, category: NameMatcher.articleBody, wholeToken: false)
        matcher.add(contentTokens, category: NameMatcher.content, wholeToken: true)
        matcher.add(contentWords, category: NameMatcher.content, wholeToken: false)
        matcher.add(furnitureTokens, category: NameMatcher.furniture, wholeToken: true)
        matcher.add(furnitureWords, category: NameMatcher.furniture, wholeToken: false)
        matcher.add(weakFurnitureTokens, category: NameMatcher.weakFurniture, wholeToken: true)
        matcher.add(bylineTokens, category: NameMatcher.byline, wholeToken: true)
        matcher.add(bylineWords, category: NameMatcher.byline, wholeToken: false)
        return matcher
    }()

    /// Class and id phrases that name a story body outright.
    static let articleBodyPhrases = [
        "articlebody", "article-body", "article_body", "article__body", "articletext", "article-text",
        "article_text", "article-content", "article_content", "article__content", "articlecontent",
        "story-body", "story_body", "storybody", "story-content", "story_content", "storycontent", "story-text",
        "entry-content", "entry_content", "post-content", "post_content", "postcontent", "post-body", "post_body",
        "post-entry", "postentry", "body-text", "bodytext", "body_text", "content-body", "content_body",
        "news-body", "news_body", "newsbody", "news-content", "news-text", "text-body", "article-main",
        "main-text", "maintext", "paywall-content", "article-page-body", "single-content", "rich-text", "richtext",
    ]

    static let contentTokens = [
        "article", "content", "story", "post", "entry", "text", "body", "main", "column", "hentry", "blog",
    ]
    static let contentWords = ["article", "content", "story"]

    static let furnitureTokens = [
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
    ]
    static let furnitureWords = [
        "advert", "sharebar", "share-bar", "sharetools", "share-tools", "socialshare", "social-share",
        "comment", "related", "newsletter", "subscri", "recommend", "outbrain", "taboola", "breadcrumb",
        "sidebar", "cookie", "signup", "sign-up", "promo", "trending", "mostread", "most-read", "mostpopular",
        "most-popular", "readmore", "read-more", "readnext", "read-next", "morestories", "more-stories",
        "also-read", "alsoread", "you-may", "youmay", "you-might", "further-reading", "inline-ad", "ad-slot",
        "adslot", "ad-container", "ad-wrapper", "adwrapper", "ad_container", "ad-unit", "adunit", "gallery",
        "slideshow", "carousel", "slider", "video-player", "videoplayer", "embed-video", "sr-only", "screen-reader",
        "visually-hidden", "visuallyhidden", "print-only", "author-bio", "authorbio", "about-author",
    ]

    static let weakFurnitureTokens = [
        "header", "meta", "media", "info", "details", "aside", "caption", "credit", "credits", "photo",
        "image", "img", "figure", "video", "label", "kicker", "eyebrow", "headline", "title", "subtitle",
        "dek", "standfirst", "summary", "timestamp", "date", "time", "byline", "source",
    ]

    static let bylineTokens = [
        "byline", "byl", "author", "authors", "dateline", "timestamp", "date", "published", "updated",
        "posted", "caption", "credit", "credits", "photographer", "contributor", "writer", "reporter",
    ]
    static let bylineWords = ["byline", "caption", "timestamp", "pubdate", "publish-date", "post-date", "postdate", "author-name"]

}
