/// A header block of RFC 5322 fields, unfolded, names lowercase, values as raw bytes.
struct MIMEHeaders: Sendable {
    var fields: [(name: String, value: [UInt8])] = []

    /// The first field named `name` (lowercase), its encoded words decoded.
    func text(_ name: String) -> String? {
        fields.first { $0.name == name }.map { EncodedWords.decode($0.value) }
    }

    /// The first field named `name`, as raw ASCII (for structured fields: types, dispositions, dates).
    func raw(_ name: String) -> String? {
        fields.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self).trimmingSpaces() }
    }

    /// Parses a header block starting at `start`. Returns the headers and where the body starts, or
    /// `nil` when a line is neither a field nor a continuation (the bytes are not a header block).
    static func parse(_ bytes: [UInt8], from start: Int = 0, limit: Int = 262_144) -> (MIMEHeaders, Int)? {
        var headers = MIMEHeaders()
        var index = start
        let end = min(bytes.count, start + limit)
        while index < end {
            var lineEnd = index
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            let next = min(lineEnd + 1, bytes.count)
            if line.isEmpty { return (headers, next) }
            if line.first == 0x20 || line.first == 0x09 {
                // A folded continuation of the previous field.
                guard !headers.fields.isEmpty else { return nil }
                headers.fields[headers.fields.count - 1].value += [0x20] + line.drop { $0 == 0x20 || $0 == 0x09 }
            } else {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      line[line.startIndex..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
                let value = Array(line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 })
                headers.fields.append((name, value))
            }
            index = next
        }
        // The whole file is a header block: a message without a body.
        return index >= bytes.count ? (headers, bytes.count) : nil
    }
}

/// A media type with its parameters: `text/plain; charset=utf-8`, RFC 2231's `filename*=` included.
struct MediaType: Sendable, Equatable {
    var type: String
    var subtype: String
    var parameters: [String: String]

    var full: String { "\(type)/\(subtype)" }

    /// Parses a Content-Type (or Content-Disposition, whose "type" is `attachment`/`inline`).
    static func parse(_ raw: String?, default defaultType: String = "text/plain") -> MediaType {
        let raw = raw ?? defaultType
        var segments = StructuredValue.split(raw)
        let kind = (segments.isEmpty ? defaultType : segments.removeFirst()).lowercased().trimmingSpaces()
        let pieces = kind.split(separator: "/", maxSplits: 1).map { $0.trimmingSpaces() }
        var parameters: [String: String] = [:]
        var continued: [String: [(Int, String, Bool)]] = [:]
        for segment in segments {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            var name = segment[..<equals].trimmingSpaces().lowercased()
            var value = segment[segment.index(after: equals)...].trimmingSpaces()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            let extended = name.hasSuffix("*")
            if extended { name.removeLast() }
            // RFC 2231 continuations: name*0, name*1*, …
            if let star = name.lastIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                continued[String(name[..<star]), default: []].append((number, value, extended))
                continue
            }
            parameters[name] = extended ? StructuredValue.decodeExtended(value, first: true) : value
        }
        for (name, parts) in continued {
            let ordered = parts.sorted { $0.0 < $1.0 }
            parameters[name] = ordered.enumerated().map { offset, part in
                part.2 ? StructuredValue.decodeExtended(part.1, first: offset == 0) : part.1
            }.joined()
        }
        let type = pieces.first.map { $0.isEmpty ? "text" : $0 } ?? "text"
        let subtype = pieces.count > 1 ? pieces[1] : (type == "text" ? "plain" : "octet-stream")
        // A parameter value may hold encoded words though the RFCs say not to (many mailers do).
        for (name, value) in parameters where value.contains("=?") { parameters[name] = EncodedWords.decode(Array(value.utf8)) }
        return MediaType(type: type, subtype: subtype, parameters: parameters)
    }
}

/// Structured header values: split at semicolons outside quotes; RFC 2231's `charset'lang'%XX`.
enum StructuredValue {
    static func split(_ raw: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in raw {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && quoted { current.append(character); escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// `utf-8''Bericht%20%C3%BCber.xml` → "Bericht über.xml"; later continuations have no charset.
    static func decodeExtended(_ value: String, first: Bool) -> String {
        var charset = "utf-8"
        var encoded = Substring(value)
        if first {
            let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3 {
                if !parts[0].isEmpty { charset = String(parts[0]) }
                encoded = parts[2]
            }
        }
        var bytes: [UInt8] = []
        var index = encoded.utf8.startIndex
        let utf8 = encoded.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), high < utf8.endIndex,
               let low = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), low < utf8.endIndex,
               let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return MIMECharset.decode(bytes, charset: charset)
    }
}

/// One MIME entity: its headers, its body as sent (transfer-encoded), and for a multipart its parts.
struct MIMEEntity: Sendable {
    var headers: MIMEHeaders
    var body: ArraySlice<UInt8>
    var contentType: MediaType
    var parts: [MIMEEntity] = []

    /// How deep multiparts may nest, and how many parts a message may have in all.
    static let maximumDepth = 20
    static let maximumParts = 1_000

    /// The entity's body with its transfer encoding (base64, quoted-printable) undone.
    var decodedBody: [UInt8] {
        let encoding = (headers.raw("content-transfer-encoding") ?? "7bit").lowercased()
        if encoding.contains("base64") { return Base64.decode(Array(body)) ?? [] }
        if encoding.contains("quoted-printable") { return QuotedPrintable.decode(body) }
        return Array(body)
    }

