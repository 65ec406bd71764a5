/// Words that take a full stop without ending a sentence.
enum Abbreviations {
    /// Titles and ranks: always followed by a name, so never the end of a sentence.
    static let titles: WordSet = [
        "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "brig", "capt", "cmdr", "adm",
        "sgt", "cpl", "pvt", "sen", "rep", "gov", "pres", "amb", "hon", "rev", "fr", "sr", "sra", "st", "mt",
        "ft", "supt", "insp", "det", "gens", "sens", "reps", "atty", "asst", "assoc", "msgr",
    ]

    /// Abbreviations that can also end a sentence ("… Apple Inc. The company …").
    static let others: WordSet = [
        "inc", "corp", "ltd", "co", "jr", "bros", "plc", "llc", "etc", "vs", "v", "approx", "dept", "est",
        "fig", "figs", "no", "nos", "vol", "vols", "pp", "p", "ed", "eds", "al", "cf", "ca", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
        "thur", "thurs", "fri", "sat", "sun", "ave", "blvd", "rd", "hwy", "sq", "ariz", "ark", "calif", "colo",
        "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo",
        "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "mln", "bln",
        "min", "max", "govt", "intl", "natl", "univ",
    ]

    /// Capitalised words that usually start a sentence: after "U.S." or "Inc.", they mean a new one began.
    static let sentenceStarters: WordSet = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our",
        "this", "that", "these", "those", "there", "but", "and", "or", "so", "yet", "in", "on", "at", "for",
        "as", "after", "before", "when", "while", "if", "since", "although", "though", "however", "meanwhile",
        "earlier", "later", "also", "still", "some", "many", "most", "both", "all", "no", "not", "what", "who",
        "why", "how", "where", "one", "two", "three", "last", "officials", "according", "during", "despite",
        "under", "with", "without", "from", "by", "to",
    ]

    /// Whether `word` (without its full stop) is a known abbreviation.
    static func contains(_ word: String) -> Bool {
        let key = word.lowercased()
        return titles.contains(key) || others.contains(key)
    }
}
