import CopydeskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns input bytes into text: byte-order marks (UTF-8, UTF-16, UTF-32), UTF-16 without a mark,
/// an HTML `<meta charset>` or XML declaration, UTF-8 validation, and a Windows-1252 fallback.
///
/// Binary input (images, archives, executables, random bytes) is refused here with
/// ``IntakeError/binary(kind:)``.
public enum TextDecoding {
    /// Decoded text, the name of the encoding it came from, and any warning about the guess.
    public struct Decoded: Sendable, Equatable {
        /// The text, without a byte-order mark.
        public var text: String
        /// The encoding's name, lowercase (`utf-8`, `utf-16le`, `windows-1252`, …).
        public var encoding: String
        /// Set when the encoding was a fallback or contradicted a declaration.
        public var warning: String?
    }

    /// Decodes `bytes`, or throws ``IntakeError``. With `refusingControls` false, text full of
    /// control characters is returned for the caller to judge (``controlCharacterVerdict(_:)``):
    /// agency XML needs no such check, since the XML parser refuses those characters itself.
    public static func decode(_ bytes: [UInt8], refusingControls: Bool = true) throws -> Decoded {
        if let kind = BinarySignature.kind(of: bytes) { throw IntakeError.binary(kind: kind) }
        let decoded = try decodeText(bytes)
        if refusingControls, let kind = controlCharacterVerdict(decoded.text) { throw IntakeError.binary(kind: kind) }
        return decoded
    }

