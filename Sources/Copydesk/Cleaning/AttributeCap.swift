/// Caps the attributes of each start tag before libxml2 sees the markup.
///
/// libxml2 2.9 checks every new attribute of an element against all earlier ones: an element with
/// 100,000 attributes takes longer than 10 s. No real page comes near ``limit``, so a linear pre-scan
/// finds any tag past it and only then is the markup rewritten, with that tag's extra attributes
/// left out. Every other input is handed on untouched.
enum AttributeCap {
    /// The most attributes an element keeps.
    static let limit = 256

    /// `markup` with no start tag holding more than ``limit`` attributes, and how many were cut.
    static func apply(_ markup: String) -> (markup: String, cut: Int) {
        var cuts: [Range<Int>] = []
        var cut = 0
        var copy = markup
        copy.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, isLetter(bytes[index + 1]) {
                    index = scanTag(bytes, from: index + 1, cuts: &cuts, cut: &cut)
                } else {
                    index += 1
                }
            }
        }
        guard !cuts.isEmpty else { return (markup, 0) }
        var out = [UInt8]()
        out.reserveCapacity(markup.utf8.count)
        var position = 0
        let bytes = Array(markup.utf8)
        for range in cuts {
            out.append(contentsOf: bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        out.append(contentsOf: bytes[position...])
        return (String(decoding: out, as: UTF8.self), cut)
    }

    /// Scans one start tag from its name; returns where scanning goes on. Records the byte range of
    /// the attributes past the limit.
    private static func scanTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, cuts: inout [Range<Int>], cut: inout Int) -> Int {
        var index = start
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        var count = 0
        var cutStart: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if isSpace(byte) || byte == UInt8(ascii: "/") { index += 1; continue }
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "<") { break }
            count += 1
            if count == limit + 1 { cutStart = index }
            if cutStart != nil { cut += 1 }
            // The name, then an optional `= value`.
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                  bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "<") {
                index += 1
            }
            var look = index
            while look < bytes.count, isSpace(bytes[look]) { look += 1 }
            guard look < bytes.count, bytes[look] == UInt8(ascii: "=") else { continue }
            index = look + 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let quote = bytes[index]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                index += 1
                while index < bytes.count, bytes[index] != quote { index += 1 }
                index += 1
            } else {
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            }
        }
        let end = min(index, bytes.count)
        if let cutStart { cuts.append(cutStart..<end) }
        return end
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
}
