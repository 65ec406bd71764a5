import CopydeskCore

/// What dedup decides, and the thresholds it decides with.
public struct DedupSettings: Sendable, Equatable {
    /// Jaccard similarity of word 5-shingles at or above which two texts are near duplicates.
    public var jaccard: Double = 0.3
    /// Share of the shorter text's shingles in the longer at or above which it is a near duplicate
    /// (a trimmed copy, or a copy with a header or footer added).
    public var containment: Double = 0.5
    /// Whether duplicates are written marked (the default) or dropped.
    public var dropDuplicates = false

    /// How far a MinHash estimate must clear a threshold to decide alone, when the exact shingles of
    /// the earlier text are not at hand (an index written before they were kept): about three
    /// standard errors of a 48-lane estimate.
    static let estimateMargin = 0.2

    /// The defaults.
    public init() {}
}

/// The near-duplicate index: what it keeps of every document seen, in flat arrays, and a MinHash-LSH
/// table over the signatures (24 bands of 2 lanes, so pairs with a Jaccard similarity of 0.3 become
/// candidates 90% of the time and of 0.5 almost always). Candidates are verified on the whole
/// signature.
///
/// Under 300 bytes a document in memory at any size (25.8 MB per 100,000, measured by
/// bench/dedup_bench.py): the id (32), the signature at 12 bits a lane (72), the number-masked
/// signature at 4 bits a lane (24), the shingle count, part of the exact hash, the cluster root and
/// the verdict (14), the LSH table (24 slots of 4 bytes, 70–87.5% full: 110–137) and the id table (about 5).
/// Exact copies of an indexed text are not put in the LSH table: the text they copy answers for them.
///
/// A band value shared by ``maximumPerBand`` documents already is not indexed again: copy from one
/// template (results, markets, weather briefs) shares most bands, and without the cap every new
/// sibling would be compared with every earlier one, so a lookup would grow with the index (10,000
/// briefs took 19 s, 20,000 took 76 s). The first documents of each band value stay findable through
/// it, and a new one is still found through its other bands; each lookup verifies at most
/// `bands × maximumPerBand` candidates, however many near-identical documents the index holds.
package struct DedupIndex {
    /// One indexed document.
    package struct Entry: Equatable {
        var id: [UInt8]
        var sketch: TextSketch
        var verdict: DedupResult
    }

    /// More documents than an index can number.
    struct Full: Error, CustomStringConvertible {
        var description: String {
            "the dedup index holds at most \(OrdinalTable.maximumOrdinal + 1) documents; start a new state folder"
        }
    }

    static let bands = TextSketch.signatureLength / 2
    /// The most documents indexed under one band value.
    static let maximumPerBand = 32
    /// Bytes of a packed signature: two 12-bit lanes in three bytes.
    static let packedLength = bands * 3
    /// Bytes of a packed number-masked signature: two 4-bit lanes a byte.
    static let packedMaskedLength = TextSketch.maskedLength / 2

    private(set) var count = 0
    private var ids: [UInt8] = []
    private var signatures: [UInt8] = []
    private var maskedSignatures: [UInt8] = []
    private var shingleCounts: [UInt32] = []
    /// The top 32 bits of each exact hash: with an equal signature and shingle count, equal text.
    private var exactHashes: [UInt32] = []
    /// The ordinal of each document's cluster root (the earliest document of its group; itself when
    /// unique).
    private var roots: [Int32] = []
    /// Each verdict's status (top two bits: 0 unique, 1 duplicate, 2 near duplicate) and similarity
    /// in thousandths.
    private var verdicts: [UInt16] = []
    /// Signature bands to ordinals.
    private var bandTable = OrdinalTable()
    /// Whether the exact shingles of each document are kept here (when no store keeps them).
    private let keepsExactShingles: Bool
    /// The most bytes of exact shingles kept here: past it the oldest documents' are let go, and
    /// those documents are judged on their estimates.
    private let exactShingleBudget: Int
    /// Each document's exact shingles while kept (by ordinal), their bytes, and the oldest kept.
    private var exactKept: [ExactShingles?] = []
    private var exactKeptBytes = 0
    private var exactOldest = 0
    /// The first 8 bytes of each id to its ordinal.
    private var idTable = OrdinalTable()

    /// An index that keeps the exact shingles of its documents in memory when `keepsExactShingles`
    /// (without a store), or leaves them to the store, which is asked for them when needed.
    init(keepsExactShingles: Bool = true, exactShingleBudget: Int = DedupIndex.defaultExactShingleBudget) {
        self.keepsExactShingles = keepsExactShingles
        self.exactShingleBudget = exactShingleBudget
    }

    /// 256 MB: the latest 230,000 or so stories of 250 words.
    package static let defaultExactShingleBudget = 256 << 20

    /// The most candidates, best estimate first, checked on their exact shingles for one document.
    static let checkedCandidates = 4

    /// A match among the candidates.
    private enum Match {
        case exact(Int)
        case near(Int, similarity: Double)
    }

    /// The verdict for a document, or its earlier verdict when the same id was indexed before (a
    /// document processed again after a crash gets the answer it got the first time).
    /// `idBytes` is `id` as ``bytes(ofHexID:)`` gives it.
    /// `exactShingles` gives an earlier document's exact shingles by id when the index does not keep them.
    func check(id: String, idBytes: [UInt8], sketch: TextSketch, settings: DedupSettings,
               exactShingles: ([UInt8]) throws -> ExactShingles? = { _ in nil }) throws -> (verdict: DedupResult, isNew: Bool) {
        if let earlier = ordinal(ofID: idBytes) { return (storedVerdict(earlier), false) }
        switch try bestMatch(for: sketch, settings: settings, exactShingles: exactShingles) {
        case nil:
            return (DedupResult(status: .unique, cluster: id), true)
        case .exact(let match)?:
            let root = self.id(at: Int(roots[match]))
            return (DedupResult(status: .duplicate, of: root, similarity: 1, cluster: root), true)
        case .near(let match, let similarity)?:
            let root = self.id(at: Int(roots[match]))
            return (DedupResult(status: .nearDuplicate, of: root, similarity: similarity, cluster: root), true)
        }
    }

    /// Adds a document with its verdict.
    mutating func insert(_ entry: Entry) throws {
        guard count <= OrdinalTable.maximumOrdinal else { throw Full() }
        let ordinal = count
        count += 1
        ids.append(contentsOf: entry.id)
        Self.pack(entry.sketch.signature, into: &signatures)
        for pair in 0..<Self.packedMaskedLength {
            maskedSignatures.append(entry.sketch.maskedSignature[pair * 2] & 0x0F | entry.sketch.maskedSignature[pair * 2 + 1] << 4)
        }
        shingleCounts.append(entry.sketch.shingleCount)
        exactHashes.append(UInt32(truncatingIfNeeded: entry.sketch.exactHash >> 32))
        var root = Int32(ordinal)
        if entry.verdict.status != .unique, let of = entry.verdict.of, let earlier = self.ordinal(ofID: Self.bytes(ofHexID: of)) {
            root = roots[earlier]
        }
        roots.append(root)
        if keepsExactShingles {
            exactKept.append(entry.sketch.exact)
            exactKeptBytes += entry.sketch.exact?.byteCount ?? 0
            while exactKeptBytes > exactShingleBudget, exactOldest < exactKept.count {
                exactKeptBytes -= exactKept[exactOldest]?.byteCount ?? 0
                exactKept[exactOldest] = nil
                exactOldest += 1
            }
        }
        let status: UInt16 = entry.verdict.status == .unique ? 0 : entry.verdict.status == .duplicate ? 1 : 2
        let thousandths = UInt16((min(max(entry.verdict.similarity ?? 0, 0), 1) * 1000).rounded())
        verdicts.append(status << 14 | thousandths)

        let prefix = Self.prefix(entry.id)
        if self.ordinal(ofIDPrefix: prefix) == nil {
            if idTable.needsGrowth(adding: 1) { rebuildIDTable(before: ordinal) }
            idTable.insert(ordinal, key: Self.idKey(prefix))
        }
        if isInBandTable(ordinal) {
            if bandTable.needsGrowth(adding: Self.bands) { rebuildBandTable(before: ordinal) }
            Self.insertBands(of: ordinal, signatures: signatures, into: &bandTable)
        }
    }

    /// Bytes of the exact shingles kept in memory (none when a store keeps them).
    var exactBytes: Int { exactKeptBytes + exactKept.count * MemoryLayout<ExactShingles?>.stride }

    /// The exact shingles kept here for a document, if any.
    private func keptExactShingles(_ ordinal: Int) -> ExactShingles? {
        guard keepsExactShingles, ordinal < exactKept.count, let kept = exactKept[ordinal], !kept.plain.isEmpty else { return nil }
        return kept
    }

    /// Bytes of the arrays and tables, for the size figure in the docs and the benchmark.
    var approximateBytes: Int {
        ids.count + signatures.count + maskedSignatures.count + shingleCounts.count * 4 + exactHashes.count * 4
            + roots.count * 4 + verdicts.count * 2 + bandTable.byteCount + idTable.byteCount
    }

    // MARK: Candidates

    /// The best match: an exact copy if there is one; else, of the candidates the estimates leave in
    /// play, the most similar that passes on its exact shingles (or, without them, on an estimate that
    /// clears the threshold by ``DedupSettings/estimateMargin``).
    private func bestMatch(for sketch: TextSketch, settings: DedupSettings,
                           exactShingles: ([UInt8]) throws -> ExactShingles?) throws -> Match? {
        var query = [UInt8]()
        query.reserveCapacity(Self.packedLength)
        Self.pack(sketch.signature, into: &query)
        var exactCopy: Int? = nil
        var inPlay: [Estimate] = []
        var seen = SeenOrdinals()
        Self.withBandKeys(at: 0, in: query) { keys in
            bandTable.prefetch(keys)
            for band in 0..<Self.bands {
                bandTable.forEachOrdinal(possiblyUnder: keys[band]) { candidate in
                    guard Self.pair(band, of: signatures, at: candidate * Self.packedLength) == Self.pair(band, of: query, at: 0),
                          seen.insert(candidate) else { return true }
                    if isExactCopy(candidate, query: query, sketch: sketch) {
                        exactCopy = min(exactCopy ?? candidate, candidate)
                    } else if let estimate = estimate(candidate, query: query, sketch: sketch, settings: settings) {
                        inPlay.append(estimate)
                    }
                    return true
                }
                // An exact copy shares every band, so band 0 finds them all.
                if exactCopy != nil { return }
            }
        }
        if let exactCopy { return .exact(exactCopy) }
        inPlay.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.ordinal < $1.ordinal) }
        var best: Match? = nil
        var ours: ExactShingles.Sorted? = nil
        for candidate in inPlay.prefix(Self.checkedCandidates) {
            let similarity: Double?
            if candidate.jaccard >= settings.jaccard + DedupSettings.estimateMargin
                && maskedEstimate(sketch, query, candidate.ordinal).gained < Self.fewGainedLanes {
                // Far above the threshold, and numbers play no part: the estimate settles it.
                similarity = candidate.similarity
            } else if let exact = sketch.exact,
                      let theirs = try keptExactShingles(candidate.ordinal) ?? exactShingles(id(bytesAt: candidate.ordinal)) {
                if ours == nil { ours = exact.sorted }
                similarity = Self.exactSimilarity(ExactShingles.compare(ours!, theirs.sorted), settings: settings)
            } else {
                similarity = estimatedSimilarity(candidate, sketch: sketch, query: query, settings: settings)
            }
            if let similarity { best = Self.better(best, .near(candidate.ordinal, similarity: (similarity * 1000).rounded() / 1000)) }
        }
        return best
    }

    /// What the signatures say of a candidate that shares a band with the query.
    private struct Estimate {
        var ordinal: Int
        var jaccard: Double
        var containment: Double
        var similarity: Double { max(jaccard, containment) }
    }

    /// Whether the candidate is an exact copy: every lane, the shingle count and the exact hash's bits equal.
    private func isExactCopy(_ candidate: Int, query: [UInt8], sketch: TextSketch) -> Bool {
        shingleCounts[candidate] == sketch.shingleCount
            && exactHashes[candidate] == UInt32(truncatingIfNeeded: sketch.exactHash >> 32)
            && equalLanes(candidate, query: query) == TextSketch.signatureLength
    }

    /// The candidate's estimates, when they leave it in play: within the margin of a threshold or above.
    private func estimate(_ candidate: Int, query: [UInt8], sketch: TextSketch, settings: DedupSettings) -> Estimate? {
        let jaccard = Double(equalLanes(candidate, query: query)) / Double(TextSketch.signatureLength)
        let containment = TextSketch.containment(jaccard: jaccard, sketch.shingleCount, shingleCounts[candidate])
        let margin = DedupSettings.estimateMargin
        guard jaccard >= Self.leastJaccard,
              jaccard >= settings.jaccard - margin || containment >= settings.containment - margin else { return nil }
        return Estimate(ordinal: candidate, jaccard: jaccard, containment: containment)
    }

    /// The least Jaccard similarity of a near duplicate by containment: below it, a text shares only a
    /// paragraph or a standard line with the other.
    static let leastJaccard = 0.1

    /// The similarity of a candidate that passes on the exact comparison, or nil.
    static func exactSimilarity(_ comparison: ExactShingles.Comparison, settings: DedupSettings) -> Double? {
        let passes = comparison.jaccard >= settings.jaccard
            || (comparison.containment >= settings.containment && comparison.jaccard >= leastJaccard)
        guard passes, !isTemplateSibling(comparison) else { return nil }
        return max(comparison.jaccard, comparison.containment)
    }

    /// Two texts from one template (a results table, a market report, a scoreboard) share their
    /// wording and differ in their figures: with numbers masked they are mostly the same, masking gains
    /// a fifth of their shingles or more, and at least a quarter of their figures differ (two days of
    /// one table share some figures by chance: a 0-0, a vote of 6 to 1). An update of a story changes
    /// a few figures among many words, and a correction of a table a few of its figures: masking gains
    /// little, or most figures stay.
    static func isTemplateSibling(_ comparison: ExactShingles.Comparison) -> Bool {
        comparison.maskedJaccard >= 0.5 && comparison.maskedJaccard - comparison.jaccard >= 0.2 && comparison.changedFigures >= 0.25
    }

    /// The similarity of a candidate judged on its signature alone (its exact shingles are not at
    /// hand), or nil: the estimate must clear a threshold by the margin.
    private func estimatedSimilarity(_ candidate: Estimate, sketch: TextSketch, query: [UInt8], settings: DedupSettings) -> Double? {
        let margin = DedupSettings.estimateMargin
        guard candidate.jaccard >= settings.jaccard + margin
                || (candidate.containment >= settings.containment + margin && candidate.jaccard >= Self.leastJaccard),
              !isTemplateSibling(sketch, query, candidate.ordinal) else { return nil }
        return candidate.similarity
    }

    /// How many signature lanes of the candidate equal the packed query's.
    private func equalLanes(_ candidate: Int, query: [UInt8]) -> Int {
        let offset = candidate * Self.packedLength
        return (0..<Self.bands).reduce(0) { equal, band in
            let difference = Self.pair(band, of: query, at: 0) ^ Self.pair(band, of: signatures, at: offset)
            return equal + (difference & 0xFFF == 0 ? 1 : 0) + (difference >> 12 == 0 ? 1 : 0)
        }
    }

    /// The verdict for an agency's new version of the indexed document `previous`, whatever their
    /// texts share: a `near_duplicate` of `previous`'s cluster (an update), with the estimated
    /// similarity; an exact copy stays a `duplicate`. `normal` when `previous` is not indexed.
    func revisionVerdict(revising previous: String, sketch: TextSketch, normal: DedupResult) -> DedupResult {
        guard normal.status != .duplicate, let earlier = ordinal(ofID: Self.bytes(ofHexID: previous)) else { return normal }
        var query = [UInt8]()
        query.reserveCapacity(Self.packedLength)
        Self.pack(sketch.signature, into: &query)
        let jaccard = Double(equalLanes(earlier, query: query)) / Double(TextSketch.signatureLength)
        let containment = TextSketch.containment(jaccard: jaccard, sketch.shingleCount, shingleCounts[earlier])
        let root = id(at: Int(roots[earlier]))
        return DedupResult(status: .nearDuplicate, of: root, similarity: (max(jaccard, containment) * 1000).rounded() / 1000, cluster: root)
    }

    /// The better of two matches: an exact copy over a near one, then the higher similarity, then
    /// the earlier document.
    private static func better(_ current: Match?, _ new: Match) -> Match {
        switch (current, new) {
        case (nil, _): return new
        case (.exact(let a)?, .exact(let b)): return .exact(min(a, b))
        case (.exact?, .near): return current!
        case (.near?, .exact): return new
        case (.near(let a, let x)?, .near(let b, let y)): return y > x || (y == x && b < a) ? new : current!
        }
    }

    /// Two texts from one template (a results table, a market report) share their wording and differ
    /// in their figures: with numbers masked they are far more alike than as written. An update of a
    /// story changes a few figures and stays about as alike either way.
    private func isTemplateSibling(_ sketch: TextSketch, _ query: [UInt8], _ candidate: Int) -> Bool {
        let (maskedRate, gainedRate) = maskedEstimate(sketch, query, candidate)
        return maskedRate >= 0.6 && gainedRate >= 0.2
    }

    /// Below this share of lanes gained by masking numbers, numbers play no part in a likeness.
    static let fewGainedLanes = 0.1

    /// Estimates from the number-masked signature: the share of lanes equal with numbers masked, and
    /// the share equal only with numbers masked.
    private func maskedEstimate(_ sketch: TextSketch, _ query: [UInt8], _ candidate: Int) -> (masked: Double, gained: Double) {
        let length = TextSketch.maskedLength
        let maskedOffset = candidate * Self.packedMaskedLength
        let plainOffset = candidate * Self.packedLength
        // Lane by lane against the plain signature (paired estimates, so their difference is not noise):
        // lanes that match only once numbers are masked.
        var masked = 0, gained = 0, plain = 0
        for lane in 0..<length {
            let nibble = maskedSignatures[maskedOffset + lane / 2] >> (lane % 2 * 4) & 0x0F
            let maskedMatch = sketch.maskedSignature[lane] & 0x0F == nibble
            let shift = UInt32(lane % 2 * 12)
            let plainMatch = (Self.pair(lane / 2, of: query, at: 0) ^ Self.pair(lane / 2, of: signatures, at: plainOffset)) >> shift & 0xFFF == 0
            if maskedMatch { masked += 1 }
            if maskedMatch && !plainMatch { gained += 1 }
            if plainMatch { plain += 1 }
        }
        // Two different 4-bit values are equal one time in 16: the b-bit estimator (Li and König)
        // takes those chance matches out of both counts.
        let maskedRate = (Double(masked) / Double(length) - 1.0 / 16) * 16 / 15
        let gainedRate = (Double(gained) - Double(length - plain) / 16) * 16 / 15 / Double(length)
        return (maskedRate, gainedRate)
    }

    // MARK: Tables

    /// Whether a document's bands are in the LSH table: all but exact copies of an indexed text.
    private func isInBandTable(_ ordinal: Int) -> Bool {
        verdicts[ordinal] >> 14 != 1 || roots[ordinal] == Int32(ordinal)
    }

    /// Packs 16-bit lanes to their low 12 bits, two lanes in three bytes (a band's key is its three bytes).
    private static func pack(_ lanes: [UInt16], into bytes: inout [UInt8]) {
        for pair in 0..<(lanes.count / 2) {
            let value = UInt32(lanes[pair * 2] & 0xFFF) | UInt32(lanes[pair * 2 + 1] & 0xFFF) << 12
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        }
    }

    /// Band `band` of the packed signature at `offset`: its two 12-bit lanes, low lane first.
    @inline(__always)
    private static func pair(_ band: Int, of packed: [UInt8], at offset: Int) -> UInt32 {
        let start = offset + band * 3
        return UInt32(packed[start]) | UInt32(packed[start + 1]) << 8 | UInt32(packed[start + 2]) << 16
    }

    /// Calls `body` with the table keys of the bands of the packed signature at `offset` (static, so
    /// that `body` may change the index without copying it).
    private static func withBandKeys(at offset: Int, in packed: [UInt8], _ body: (UnsafeBufferPointer<UInt64>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: bands) { keys in
            for band in 0..<bands {
                keys[band] = TextSketch.finalize(UInt64(band) << 32 | UInt64(pair(band, of: packed, at: offset)))
            }
            body(UnsafeBufferPointer(keys))
        }
    }

    /// Puts `ordinal` under each of its band values that holds fewer than ``maximumPerBand`` documents.
    private static func insertBands(of ordinal: Int, signatures: [UInt8], into table: inout OrdinalTable) {
        let offset = ordinal * packedLength
        withBandKeys(at: offset, in: signatures) { keys in
            table.prefetch(keys)
            for band in 0..<bands {
                let value = pair(band, of: signatures, at: offset)
                var sharing = 0
                table.forEachOrdinal(possiblyUnder: keys[band]) { other in
                    if pair(band, of: signatures, at: other * packedLength) == value { sharing += 1 }
                    return sharing < maximumPerBand
                }
                if sharing < maximumPerBand { table.insert(ordinal, key: keys[band]) }
            }
        }
    }

    /// A bigger band table with the documents before `end`.
    private mutating func rebuildBandTable(before end: Int) {
        let indexed = (0..<end).filter(isInBandTable)
        var table = OrdinalTable(slotCount: bandTable.grownSlotCount(for: (indexed.count + 1) * Self.bands))
        for ordinal in indexed {
            Self.insertBands(of: ordinal, signatures: signatures, into: &table)
        }
        bandTable = table
    }

    /// A bigger id table with the documents before `end`.
    private mutating func rebuildIDTable(before end: Int) {
        var table = OrdinalTable(slotCount: idTable.grownSlotCount(for: idTable.count + 1))
        for candidate in 0..<end {
            let prefix = Self.prefix(ids[(candidate * 32)..<(candidate * 32 + 8)])
            if ordinal(ofIDPrefix: prefix) == candidate { table.insert(candidate, key: Self.idKey(prefix)) }
        }
        idTable = table
    }

    // MARK: Ids

    private func storedVerdict(_ ordinal: Int) -> DedupResult {
        let root = Int(roots[ordinal])
        let cluster = id(at: root)
        let status = verdicts[ordinal] >> 14
        guard status != 0 else { return DedupResult(status: .unique, cluster: cluster) }
        return DedupResult(status: status == 1 ? .duplicate : .nearDuplicate,
                           of: root != ordinal ? cluster : nil,
                           similarity: Double(verdicts[ordinal] & 0x3FFF) / 1000, cluster: cluster)
    }

    private func id(at ordinal: Int) -> String {
        SHA256.hex(ids[(ordinal * 32)..<(ordinal * 32 + 32)])
    }

    private func id(bytesAt ordinal: Int) -> [UInt8] {
        Array(ids[(ordinal * 32)..<(ordinal * 32 + 32)])
    }

    private func ordinal(ofID id: [UInt8]) -> Int? {
        guard let ordinal = ordinal(ofIDPrefix: Self.prefix(id)),
              ids[(ordinal * 32)..<(ordinal * 32 + 32)].elementsEqual(id) else { return nil }
        return ordinal
    }

    /// The first document whose id starts with `prefix`.
    private func ordinal(ofIDPrefix prefix: UInt64) -> Int? {
        var found: Int? = nil
        idTable.forEachOrdinal(possiblyUnder: Self.idKey(prefix)) { candidate in
            guard Self.prefix(ids[(candidate * 32)..<(candidate * 32 + 8)]) == prefix else { return true }
            found = candidate
            return false
        }
        return found
    }

    private static func prefix<Bytes: Collection>(_ id: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        id.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Ids are SHA-256 digests, but a table key must be well mixed whatever it is given.
    private static func idKey(_ prefix: UInt64) -> UInt64 { TextSketch.finalize(prefix) }

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

/// The candidates already verified for one query: a short list, then a set once there are many.
private struct SeenOrdinals {
    private var few: [Int] = []
    private var many: Set<Int>? = nil

    /// Adds `ordinal`; false when it was already there.
    mutating func insert(_ ordinal: Int) -> Bool {
        if many != nil { return many!.insert(ordinal).inserted }
        if few.contains(ordinal) { return false }
        few.append(ordinal)
        if few.count > 32 { many = Set(few) }
        return true
    }
}
