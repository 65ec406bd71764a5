import CopydeskCore
import Foundation

/// One dedup index entry as a database row stores it, the same in SQLite and PostgreSQL: the id's
/// 32 bytes, the exact hash as a signed 64-bit integer, the signature's lanes as big-endian pairs of
/// bytes, the number-masked signature a byte a lane, and the verdict's fields.
package struct DedupRow {
    package var id: Data
    package var exactHash: Int64
    package var shingles: Int64
    package var signature: Data
    package var masked: Data
    package var status: String
    package var of: String?
    package var similarity: Double?
    package var cluster: String?
    /// The exact shingles (``ExactShingles/bytes``), nil for an entry stored without them.
    package var exact: Data?

    /// A row read from a database.
    package init(id: Data, exactHash: Int64, shingles: Int64, signature: Data, masked: Data, status: String,
                 of: String?, similarity: Double?, cluster: String?) {
        (self.id, self.exactHash, self.shingles, self.signature, self.masked) = (id, exactHash, shingles, signature, masked)
        (self.status, self.of, self.similarity, self.cluster) = (status, of, similarity, cluster)
        exact = nil
    }

    /// The row for an entry.
    package init(_ entry: DedupIndex.Entry) {
        var signature = Data(capacity: entry.sketch.signature.count * 2)
        for word in entry.sketch.signature { signature.append(UInt8(word >> 8)); signature.append(UInt8(word & 0xFF)) }
        self.init(id: Data(entry.id), exactHash: Int64(bitPattern: entry.sketch.exactHash), shingles: Int64(entry.sketch.shingleCount),
                  signature: signature, masked: Data(entry.sketch.maskedSignature), status: entry.verdict.status.rawValue,
                  of: entry.verdict.of, similarity: entry.verdict.similarity, cluster: entry.verdict.cluster)
        exact = entry.sketch.exact.map { Data($0.bytes) }
    }

    /// The entry this row holds.
    package var entry: DedupIndex.Entry {
        let bytes = [UInt8](signature)
        let words = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        let sketch = TextSketch(exactHash: UInt64(bitPattern: exactHash), signature: words,
                                shingleCount: UInt32(truncatingIfNeeded: shingles), maskedSignature: [UInt8](masked))
        let verdict = DedupResult(status: DedupResult.Status(rawValue: status) ?? .unique, of: of, similarity: similarity, cluster: cluster)
        return DedupIndex.Entry(id: [UInt8](id), sketch: sketch, verdict: verdict)
    }
}
