import CopydeskCore

/// Wire copy as IPTC Recommendation 7901 and ANPA-1312 frame it: an optional run of SYN, then per
/// message SOH, the heading, STX, the text, ETX, the post-text and EOT. A file may hold several
/// messages (a feed captured to disk); each is a document.
///
/// Recognised by the framing, not the name: a file whose first byte (after SYN, NUL and white space)
/// is SOH. ANPA-1312 is told from 7901 by its heading: SYN SYN before SOH, a unit separator after
/// the message number, or the "priority category" line that ANPA adds before STX.
struct WireMessage: Sendable {
    /// ANPA-1312 or IPTC 7901.
    var format: InputFormat
    /// Between SOH and STX: the header line (and ANPA's second line, 7901's keyword line).
    var heading: [UInt8]
    /// Between STX and ETX.
    var text: [UInt8]
    /// Between ETX and EOT: a time stamp or sign-off.
    var postText: [UInt8]
}

enum WireCopy {
    static let soh: UInt8 = 0x01, stx: UInt8 = 0x02, etx: UInt8 = 0x03, eot: UInt8 = 0x04, syn: UInt8 = 0x16
    /// ANPA's unit separator after the message number, and 7901's column break.
    static let unitSeparator: UInt8 = 0x1F

    /// The messages in `bytes`, or `nil` when the bytes are not framed wire copy.
    static func messages(in bytes: [UInt8]) -> [WireMessage]? {
        var start = 0
        var synchronised = false
        // Line noise a gateway leaves before the first SOH (white space, NUL, SYN, other controls).
        while start < min(bytes.count, 32), bytes[start] != soh, bytes[start] < 0x20 || bytes[start] == 0x20 {
            if bytes[start] == syn { synchronised = true }
            start += 1
        }
        guard start < bytes.count, bytes[start] == soh else { return nil }
        var messages: [WireMessage] = []
        var index = start
        while index < bytes.count {
            guard bytes[index] == soh else { index += 1; continue }
            // One message: SOH … up to EOT, or to the next SOH, or the end.
            var end = index + 1
            while end < bytes.count, bytes[end] != eot, bytes[end] != soh { end += 1 }
            let body = Array(bytes[(index + 1)..<end])
            if let message = split(body, synchronised: synchronised || (index > 0 && bytes[index - 1] == syn)) {
                messages.append(message)
            }
            index = end < bytes.count && bytes[end] == eot ? end + 1 : end
            // A messages' SYN run before the next SOH.
            while index < bytes.count, bytes[index] != soh { index += 1 }
        }
        return messages.isEmpty ? nil : messages
    }

    /// Heading, text and post-text of one message (without its SOH and EOT).
    private static func split(_ body: [UInt8], synchronised: Bool) -> WireMessage? {
        let textStart: Int
        let heading: [UInt8]
        if let stxIndex = body.firstIndex(of: stx) {
            heading = Array(body[..<stxIndex])
            textStart = stxIndex + 1
        } else {
            // No STX: the first line is the heading.
            let lineEnd = body.firstIndex(of: 0x0A) ?? body.count
            heading = Array(body[..<lineEnd])
            textStart = min(lineEnd + 1, body.count)
        }
        let etxIndex = body[textStart...].firstIndex(of: etx) ?? body.count
        let text = Array(body[textStart..<etxIndex])
        let postText = etxIndex < body.count ? Array(body[(etxIndex + 1)...]) : []
        guard text.contains(where: { $0 > 0x20 }) || heading.contains(where: { $0 > 0x20 }) else { return nil }
        return WireMessage(format: isANPA(heading, synchronised: synchronised) ? .anpa1312 : .iptc7901,
                           heading: heading, text: text, postText: postText)
    }

    /// ANPA-1312's heading: "a0123" + US + selector, then a line "r a" + DC3/DC4 + DC1/DC2; or, when
    /// the message came after SYN SYN, a first line of one letter and four digits. 7901's first line
    /// is "eca0003 3 i 380": letters and digits, then the priority after a space.
    private static func isANPA(_ heading: [UInt8], synchronised: Bool) -> Bool {
        if heading.contains(unitSeparator) { return true }
        let lines = heading.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D })
        guard let first = lines.first.map(Array.init) else { return false }
        if lines.count >= 2 {
            let second = Array(lines[1])
            if second.count >= 4 && isLetter(second[0]) && second[1] == 0x20 && isLetter(second[2])
                && second[3...].prefix(2).contains(where: { $0 >= 0x11 && $0 <= 0x14 }) { return true }
        }
        let trimmed = first.filter { $0 > 0x20 }
        return synchronised && trimmed.count == first.count && trimmed.count == 5 && isLetter(trimmed[0])
            && trimmed.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}

/// Decodes wire copy's bytes: UTF-8 when they are valid UTF-8, an ISO 8859 part designated by an
/// ISO 2022 escape sequence (`ESC - A` for Latin-1, `ESC - B` Latin-2, …), else Windows-1252 (which
/// reads Latin-1 text as Latin-1). Control characters stay for the wire reader to interpret.
enum WireCharset {
    /// ISO 2022's final bytes for 96-character sets designated into G1 (`ESC -` F) and the ISO 8859 part each names.
    static let designations: [UInt8: String] = [
        UInt8(ascii: "A"): "ISO-8859-1", UInt8(ascii: "B"): "ISO-8859-2", UInt8(ascii: "C"): "ISO-8859-3",
        UInt8(ascii: "D"): "ISO-8859-4", UInt8(ascii: "L"): "ISO-8859-5", UInt8(ascii: "G"): "ISO-8859-6",
        UInt8(ascii: "F"): "ISO-8859-7", UInt8(ascii: "H"): "ISO-8859-8", UInt8(ascii: "M"): "ISO-8859-9",
        UInt8(ascii: "V"): "ISO-8859-10", UInt8(ascii: "Y"): "ISO-8859-13", UInt8(ascii: "_"): "ISO-8859-14",
        UInt8(ascii: "b"): "ISO-8859-15", UInt8(ascii: "f"): "ISO-8859-16",
    ]

    /// The text, the encoding's name, and a warning when it was a guess.
    static func decode(_ bytes: [UInt8]) -> (text: String, encoding: String, warning: String?) {
        var designated: String?
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                // ESC, intermediate bytes (0x20–0x2F), a final byte (0x30–0x7E): a designation or a
                // device control, never text.
                var end = index + 1
                while end < bytes.count, (0x20...0x2F).contains(bytes[end]) { end += 1 }
                if end < bytes.count, (0x30...0x7E).contains(bytes[end]) {
                    if end == index + 2, bytes[index + 1] == UInt8(ascii: "-"), let name = designations[bytes[end]] { designated = designated ?? name }
                    index = end + 1
                } else {
                    index = end
                }
                continue
            }
            cleaned.append(byte)
            index += 1
        }
        if let text = String(validating: cleaned, as: UTF8.self) {
            return (text, "utf-8", nil)
        }
        if let designated, designated != "ISO-8859-1", let text = Iconv.decode(cleaned, from: designated) {
            return (text, designated.lowercased(), nil)
        }
        if designated == "ISO-8859-1" { return (Windows1252.decode(cleaned), "iso-8859-1", nil) }
        return (Windows1252.decode(cleaned), "windows-1252", "not valid UTF-8 and no character set designated; decoded as Windows-1252 (Latin-1)")
    }
}
