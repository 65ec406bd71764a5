import CopydeskCore

/// What dedup decides, and the thresholds it decides with.
public struct DedupSettings: Sendable, Equatable {
    /// Estimated Jaccard similarity of word 5-shingles at or above which two texts are near duplicates.
    public var jaccard: Double = 0.5
    /// Estimated containment of the shorter text in the longer at or above which it is a near
    /// duplicate (a trimmed copy, or a copy with a header or footer added).
    public var containment: Double = 0.7
    /// Whether duplicates are written marked (the default) or dropped.
    public var dropDuplicates = false

    /// The defaults.
    public init() {}
}

/// The near-duplicate index: signatures of every document seen, in arrays, and a MinHash-LSH table
/// over them (24 bands of 2 hashes, so pairs with a Jaccard similarity of 0.3 become candidates 90%
/// of the time and of 0.5 almost always). Candidates are verified on the whole signature.
///
/// About 380 bytes per document in memory (38 MB per 100,000, measured by bench/dedup_bench.py): the
/// signature (96), the masked signature (48), the LSH table at 53–80% load (120–180), the id (32),
/// the verdict (13) and the hash maps from exact hash and id prefix.
struct DedupIndex {
    /// One indexed document.
    struct Entry: Equatable {
        var id: [UInt8]
        var sketch: TextSketch
        var verdict: DedupResult
    }

    static let bands = TextSketch.signatureLength / 2

    private(set) var count = 0
    private var ids: [UInt8] = []
    private var signatures: [UInt16] = []
    private var shingleCounts: [UInt32] = []
    private var maskedSignatures: [UInt8] = []
    /// The ordinal of each document's cluster root (the earliest document of its group).
    private var roots: [Int32] = []
    /// Each document's verdict, compactly: status, the ordinal it repeats (-1 for none), similarity.
    private var statuses: [UInt8] = []
    private var repeats: [Int32] = []
    private var similarities: [Float] = []
    private var byExactHash: [UInt64: Int32] = [:]
    /// The first 8 bytes of each id (unique in practice: SHA-256 prefixes collide after about 4
    /// billion documents; a colliding document would only lose crash-replay detection).
    private var byIDPrefix: [UInt64: Int32] = [:]
    /// Open addressing: ordinal + 1, or 0 for empty.
    private var table = [UInt32](repeating: 0, count: 1024)
    private var tableEntries = 0

    /// The verdict for a document, or its earlier verdict when the same id was indexed before (a
    /// document processed again after a crash gets the answer it got the first time).
    mutating func check(id: String, sketch: TextSketch, settings: DedupSettings) -> (verdict: DedupResult, isNew: Bool) {
        let idBytes = Self.bytes(ofHexID: id)
        if let earlier = ordinal(ofID: idBytes) { return (storedVerdict(earlier), false) }
        var verdict = DedupResult(status: .unique, cluster: id)
        if let exact = byExactHash[sketch.exactHash] {
            let root = Int(roots[Int(exact)])
            verdict = DedupResult(status: .duplicate, of: self.id(at: root), similarity: 1, cluster: self.id(at: root))
        } else if let (match, similarity) = bestCandidate(for: sketch, settings: settings) {
            let root = Int(roots[match])
            verdict = DedupResult(status: .nearDuplicate, of: self.id(at: root), similarity: similarity, cluster: self.id(at: root))
        }
        return (verdict, true)
    }

    /// Adds a document with its verdict.
    mutating func insert(_ entry: Entry) {
        let ordinal = Int32(count)
        count += 1
        ids.append(contentsOf: entry.id)
        signatures.append(contentsOf: entry.sketch.signature)
        shingleCounts.append(entry.sketch.shingleCount)
        maskedSignatures.append(contentsOf: entry.sketch.maskedSignature)
        var root = ordinal
        var repeated: Int32 = -1
        if entry.verdict.status != .unique, let of = entry.verdict.of, let earlier = self.ordinal(ofID: Self.bytes(ofHexID: of)) {
            root = roots[earlier]
            repeated = Int32(earlier)
        }
        roots.append(root)
        statuses.append(entry.verdict.status == .unique ? 0 : entry.verdict.status == .duplicate ? 1 : 2)
        repeats.append(repeated)
        similarities.append(Float(entry.verdict.similarity ?? 0))
        if byExactHash[entry.sketch.exactHash] == nil { byExactHash[entry.sketch.exactHash] = ordinal }
        if byIDPrefix[Self.prefix(entry.id)] == nil { byIDPrefix[Self.prefix(entry.id)] = ordinal }
        if (tableEntries + Self.bands) * 5 > table.count * 4 { grow() }
        for band in 0..<Self.bands { place(ordinal: Int(ordinal), band: band) }
    }

    /// Bytes of the arrays and tables, for the size figure in the docs and the benchmark.
    var approximateBytes: Int {
        ids.count + signatures.count * 2 + shingleCounts.count * 4 + maskedSignatures.count
            + roots.count * 4 + statuses.count + repeats.count * 4 + similarities.count * 4 + table.count * 4
            + (byExactHash.capacity + byIDPrefix.capacity) * 13
    }

    // MARK: Candidates

