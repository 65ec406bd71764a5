import Foundation

/// A trained entity tagger: linear weights over hashed features (``EntityTrainer``), and the gazetteer it
/// was trained with, stored together in one file.
///
/// File layout (little-endian): the 8-byte magic `CDNER005`, bucket bits (UInt32), label count
/// (UInt32), the gazetteer's one-word entry count (UInt32), its longer-phrase entry count (UInt32),
/// longest phrase (UInt32), its word-cluster count (UInt32), its common-word count (UInt32), then
/// each entry, one-word ones first, then phrases, then clusters, as a UInt64 hash and a UInt16
/// value, then each common word (``CommonWords``) as two UInt64 hashes, as written and lowercase,
/// then `2^bits × labels` weights as Float16.
public struct EntityModel: Sendable {
    static let magic = Array("CDNER005".utf8)

    /// log2 of the number of weight rows.
    public let bucketBits: Int
    /// Row-major weights: row `r` holds one weight per label. A model read from a file keeps only
    /// their half-precision bit patterns, and widens them here when asked (training and writing do).
    var weights: [Float] {
        switch stored {
        case .float(let weights): return weights
        case .half(let bits): return bits.map { Float(Float16(bitPattern: $0)) }
        }
    }
    private let stored: StoredWeights
    /// The lists the features consult.
    public let gazetteer: Gazetteer

    /// The weights as 16-bit integers (``weights`` times ``scale``, rounded): half the memory, so
    /// more of the table stays in the processor's caches while tagging.
    let quantized: [Int16]
    /// What the integer weights are multiplied by.
    let scale: Float

    /// The weights as the trainer made them, or as a file holds them.
    private enum StoredWeights {
        case float([Float])
        case half([UInt16])
    }

    init(bucketBits: Int, weights: [Float], gazetteer: Gazetteer) {
        self.bucketBits = bucketBits
        stored = .float(weights)
        self.gazetteer = gazetteer
        let largest = weights.reduce(0) { max($0, abs($1)) }
        scale = largest > 0 ? 32_000 / largest : 1
        quantized = weights.map { [scale] in Int16(($0 * scale).rounded()) }
    }

    /// A model over half-precision weights as read from a file. Their integer form comes from a
    /// table of every half value's (65,536 conversions), not from widening each of the million or so
    /// weights: the same integers, in a fraction of the start-up time.
    init(bucketBits: Int, halfWeights bits: [UInt16], gazetteer: Gazetteer) {
        self.bucketBits = bucketBits
        stored = .half(bits)
        self.gazetteer = gazetteer
        // For finite halves, magnitude orders as the bit pattern without its sign bit.
        let largestBits = bits.reduce(UInt16(0)) { largest, bits in
            let magnitude = bits & 0x7FFF
            return magnitude < 0x7C00 ? max(largest, magnitude) : largest
        }
        let largest = Float(Float16(bitPattern: largestBits))
        let scale: Float = largest > 0 ? 32_000 / largest : 1
        self.scale = scale
        let table = (0...UInt16.max).map { bits -> Int16 in
            let magnitude = bits & 0x7FFF
            guard magnitude <= largestBits else { return 0 }   // infinities and NaN never occur in a written model
            return Int16((Float(Float16(bitPattern: bits)) * scale).rounded())
        }
        quantized = table.withUnsafeBufferPointer { table in bits.map { table[Int($0)] } }
    }

    /// Why a model file cannot be read.
    public struct FormatError: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// Reads a model file.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        var reader = ByteReader(data: data)
        let magic = reader.bytes(8)
        guard magic == Self.magic else {
            let older = magic.starts(with: Array("CDNER".utf8))
            throw FormatError(description: older
                ? "\(url.path) is an entity model of an older Copydesk: run scripts/train-entities"
                : "\(url.path) is not a Copydesk entity model (bad magic)")
        }
        let bits = Int(try reader.uint32()), labels = Int(try reader.uint32())
        guard (10...24).contains(bits), labels == EntityLabel.allCases.count else {
            throw FormatError(description: "\(url.path): unsupported model shape (\(bits) bits, \(labels) labels)")
        }
        let wordCount = Int(try reader.uint32()), phraseCount = Int(try reader.uint32())
        let longest = Int(try reader.uint32()), clusterCount = Int(try reader.uint32())
        let commonCount = Int(try reader.uint32())
        func table(of count: Int) throws -> PhraseTable {
            guard reader.remaining >= count * 10 else { throw FormatError(description: "\(url.path): truncated gazetteer") }
            var table = PhraseTable(capacity: count)
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress!.advanced(by: reader.offset)
                for i in 0..<count {
                    let key = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 10 * i, as: UInt64.self))
                    let lists = UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 10 * i + 8, as: UInt16.self))
                    table.insert(key, bits: lists)
                }
            }
            reader.offset += count * 10
            return table
        }
        let words = try table(of: wordCount), phrases = try table(of: phraseCount)
        let clusters = try table(of: clusterCount)
        guard reader.remaining >= commonCount * 16 else { throw FormatError(description: "\(url.path): truncated common words") }
        let commonForms = data.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: reader.offset)
            return (0..<commonCount).map { i in
                (form: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self)),
                 lower: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self)))
            }
        }
        reader.offset += commonCount * 16
        let count = (1 << bits) * labels
        guard reader.remaining == count * 2 else {
            throw FormatError(description: "\(url.path): truncated or oversized weights")
        }
        let halves = data.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: reader.offset)
            return (0..<count).map { i in
                UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            }
        }
        self.init(bucketBits: bits, halfWeights: halves,
                  gazetteer: Gazetteer(words: words, phrases: phrases, longestPhrase: longest, clusters: clusters,
                                       commonForms: commonForms))
    }

    /// Writes the model file.
    public func write(to url: URL) throws {
        var out = Data()
        out.append(contentsOf: Self.magic)
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        u32(bucketBits)
        u32(EntityLabel.allCases.count)
        u32(gazetteer.words.count)
        u32(gazetteer.phrases.count)
        u32(gazetteer.longestPhrase)
        u32(gazetteer.clusters.count)
        u32(gazetteer.commonWords.forms.count)
        for table in [gazetteer.words, gazetteer.phrases, gazetteer.clusters] {
            for (key, lists) in table.pairs.sorted(by: { $0.key < $1.key }) {
                withUnsafeBytes(of: key.littleEndian) { out.append(contentsOf: $0) }
                withUnsafeBytes(of: lists.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        for (form, lower) in gazetteer.commonWords.forms {
            withUnsafeBytes(of: form.littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: lower.littleEndian) { out.append(contentsOf: $0) }
        }
        out.reserveCapacity(out.count + weights.count * 2)
        for w in weights {
            withUnsafeBytes(of: Float16(w).bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        try out.write(to: url, options: .atomic)
    }
}

/// Reads little-endian numbers from a model file.
private struct ByteReader {
    let data: Data
    var offset = 0

    var remaining: Int { data.count - offset }

    mutating func bytes(_ n: Int) -> [UInt8] {
        guard remaining >= n else { return [] }
        defer { offset += n }
        return Array(data[data.startIndex + offset ..< data.startIndex + offset + n])
    }

    mutating func uint8() throws -> UInt8 {
        guard remaining >= 1 else { throw EntityModel.FormatError(description: "model file truncated") }
        defer { offset += 1 }
        return data[data.startIndex + offset]
    }

    mutating func uint32() throws -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(try uint8()) << (8 * i) }
        return v
    }
}
