import Foundation

/// Where a story ends on a page: the heading of what follows it — reader comments, lists of other
/// stories — and the comments themselves. Everything from such a heading on is cut once the story
/// has begun (two paragraphs and 250 letters), so a page's "3 comments" or "More news" section and
/// all below it never reach the text. The headings are data: one list, matched on the whole line.
enum StoryEnd {
    /// Headings that end a story, lowercased, without punctuation at either end.
    static let headings: Set<String> = [
        "comments", "comment", "reader comments", "readers' comments", "join the conversation", "have your say",
        "leave a comment", "leave a reply", "post a comment", "add a comment", "add your comment", "discussion",
        "more news", "latest news", "more stories", "other stories", "top stories", "in other news", "also in the news",
        "related", "related articles", "related stories", "related news", "related content", "related posts",
        "you may also like", "you might also like", "most read", "most popular", "most viewed", "recommended",
        "recommended for you", "what to read next", "more on this story", "read next", "more headlines",
    ]
    /// Heading shapes with a number or a name in them: "3 comments", "Comments (12)", "12 responses
    /// to …", "5 thoughts on …", "More from the Gazette".
    static let headingPrefixes = ["more from ", "more in ", "more on ", "comments ("]
    static let countedNouns = ["comment", "comments", "response", "responses", "reply", "replies", "thought", "thoughts"]

    /// The paragraphs up to the first story-ending heading after the story began.
    static func cut(_ paragraphs: [String]) -> [String] {
        var letters = 0
        for (index, paragraph) in paragraphs.enumerated() {
            if index >= 2, letters >= 250, isEndHeading(paragraph) { return Array(paragraphs[..<index]) }
            letters += paragraph.count
        }
        return paragraphs
    }

    /// Whether a short paragraph is a heading that ends a story.
    static func isEndHeading(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 60 else { return false }
        let line = paragraph.lowercased().trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        if headings.contains(line) || headingPrefixes.contains(where: { line.hasPrefix($0) }) { return true }
        // "3 comments", "12 responses to “Council votes …”", "5 thoughts on …"
        let words = line.split(separator: " ", maxSplits: 2)
        if words.count >= 2, words[0].allSatisfy(\.isNumber), countedNouns.contains(String(words[1])) { return true }
        return false
    }
}
