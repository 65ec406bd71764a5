/// The Arabic article written in lower case and hyphened to a name: "al-Saftawi", "el-Sisi",
/// "ash-Shati". English copy writes such names this way where the article is not capitalised, so
/// they start with a lowercase letter though they are names.
enum ArabicArticle {
    /// Where the name starts in a word written with a lowercase article, a hyphen and a capital
    /// ("al-Saftawi" → 3), or `nil`. Reads at most the first five bytes, and gives up on most words
    /// after three: this runs for every word.
    static func nameOffset<Bytes: Sequence>(in utf8: Bytes) -> Int? where Bytes.Element == UInt8 {
        var bytes = utf8.makeIterator()
        guard let first = bytes.next(), first.isASCIILowercase, let second = bytes.next(), let third = bytes.next() else { return nil }
        var key = UInt32(first) << 8 | UInt32(second)
        var hyphen = 2
        if third != UInt8(ascii: "-") {
            guard let fourth = bytes.next(), fourth == UInt8(ascii: "-") else { return nil }
            key = key << 8 | UInt32(third)
            hyphen = 3
        }
        guard let capital = bytes.next(), capital.isASCIIUppercase, articles.contains(key) else { return nil }
        return hyphen + 1
    }

    /// The articles' letters packed into an integer, first letter highest: "al", "el", "ad", "ed",
    /// "an", "ar", "as", "ash", "at", "az", "ul".
    private static let articles: Set<UInt32> = Set(["al", "el", "ad", "ed", "an", "ar", "as", "ash", "at", "az", "ul"].map { word in
        word.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    })
}