    private func bestCandidate(for sketch: TextSketch, settings: DedupSettings) -> (Int, Double)? {
        var best: (Int, Double)? = nil
        var seen = Set<Int>()
        let query = sketch.signature[...]
        for band in 0..<Self.bands {
            let key = Self.key(band: band, sketch.signature[band * 2], sketch.signature[band * 2 + 1])
            var slot = slot(of: key)
            while table[slot] != 0 {
                let candidate = Int(table[slot] - 1)
                slot = slot + 1 == table.count ? 0 : slot + 1
                let offset = candidate * TextSketch.signatureLength
                guard signatures[offset + band * 2] == sketch.signature[band * 2],
                      signatures[offset + band * 2 + 1] == sketch.signature[band * 2 + 1],
                      seen.insert(candidate).inserted else { continue }
                let other = signatures[offset..<(offset + TextSketch.signatureLength)]
                let jaccard = TextSketch.jaccard(query, other)
                let containment = TextSketch.containment(jaccard: jaccard, sketch.shingleCount, shingleCounts[candidate])
                guard jaccard >= settings.jaccard || (containment >= settings.containment && jaccard >= 0.1) else { continue }
                guard !isTemplateSibling(sketch, candidate, jaccard: jaccard) else { continue }
                let similarity = max(jaccard, containment)
                if best == nil || similarity > best!.1 || (similarity == best!.1 && candidate < best!.0) {
                    best = (candidate, (similarity * 1000).rounded() / 1000)
                }
            }
        }
        return best
    }

    /// Two texts from one template (a results table, a market report) share their wording and differ
    /// in their figures: with numbers masked they are far more alike than as written. An update of a
    /// story changes a few figures and stays about as alike either way.
    private func isTemplateSibling(_ sketch: TextSketch, _ candidate: Int, jaccard: Double) -> Bool {
        let length = TextSketch.maskedLength
        let otherMasked = maskedSignatures[(candidate * length)..<(candidate * length + length)]
        let otherPlain = signatures[(candidate * TextSketch.signatureLength)...]
        // Lane by lane against the plain signature (paired estimates, so their difference is not noise):
        // lanes that match only once numbers are masked.
        var masked = 0, gained = 0
        for lane in 0..<length {
            let maskedMatch = sketch.maskedSignature[lane] == otherMasked[otherMasked.startIndex + lane]
            let plainMatch = sketch.signature[lane] == otherPlain[otherPlain.startIndex + lane]
            if maskedMatch { masked += 1 }
            if maskedMatch && !plainMatch { gained += 1 }
        }
        return Double(masked) >= 0.6 * Double(length) && Double(gained) >= 0.2 * Double(length)
    }

    // MARK: Table

    private static func key(band: Int, _ first: UInt16, _ second: UInt16) -> UInt64 {
        TextSketch.finalize(UInt64(band) << 32 | UInt64(first) << 16 | UInt64(second))
    }

    /// The home slot of a key (multiply-shift range reduction: any table size works).
    private func slot(of key: UInt64) -> Int {
        Int(((key >> 32) &* UInt64(table.count)) >> 32)
    }

    private mutating func place(ordinal: Int, band: Int) {
        let offset = ordinal * TextSketch.signatureLength
        let key = Self.key(band: band, signatures[offset + band * 2], signatures[offset + band * 2 + 1])
        var slot = slot(of: key)
        while table[slot] != 0 { slot = slot + 1 == table.count ? 0 : slot + 1 }
        table[slot] = UInt32(ordinal + 1)
        tableEntries += 1
    }

    private mutating func grow() {
        // By half, not doubling: the table stays between 53% and 80% full.
        table = [UInt32](repeating: 0, count: table.count * 3 / 2)
        tableEntries = 0
        for ordinal in 0..<count - 1 {
            for band in 0..<Self.bands { place(ordinal: ordinal, band: band) }
        }
    }

    // MARK: Ids

    private func storedVerdict(_ ordinal: Int) -> DedupResult {
        let cluster = id(at: Int(roots[ordinal]))
        switch statuses[ordinal] {
        case 0: return DedupResult(status: .unique, cluster: cluster)
        default:
            let similarity = (Double(similarities[ordinal]) * 1000).rounded() / 1000
            return DedupResult(status: statuses[ordinal] == 1 ? .duplicate : .nearDuplicate,
                               of: repeats[ordinal] >= 0 ? id(at: Int(roots[Int(repeats[ordinal])])) : nil,
                               similarity: similarity, cluster: cluster)
        }
    }

    private func id(at ordinal: Int) -> String {
        SHA256.hex(ids[(ordinal * 32)..<(ordinal * 32 + 32)])
    }

    private func ordinal(ofID id: [UInt8]) -> Int? {
        guard let ordinal = byIDPrefix[Self.prefix(id)].map(Int.init),
              ids[(ordinal * 32)..<(ordinal * 32 + 32)].elementsEqual(id) else { return nil }
        return ordinal
    }

    private static func prefix(_ id: [UInt8]) -> UInt64 {
        id.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A document id (64 hex digits, the SHA-256 of the input) as 32 bytes. Anything else is hashed
    /// to 32 bytes first, so it still has a slot, though `of` then cannot name it.
    static func bytes(ofHexID id: String) -> [UInt8] {
        let utf8 = Array(id.utf8)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        if utf8.count == 64 {
            var bytes = [UInt8]()
            bytes.reserveCapacity(32)
            var index = 0
            while index < 64, let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) {
                bytes.append(high << 4 | low)
                index += 2
            }
            if bytes.count == 32 { return bytes }
        }
        return bytes(ofHexID: SHA256.hexDigest(of: utf8))
    }
}
