import CopydeskCore
import Foundation

/// Name lists the entity tagger consults: places, given names, surnames, nationalities, organisation
/// words and names, and roles.
///
/// Phrases are matched on lowercased tokens, so case is left to the tagger's own features. The lists
/// live in `data/gazetteers/` (sources and licences at the top of each file) and are copied into the
/// model file when it is trained, so a running Copydesk reads one file.
public struct Gazetteer: Sendable {
    /// The kinds of list.
    public enum List: Int, CaseIterable, Sendable {
        case place, givenName, surname, nationality, organizationWord, organization, role
        /// Words the training text writes in lower case inside sentences: a capitalised one is
        /// less likely a name. Made by the trainer, not read from a file.
        case lowercaseWord
        /// A dictionary's lowercase words ("fish", "cheap"): common words, whatever their case here.
        case dictionaryWord
        /// A dictionary's capitalised entries ("Mozilla", "Fallujah"): known names of no given type.
        case properNoun

        /// The files in `data/gazetteers/` this list is read from (none: made by the trainer).
        public var fileNames: [String] {
            switch self {
            case .lowercaseWord: return []
            case .place: return ["places.txt", "wordnet-places.txt"]
            case .givenName: return ["given-names.txt"]
            case .surname: return ["surnames.txt"]
            case .nationality: return ["nationalities.txt"]
            case .organizationWord: return ["organizations.txt"]
            case .organization: return ["organizations.txt", "companies.txt", "wordnet-organizations.txt"]
            case .role: return ["roles.txt"]
            case .dictionaryWord: return ["words.txt"]
            case .properNoun: return ["proper-nouns.txt"]
            }
        }
    }

    /// A bit set of lists (bit `List.rawValue`).
    typealias ListSet = UInt16

    /// One word's hash → the lists it is in, plus ``continues`` when a longer phrase starts with it.
    private(set) var words: PhraseTable
    /// The same for phrases of two words or more, which are few (about 14,000 entries against
    /// 118,000 words; a 256 KB table against 2 MB): in a table of their own they stay in the
    /// processor's cache, where the look-ups that try to continue a phrase from a common word ("the",
    /// "new") missed in the big one.
    private(set) var phrases: PhraseTable

    /// The bit of an entry that says a longer phrase starts with it, so matching goes on.
    static let continues: ListSet = 1 << 15
    /// Tokens in the longest phrase.
    private(set) var longestPhrase: Int
    /// A word's hash, as written or else lowercased, → its Brown cluster (``WordClusters``).
    private(set) var clusters: PhraseTable
    /// The training text's most frequent words with their entries, kept where the processor's cache holds them.
    private(set) var commonWords: CommonWords

    /// An empty gazetteer.
    public init() {
        words = PhraseTable()
        phrases = PhraseTable()
        longestPhrase = 0
        clusters = PhraseTable()
        commonWords = CommonWords()
    }

    init(words: PhraseTable, phrases: PhraseTable, longestPhrase: Int, clusters: PhraseTable,
         commonForms: [(form: UInt64, lower: UInt64)] = []) {
        self.words = words
        self.phrases = phrases
        self.longestPhrase = longestPhrase
        self.clusters = clusters
        commonWords = CommonWords()
        keepCommonWords(commonForms)
    }

    /// Keeps these forms' entries at hand (``CommonWords``), as the tables hold them now.
    mutating func keepCommonWords(_ forms: [(form: UInt64, lower: UInt64)]) {
        let tables = self
        commonWords = CommonWords(forms: forms) { tables.tableEntry(form: $0, lower: $1) }
    }

    /// A word's cluster and one-word name-list entry, given its as-written and lowercase hashes.
    @inline(__always)
    func entry(form: UInt64, lower: UInt64) -> WordEntry {
        commonWords[form] ?? tableEntry(form: form, lower: lower)
    }

    /// The same, from the big tables alone.
    @inline(__always)
    private func tableEntry(form: UInt64, lower: UInt64) -> WordEntry {
        WordEntry(cluster: WordClusters.cluster(form: form, lower: lower, in: clusters),
                  lists: oneWordEntry(key: lower))
    }

    /// A word's entry in the one-word table (its lists and ``continues``), 0 for none, by its key
    /// (``FeatureHash/word(_:)``).
    @inline(__always)
    private func oneWordEntry(key: UInt64) -> UInt16 {
        words[FeatureHash.extend(0, with: key)] ?? 0
    }

    /// Number of distinct phrases.
    public var count: Int {
        (words.pairs + phrases.pairs).filter { $0.value & ~Self.continues != 0 }.count
    }

