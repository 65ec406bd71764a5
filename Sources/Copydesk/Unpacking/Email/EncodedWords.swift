/// RFC 2047 encoded words in header values: `=?UTF-8?Q?Caf=C3=A9?=`, `=?ISO-8859-1?B?...?=`.
/// White space between two encoded words is dropped; other text is read as UTF-8 (RFC 6532) or,
/// when it is not valid UTF-8, as Windows-1252.
enum EncodedWords {
    static func decode(_ value: [UInt8]) -> String {
        var result = ""
        var plain: [UInt8] = []
        var pendingSpace: [UInt8] = []
        var lastWasEncoded = false
        var index = 0
        func flushPlain() {
            if !plain.isEmpty { result += MIMECharset.decode(plain, charset: nil) }
            plain.removeAll()
        }
        while index < value.count {
            if value[index] == UInt8(ascii: "="), index + 1 < value.count, value[index + 1] == UInt8(ascii: "?"),
               let (text, next) = encodedWord(value, at: index) {
                // Space between two encoded words is not part of the text.
                if !lastWasEncoded { plain += pendingSpace }
                pendingSpace.removeAll()
                flushPlain()
                result += text
                lastWasEncoded = true
                index = next
                continue
            }
            let byte = value[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                pendingSpace.append(0x20)
            } else {
                plain += pendingSpace
                pendingSpace.removeAll()
                plain.append(byte)
                lastWasEncoded = false
            }
            index += 1
        }
        if !lastWasEncoded { plain += pendingSpace }
        flushPlain()
        return result.collapsingSpaces()
    }

    /// One encoded word at `start`: its text and the index after it.
    private static func encodedWord(_ value: [UInt8], at start: Int) -> (String, Int)? {
        // =?charset?encoding?text?= — at most 75 bytes (RFC 2047), so a header full of "=?" that
        // never closes costs a bounded look from each, never the rest of the header.
        let limit = min(value.count, start + 200)
        var index = start + 2
        let charsetStart = index
        while index < limit, value[index] != UInt8(ascii: "?") { index += 1 }
        guard index + 2 < limit, index > charsetStart, value[index + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: value[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }   // RFC 2231 language
        let encoding = value[index + 1] | 0x20
        let textStart = index + 3
        var end = textStart
        while end + 1 < limit, !(value[end] == UInt8(ascii: "?") && value[end + 1] == UInt8(ascii: "=")) {
            if value[end] == 0x20 { return nil }   // encoded words hold no spaces
            end += 1
        }
        guard end + 1 < limit else { return nil }
        let payload = value[textStart..<end]
        let bytes: [UInt8]
        switch encoding {
        case UInt8(ascii: "b"): bytes = Base64.decode(Array(payload)) ?? []
        case UInt8(ascii: "q"): bytes = QuotedPrintable.decode(ArraySlice(payload.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }))
        default: return nil
        }
        return (MIMECharset.decode(bytes, charset: charset), end + 2)
    }
}

/// RFC 5322 dates ("Mon, 7 Dec 2026 09:14:03 +0100") as ISO 8601 ("2026-12-07T09:14:03+01:00").
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones = ["ut": "+00:00", "gmt": "+00:00", "z": "+00:00", "est": "-05:00", "edt": "-04:00",
                                "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00"]

    static func iso8601(_ value: String) -> String? {
        var words = value.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let first = words.first, first.first?.isLetter == true { words.removeFirst() }   // the day of the week
        guard words.count >= 4, let day = Int(words[0]), (1...31).contains(day),
              let month = months.firstIndex(of: String(words[1].lowercased().prefix(3))),
              var year = Int(words[2]) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        let clock = words[3].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0...23).contains(clock[0]), (0...59).contains(clock[1]) else { return nil }
        let second = clock.count > 2 ? clock[2] : 0
        var zone = "+00:00"
        if words.count > 4 {
            let raw = words[4]
            if (raw.hasPrefix("+") || raw.hasPrefix("-")), raw.count == 5, raw.dropFirst().allSatisfy(\.isNumber) {
                zone = "\(raw.prefix(3)):\(raw.suffix(2))"
            } else if let named = zones[raw.lowercased()] {
                zone = named
            }
        }
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(year)-\(two(month + 1))-\(two(day))T\(two(clock[0])):\(two(clock[1])):\(two(second))\(zone)"
    }
}