    private static func decodeText(_ bytes: [UInt8]) throws -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try decodeUTF8OrFallback(Array(bytes.dropFirst(3)), declared: "utf-8")
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return try decodeWithIconv(Array(bytes.dropFirst(4)), from: "UTF-32LE", name: "utf-32le") }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return try decodeWithIconv(Array(bytes.dropFirst(4)), from: "UTF-32BE", name: "utf-32be") }
        if bytes.starts(with: [0xFF, 0xFE]) { return decodeUTF16(bytes.dropFirst(2), bigEndian: false) }
        if bytes.starts(with: [0xFE, 0xFF]) { return decodeUTF16(bytes.dropFirst(2), bigEndian: true) }
        if let bigEndian = looksLikeUTF16WithoutMark(bytes) {
            var decoded = decodeUTF16(bytes[...], bigEndian: bigEndian)
            decoded.warning = "no byte-order mark; the zero bytes suggest \(decoded.encoding)"
            return decoded
        }
        if bytes.withUnsafeBufferPointer({ $0.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }) {
            // A few stray NUL bytes (a bad copy, a form field) in a page or wire text do not make it
            // binary: they are removed, with a warning. Many do.
            let zeros = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            guard zeros <= max(Self.strayNULs, bytes.count / 1000) else { throw IntakeError.binary(kind: "data with zero bytes") }
            var decoded = try decodeText(bytes.filter { $0 != 0 })
            let removed = "\(zeros) stray NUL byte\(zeros == 1 ? "" : "s") removed"
            decoded.warning = decoded.warning.map { removed + "; " + $0 } ?? removed
            return decoded
        }

        let declared = DeclaredCharset.find(in: bytes)
        switch declared.map(canonicalName) {
        case nil, "utf-8":
            return try decodeUTF8OrFallback(bytes, declared: declared)
        case "windows-1252":
            if let text = String(validating: bytes, as: UTF8.self), bytes.contains(where: { $0 >= 0x80 }) {
                return Decoded(text: text, encoding: "utf-8",
                               warning: "declared \(declared!) but the bytes are valid UTF-8; read as UTF-8")
            }
            return Decoded(text: Windows1252.decode(bytes), encoding: "windows-1252", warning: nil)
        case let name?:
            if let decoded = try? decodeWithIconv(bytes, from: name, name: name) { return decoded }
            var fallback = try decodeUTF8OrFallback(bytes, declared: nil)
            fallback.warning = "declared encoding \(declared!) is not supported; " + (fallback.warning ?? "read as UTF-8")
            return fallback
        }
    }

    private static func decodeUTF8OrFallback(_ bytes: [UInt8], declared: String?) throws -> Decoded {
        if let text = String(validating: bytes, as: UTF8.self) {
            return Decoded(text: text, encoding: "utf-8", warning: nil)
        }
        let why = declared == nil ? "not valid UTF-8" : "declared \(declared!) but not valid UTF-8"
        return Decoded(text: Windows1252.decode(bytes), encoding: "windows-1252",
                       warning: "\(why); decoded as Windows-1252")
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> Decoded {
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        let text = String(decoding: units, as: UTF16.self)
        let damaged = bytes.count % 2 != 0 || text.unicodeScalars.contains("\u{FFFD}")
        return Decoded(text: text, encoding: bigEndian ? "utf-16be" : "utf-16le",
                       warning: damaged ? "invalid UTF-16 sequences replaced with U+FFFD" : nil)
    }

    /// `false` for little-endian, `true` for big-endian, `nil` when the bytes do not look like UTF-16.
    private static func looksLikeUTF16WithoutMark(_ bytes: [UInt8]) -> Bool? {
        let sample = bytes.prefix(1024)
        guard sample.count >= 8 else { return nil }
        var zeroEven = 0, zeroOdd = 0
        for (offset, byte) in sample.enumerated() where byte == 0 {
            if offset % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let pairs = sample.count / 2
        if zeroOdd * 10 >= pairs * 4 && zeroEven * 20 < pairs { return false }
        if zeroEven * 10 >= pairs * 4 && zeroOdd * 20 < pairs { return true }
        return nil
    }

    private static func decodeWithIconv(_ bytes: [UInt8], from charset: String, name: String) throws -> Decoded {
        guard let text = Iconv.decode(bytes, from: charset) else {
            throw IntakeError.undecodable("the bytes are not valid \(name)")
        }
        return Decoded(text: text, encoding: name, warning: nil)
    }

    /// Lowercase canonical names for the labels people write.
    static func canonicalName(_ label: String) -> String {
        let label = label.lowercased()
        switch label {
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "utf-8"
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1",
             "us-ascii", "ascii", "iso_8859-1", "ansi_x3.4-1968": return "windows-1252"
        default: return label
        }
    }

    /// How many NUL bytes any text may hold and still be read (more in a long one: one in a thousand).
    static let strayNULs = 4
    /// How many control characters any text may hold and still be text (wire copy carries a few).
    static let strayControls = 8

    /// Text with many control characters (more than ``strayControls`` and more than 1 %) is binary
    /// data that happened to decode. (Controls are ASCII, so counting UTF-8 bytes is enough.)
    static func controlCharacterVerdict(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            var controls = 0
            let total = min(bytes.count, 65_536)
            for index in 0..<total {
                let byte = bytes[index]
                if byte >= 0x20 && byte != 0x7F { continue }
                switch byte {
                case 0x00: return "data with zero bytes"
                case 0x09, 0x0A, 0x0C, 0x0D: break
                default: controls += 1
                }
            }
            return controls > strayControls && controls * 100 > total ? "data with control characters" : nil
        }
    }
}

/// Magic numbers of common binary formats.
enum BinarySignature {
    private static let signatures: [(bytes: [UInt8], offset: Int, kind: String)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "PNG image"),
        ([0xFF, 0xD8, 0xFF], 0, "JPEG image"),
        (Array("GIF87a".utf8), 0, "GIF image"), (Array("GIF89a".utf8), 0, "GIF image"),
        (Array("%PDF-".utf8), 0, "PDF document; extract its text first"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "ZIP archive or Office document"),
        ([0x1F, 0x8B], 0, "gzip archive"),
        (Array("BZh".utf8), 0, "bzip2 archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], 0, "xz archive"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], 0, "7-Zip archive"),
        ([0x28, 0xB5, 0x2F, 0xFD], 0, "Zstandard archive"),
        ([0x7F, 0x45, 0x4C, 0x46], 0, "ELF executable"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "legacy Office document"),
        (Array("RIFF".utf8), 0, "RIFF media (WebP, WAV or AVI)"),
        (Array("ID3".utf8), 0, "MP3 audio"),
        (Array("OggS".utf8), 0, "Ogg media"),
        (Array("ftyp".utf8), 4, "MP4/QuickTime media"),
        (Array("SQLite format 3".utf8), 0, "SQLite database"),
        ([0x00, 0x61, 0x73, 0x6D], 0, "WebAssembly module"),
    ]