    /// Adds a phrase to a list. The common words' entries would be stale, so they are dropped
    /// (``keepCommonWords(_:)`` makes them again).
    public mutating func add(_ phrase: String, to list: List) {
        if !commonWords.forms.isEmpty { commonWords = CommonWords() }
        let scalars = Array(phrase.unicodeScalars)
        let tokens = Tokenizer.tokens(in: scalars, range: 0..<scalars.count)
        guard !tokens.isEmpty else { return }
        var hash: UInt64 = 0
        for (index, token) in tokens.enumerated() {
            if index == 1 { words.insert(hash, bits: Self.continues) }
            if index > 1 { phrases.insert(hash, bits: Self.continues) }
            hash = FeatureHash.extend(hash, with: FeatureHash.of(scalars[token.start..<token.end], lowercased: true))
        }
        if tokens.count == 1 {
            words.insert(hash, bits: 1 << ListSet(list.rawValue))
        } else {
            phrases.insert(hash, bits: 1 << ListSet(list.rawValue))
        }
        longestPhrase = max(longestPhrase, tokens.count)
    }

    /// Reads every list from a folder laid out like `data/gazetteers/`.
    public static func load(from folder: URL) throws -> Gazetteer {
        var gazetteer = Gazetteer()
        for list in List.allCases {
            for fileName in list.fileNames {
                let text = try String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8)
                for line in text.split(whereSeparator: \.isNewline) {
                    guard let first = line.first, first != "#" else { continue }
                    // organizations.txt holds both: "=Name" lines are names, the others name words.
                    let isWholeName = first == "="
                    switch (list, fileName) {
                    case (.organization, "organizations.txt"):
                        if isWholeName { gazetteer.add(String(line.dropFirst()), to: list) }
                    case (.organizationWord, _):
                        if !isWholeName { gazetteer.add(String(line), to: list) }
                    default:
                        gazetteer.add(String(line), to: list)
                    }
                }
            }
        }
        gazetteer.clusters = try WordClusters.load(from: folder.appendingPathComponent(WordClusters.fileName))
        return gazetteer
    }

    /// The lists one word is a phrase of, as a bit set, by the word's key (``FeatureHash/word(_:)``).
    private func lists(ofKey key: UInt64) -> ListSet {
        oneWordEntry(key: key) & ~Self.continues
    }

    /// Whether one word (any case) is a phrase of `list`.
    func contains(_ word: String, in list: List) -> Bool {
        contains(key: FeatureHash.word(word), in: list)
    }

    /// Whether the word with this key (``TokenizedText/wordKeys``) is a phrase of `list`.
    func contains(key: UInt64, in list: List) -> Bool {
        lists(ofKey: key) & (1 << ListSet(list.rawValue)) != 0
    }

    /// Whether the words with these keys (``TokenizedText/wordKeys``), together, are a phrase of
    /// `list`: "Tel Aviv", "West Bank".
    func contains(phrase keys: ArraySlice<UInt64>, in list: List) -> Bool {
        guard let first = keys.first else { return false }
        if keys.count == 1 { return contains(key: first, in: list) }
        let hash = keys.reduce(0) { FeatureHash.extend($0, with: $1) }
        return (phrases[hash] ?? 0) & (1 << ListSet(list.rawValue)) != 0
    }

    static let nameLists: ListSet = [List.place, .givenName, .surname, .nationality, .organization]
        .reduce(0) { $0 | 1 << ListSet($1.rawValue) }

    /// Whether a capitalised word reads as a name rather than a common word: the dictionary does not
    /// list it in lower case, or it is a given name ("Warren", "Rita"; not "Center" or "Street").
    /// The word is given by its key (``TokenizedText/wordKeys``).
    func readsAsName(key: UInt64) -> Bool {
        let lists = lists(ofKey: key)
        return lists & (1 << ListSet(List.dictionaryWord.rawValue)) == 0 || lists & (1 << ListSet(List.givenName.rawValue)) != 0
    }

    /// For each token, the lists of the phrases that start at it (low 16 bits) and that continue
    /// through it (high 16 bits). `tokens` are the tokens' lowercase hashes.
    func matches(_ tokens: [UInt64]) -> [UInt32] {
        matches(tokens, firstEntries: tokens.map(oneWordEntry))
    }

    /// The same, given each token's one-word entry (``WordEntry/lists``) already looked up.
    func matches(_ tokens: [UInt64], firstEntries: [UInt16]) -> [UInt32] {
        var marks = [UInt32](repeating: 0, count: tokens.count)
        guard words.count > 0 else { return marks }
        for start in tokens.indices {
            var hash = FeatureHash.extend(0, with: tokens[start])
            var end = start + 1
            var found: UInt16? = firstEntries[start] == 0 ? nil : firstEntries[start]
            while let entry = found {
                let lists = entry & ~Self.continues
                if lists != 0 {
                    marks[start] |= UInt32(lists)
                    var inside = start + 1
                    while inside < end { marks[inside] |= UInt32(lists) << 16; inside += 1 }
                }
                guard entry & Self.continues != 0, end < tokens.count, end - start < longestPhrase else { break }
                hash = FeatureHash.extend(hash, with: tokens[end])
                end += 1
                found = phrases[hash]
            }
        }
        return marks
    }
}
