import Foundation

/// Brown clusters of English words: words that occur in like contexts share a cluster, and clusters
/// form a binary tree, so a cluster's first bits name a coarser group ("Paris" and "London" share
/// one cluster, and "Texas" and "Iraq" share its first seven bits).
///
/// `data/gazetteers/word-clusters.txt` holds one word per line after its cluster, as spaCy's lookup
/// tables write it: the tree path as an integer whose lowest bit is the root's branch. Words are
/// matched as written, then lowercased; the table is kept in the model file with the name lists.
enum WordClusters {
    /// The file in the gazetteer folder.
    static let fileName = "word-clusters.txt"

    /// Reads a cluster file into a table from each word's as-written hash to its cluster's low 16
    /// bits (about one word in 300 has a longer path; its deepest branches are dropped).
    static func load(from file: URL) throws -> PhraseTable {
        let text = try String(contentsOf: file, encoding: .utf8)
        var table = PhraseTable(capacity: 200_000)
        for line in text.split(whereSeparator: \.isNewline) where line.first != "#" {
            guard let tab = line.firstIndex(of: "\t"), let path = UInt32(line[..<tab]), path != 0 else { continue }
            let word = line[line.index(after: tab)...]
            table.insert(FeatureHash.of(word.unicodeScalars), bits: UInt16(truncatingIfNeeded: path))
        }
        return table
    }

    /// The cluster of a word given its as-written and lowercase hashes: 0 when it has none. A word
    /// already in lower case is looked up once.
    @inline(__always)
    static func cluster(form: UInt64, lower: UInt64, in table: PhraseTable) -> UInt16 {
        table[form] ?? (form == lower ? nil : table[lower]) ?? 0
    }
}