    /// The body decoded to text with the charset its Content-Type names.
    var text: String { MIMECharset.decode(decodedBody, charset: contentType.parameters["charset"]) }

    /// `attachment` or `inline` (lowercase), if the entity says.
    var disposition: MediaType? {
        headers.raw("content-disposition").map { MediaType.parse($0, default: "inline") }
    }

    /// The file name from Content-Disposition's `filename` or Content-Type's `name`.
    var fileName: String? {
        let name = disposition?.parameters["filename"] ?? contentType.parameters["name"]
        return name.map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Parses an entity whose header block starts at `start`; its parts, when it is a multipart.
    static func parse(_ bytes: [UInt8], headers: MIMEHeaders, bodyStart: Int, end: Int, depth: Int, budget: inout Int) -> MIMEEntity {
        let type = MediaType.parse(headers.raw("content-type"))
        var entity = MIMEEntity(headers: headers, body: bytes[bodyStart..<end], contentType: type)
        guard type.type == "multipart", let boundary = type.parameters["boundary"], !boundary.isEmpty,
              depth < maximumDepth else { return entity }
        for range in partRanges(bytes, from: bodyStart, to: end, boundary: Array(boundary.utf8)) {
            guard budget > 0 else { break }
            budget -= 1
            guard let (partHeaders, partBody) = MIMEHeaders.parse(bytes, from: range.lowerBound) ?? emptyHeaders(bytes, range) else { continue }
            let bodyStart = min(partBody, range.upperBound)
            entity.parts.append(parse(bytes, headers: partHeaders, bodyStart: bodyStart, end: range.upperBound, depth: depth + 1, budget: &budget))
        }
        return entity
    }

    /// A part that starts with a blank line has no headers.
    private static func emptyHeaders(_ bytes: [UInt8], _ range: Range<Int>) -> (MIMEHeaders, Int)? {
        guard range.lowerBound < bytes.count, bytes[range.lowerBound] == 0x0A || bytes[range.lowerBound] == 0x0D else { return nil }
        let skip = bytes[range.lowerBound] == 0x0D && range.lowerBound + 1 < bytes.count && bytes[range.lowerBound + 1] == 0x0A ? 2 : 1
        return (MIMEHeaders(), range.lowerBound + skip)
    }

    /// The byte ranges of a multipart's parts: between "--boundary" lines, up to "--boundary--".
    /// One pass over the lines; the line break before a delimiter belongs to the delimiter.
    static func partRanges(_ bytes: [UInt8], from start: Int, to end: Int, boundary: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var partStart: Int?
        var index = start
        while index < end {
            var lineEnd = index
            while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - index >= boundary.count + 2, bytes[index] == 0x2D, bytes[index + 1] == 0x2D,
               bytes[(index + 2)..<(index + 2 + boundary.count)].elementsEqual(boundary) {
                let after = bytes[(index + 2 + boundary.count)..<lineEnd]
                let closing = after.starts(with: [0x2D, 0x2D])
                if closing || after.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let begin = partStart {
                        var stop = index
                        if stop > begin, bytes[stop - 1] == 0x0A { stop -= 1 }
                        if stop > begin, bytes[stop - 1] == 0x0D { stop -= 1 }
                        ranges.append(begin..<max(begin, stop))
                    }
                    if closing { return ranges }
                    partStart = min(lineEnd + 1, end)
                }
            }
            index = lineEnd + 1
        }
        if let begin = partStart, begin < end { ranges.append(begin..<end) }
        return ranges
    }
}

/// Quoted-printable (RFC 2045): `=XX` bytes and `=` soft line breaks.
enum QuotedPrintable {
    static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x41 + 10
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else { output.append(byte); index += 1; continue }
            let next = index + 1
            if next < bytes.endIndex, bytes[next] == 0x0A { index = next + 1; continue }
            if next + 1 < bytes.endIndex, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { index = next + 2; continue }
            // Trailing white space before a soft break.
            var probe = next
            while probe < bytes.endIndex, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
            if probe > next, probe < bytes.endIndex, bytes[probe] == 0x0A || bytes[probe] == 0x0D {
                index = bytes[probe] == 0x0D && probe + 1 < bytes.endIndex && bytes[probe + 1] == 0x0A ? probe + 2 : probe + 1
                continue
            }
            if next + 1 < bytes.endIndex, let high = hex(bytes[next]), let low = hex(bytes[next + 1]) {
                output.append(high << 4 | low)
                index = next + 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}

/// Text in a MIME charset: UTF-8 when declared (or undeclared and valid), Windows-1252 for Latin-1
/// and US-ASCII labels and as the fallback, iconv for the rest (ISO 8859-x, KOI8-R, Shift_JIS, …).
enum MIMECharset {
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let name = charset.map { TextDecoding.canonicalName($0.trimming(" \"'")) }
        if name == nil || name == "utf-8" || name == "windows-1252" {
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            return Windows1252.decode(bytes)
        }
        if let name, let text = Iconv.decode(bytes, from: name) { return text }
        return String(validating: bytes, as: UTF8.self) ?? Windows1252.decode(bytes)
    }
}