    /// The kind of binary file `bytes` starts like, or `nil`.
    static func kind(of bytes: [UInt8]) -> String? {
        for signature in signatures where bytes.count >= signature.offset + signature.bytes.count {
            if bytes[signature.offset..<(signature.offset + signature.bytes.count)].elementsEqual(signature.bytes) {
                return signature.kind
            }
        }
        return nil
    }
}

/// Finds a charset declared in the first bytes: `<?xml … encoding="…"?>`, `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`.
enum DeclaredCharset {
    /// The declared charset's label, cut to the characters a charset name has (IANA: letters, digits,
    /// `.`, `_`, `:`, `-`, `+`): pages write `charset=iso-8859-1"` or `charset=\"utf-8\"`, and such
    /// junk must neither reach iconv (which may accept it and decode the wrong way) nor the output.
    static func find(in bytes: [UInt8]) -> String? {
        guard let raw = rawLabel(in: bytes) else { return nil }
        let label = raw.drop { !Self.isLabelCharacter($0) }.prefix(while: Self.isLabelCharacter)
        return label.isEmpty ? nil : String(label)
    }

    private static func isLabelCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._:-+".contains(character))
    }

    private static func rawLabel(in bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096)
        guard head.contains(UInt8(ascii: "<")) else { return nil }  // no markup, no declaration
        func lowered(_ slice: ArraySlice<UInt8>) -> Substring {
            Substring(String(decoding: slice.map { $0 >= 0x80 ? UInt8(ascii: " ") : ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) },
                             as: UTF8.self))
        }
        if head.starts(with: "<?xml".utf8) {
            let close = head.indices.dropLast().first { head[$0] == UInt8(ascii: "?") && head[$0 + 1] == UInt8(ascii: ">") }
            if let close, let value = attributeValue(named: "encoding", in: lowered(head[..<close])) { return value }
        }
        // "<meta" in any case, found on the bytes; only a meta tag itself is turned into a string.
        var index = head.startIndex
        while let open = head[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            guard open + 5 <= head.endIndex,
                  head[(open + 1)..<(open + 5)].elementsEqual("meta".utf8, by: { $0 | 0x20 == $1 }) else { continue }
            let tagEnd = head[(open + 5)...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            let tag = lowered(head[(open + 5)..<tagEnd])
            if let value = attributeValue(named: "charset", in: tag) { return value }
            if let content = attributeValue(named: "content", in: tag), let range = content.firstRange(of: "charset=") {
                let value = content[range.upperBound...].prefix { !" ;\"'".contains($0) }
                if !value.isEmpty { return String(value) }
            }
            index = tagEnd
        }
        return nil
    }

    /// The value of attribute `name` in a lowercased tag's text, found on its UTF-8 bytes.
    private static func attributeValue(named name: String, in tag: Substring) -> String? {
        let bytes = Array(tag.utf8), pattern = Array(name.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var index = 0
        while index + pattern.count <= bytes.count {
            defer { index += 1 }
            guard bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) else { continue }
            if index > 0, !isSpace(bytes[index - 1]), bytes[index - 1] != UInt8(ascii: "/") { continue }
            var cursor = index + pattern.count
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < bytes.count else { return "" }
            let quote = bytes[cursor]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let start = cursor + 1
                let end = bytes[start...].firstIndex(of: quote) ?? bytes.count
                return String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
            }
            let end = bytes[cursor...].firstIndex { isSpace($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ">") } ?? bytes.count
            return String(decoding: bytes[cursor..<end], as: UTF8.self)
        }
        return nil
    }
}

/// Windows-1252, the encoding browsers use for `iso-8859-1` and unlabelled Western text.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}

/// The C library's iconv, for the less common declared charsets (Shift_JIS, KOI8-R, GB2312, …).
enum Iconv {
    static func decode(_ bytes: [UInt8], from charset: String) -> String? {
        let converter = iconv_open("UTF-8", charset)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count, outLeft = outBuffer.count
                if inLeft == 0 { return 0 }
                let status = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard status != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(validating: output[..<produced], as: UTF8.self)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        // On the bytes: the four spaces are ASCII, and a string that needs no trimming is returned as it is.
        let string = String(self)
        let utf8 = string.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        var end = utf8.endIndex
        while end > first, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        if first == utf8.startIndex && end == utf8.endIndex { return string }
        return String(string[first..<end])
    }
}
