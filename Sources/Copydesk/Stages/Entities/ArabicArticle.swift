/// The Arabic article written in lower case and hyphened to a name: "al-Saftawi", "el-Sisi",
/// "ash-Shati". English copy writes such names this way where the article is not capitalised, so
/// they start with a lowercase letter though they are names.
enum ArabicArticle {
    /// Where the name starts in a word written with a lowercase article, a hyphen and a capital
    /// ("al-Saftawi" → 3), or `nil`. Reads at most the first five bytes: this runs for every word.
    static func nameOffset<Bytes: Sequence>(in utf8: Bytes) -> Int? where Bytes.Element == UInt8 {
        var head = SIMD8<UInt8>(repeating: 0)
        var count = 0
        for byte in utf8 {
            head[count] = byte
            count += 1
            if count == 5 { break }
        }
        guard count >= 4, head[0].isASCIILowercase else { return nil }
        let hyphen = head[2] == UInt8(ascii: "-") ? 2 : head[3] == UInt8(ascii: "-") ? 3 : 0
        guard hyphen > 0, head[hyphen + 1].isASCIIUppercase else { return nil }
        var key: UInt32 = 0
        for k in 0..<hyphen { key = key << 8 | UInt32(head[k]) }
        return articles.contains(key) ? hyphen + 1 : nil
    }

    /// The articles' letters packed into an integer, first letter highest: "al", "el", "ad", "ed",
    /// "an", "ar", "as", "ash", "at", "az", "ul".
    private static let articles: Set<UInt32> = Set(["al", "el", "ad", "ed", "an", "ar", "as", "ash", "at", "az", "ul"].map { word in
        word.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    })
}
