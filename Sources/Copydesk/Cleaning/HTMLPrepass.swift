/// What libxml2's HTML parser would otherwise print as text, taken out before it parses:
/// - a DOCTYPE's internal subset (`<!DOCTYPE html [ <!ENTITY …> ]>`): the HTML parser does not read
///   subsets, and prints the declarations after the first `>` as text; the subset goes, the DOCTYPE stays;
/// - `<![CDATA[` and `]]>` markers: HTML has no CDATA sections outside SVG and MathML, and libxml2
///   prints the markers; what they wrap is kept and parsed as the page's own markup (feeds and
///   content systems wrap story HTML in them).
///
/// Linear, and a page with neither is handed on untouched.
enum HTMLPrepass {
    static func apply(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            var cuts: [Range<Int>] = []
            if let subset = internalSubset(in: bytes) { cuts.append(subset) }
            cuts += cdataMarkers(in: bytes, from: cuts.last?.upperBound ?? 0)
            guard !cuts.isEmpty else { return nil }
            return rewrite(bytes, without: cuts)
        } ?? html
    }

    private static func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, without cuts: [Range<Int>]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var position = 0
        for range in cuts {
            out.append(contentsOf: bytes[position..<range.lowerBound])
            position = range.upperBound
        }
        out.append(contentsOf: bytes[position...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The `[ … ]` of a DOCTYPE near the start, when it has one.
    private static func internalSubset(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let head = UnsafeBufferPointer(rebasing: bytes.prefix(4096))
        guard let doctype = find(Array("<!doctype".utf8), in: head, from: 0, caseInsensitive: true) else { return nil }
        var index = doctype + 9
        while index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "[") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        let open = index
        // The subset ends at `]` followed (after white space) by `>`.
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "]") {
                var look = index + 1
                while look < bytes.count, bytes[look] == 0x20 || bytes[look] == 0x0A || bytes[look] == 0x0D || bytes[look] == 0x09 { look += 1 }
                if look < bytes.count, bytes[look] == UInt8(ascii: ">") { return open..<(index + 1) }
            }
            index += 1
        }
        return nil
    }

    /// Each `<![CDATA[` and the `]]>` that closes it.
    private static func cdataMarkers(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> [Range<Int>] {
        let opener = Array("<![CDATA[".utf8), closer = Array("]]>".utf8)
        var ranges: [Range<Int>] = []
        var index = start
        while let open = find(opener, in: bytes, from: index, caseInsensitive: false) {
            ranges.append(open..<(open + opener.count))
            guard let close = find(closer, in: bytes, from: open + opener.count, caseInsensitive: false) else { break }
            ranges.append(close..<(close + closer.count))
            index = close + closer.count
        }
        return ranges
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int, caseInsensitive: Bool) -> Int? {
        guard let first = needle.first, start < bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            let byte = caseInsensitive ? lower(bytes[index]) : bytes[index]
            if byte == first {
                var matched = true
                for offset in 1..<needle.count {
                    let candidate = caseInsensitive ? lower(bytes[index + offset]) : bytes[index + offset]
                    if candidate != needle[offset] { matched = false; break }
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
