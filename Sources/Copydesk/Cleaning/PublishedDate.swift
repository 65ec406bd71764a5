import Foundation

/// `meta.published` in one format whatever the source wrote: RFC 3339 in UTC,
/// `YYYY-MM-DDTHH:MM:SSZ`. A date without a time of day is written at midnight UTC (the source gave
/// the day only); a value that cannot be read as a date is left out with a warning.
///
/// Read: ISO 8601 and RFC 3339 (with or without seconds, fractions, `T` or a space, an offset or
/// `Z`, or no zone, taken as UTC), compact ISO (`20260309T113000+0100`, as NITF writes),
/// RFC 5322 dates (`Mon, 9 Mar 2026 11:30:00 +0100`), `2026/03/09`, and written-out dates
/// (`March 9, 2026`, `9 March 2026`, `Mar. 9, 2026`), each optionally followed by a time.
enum PublishedDate {
    /// The normalised form of `text`, or `nil` when it is not a date.
    static func normalize(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 80 else { return nil }
        guard let parts = Parts(trimmed) else { return nil }
        return parts.formatted
    }

    /// A date's fields as read, before conversion to UTC.
    struct Parts {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        /// Minutes east of UTC.
        var offset = 0

        init?(_ text: String) {
            var scanner = DateScanner(text)
            scanner.skipWeekday()
            if let year = scanner.number(digits: 4) {
                // 2026-03-09, 2026/03/09, 20260309
                self.year = year
                let separator = scanner.take(oneOf: "-/")
                guard let month = scanner.number(digits: 2) else { return nil }
                if separator != nil { guard scanner.take(oneOf: String(separator!)) != nil else { return nil } }
                guard let day = scanner.number(digits: 2) else { return nil }
                self.month = month
                self.day = day
            } else if let day = scanner.number(maxDigits: 2) {
                // 9 March 2026, 09 Mar 2026
                scanner.skip(".")
                scanner.skipSpaces()
                guard let month = scanner.monthName() else { return nil }
                scanner.skip(".")
                scanner.skip(",")
                scanner.skipSpaces()
                guard let year = scanner.number(digits: 4) else { return nil }
                (self.day, self.month, self.year) = (day, month, year)
            } else if let month = scanner.monthName() {
                // March 9, 2026
                scanner.skip(".")
                scanner.skipSpaces()
                guard let day = scanner.number(maxDigits: 2) else { return nil }
                scanner.skipOrdinalSuffix()
                scanner.skip(",")
                scanner.skipSpaces()
                guard let year = scanner.number(digits: 4) else { return nil }
                (self.day, self.month, self.year) = (day, month, year)
            } else {
                return nil
            }
            guard (1...12).contains(month), (1...Self.days(in: month, year: year)).contains(day), (1000...9999).contains(year) else {
                return nil
            }
            // An optional time: T or space or ", " then HH:MM[:SS[.fff]] or HHMM[SS].
            let beforeTime = scanner.position
            scanner.skip(",")
            if scanner.take(oneOf: "Tt ") != nil || scanner.position != beforeTime {
                scanner.skipSpaces()
                scanner.skip("at")
                scanner.skipSpaces()
                if let hour = scanner.number(maxDigits: 2) ?? scanner.number(digits: 2) {
                    let colon = scanner.take(oneOf: ":") != nil
                    guard let minute = scanner.number(digits: 2) else { return nil }
                    // HH:MM:SS, or HHMMSS in the compact form.
                    if !colon || scanner.take(oneOf: ":") != nil, let second = scanner.number(digits: 2) { self.second = second }
                    if scanner.take(oneOf: ".,") != nil { _ = scanner.digits() }
                    guard hour < 24, minute < 60, second <= 60 else { return nil }
                    (self.hour, self.minute) = (hour, minute)
                    scanner.skipSpaces()
                    if let pm = scanner.meridiem() {
                        guard (1...12).contains(self.hour) else { return nil }
                        self.hour = self.hour % 12 + (pm ? 12 : 0)
                        scanner.skipSpaces()
                    }
                    guard let offset = scanner.zone() else { return nil }
                    self.offset = offset
                } else {
                    scanner.position = beforeTime
                }
            }
            scanner.skipSpaces()
            guard scanner.atEnd || scanner.restIsZoneName() else { return nil }
        }

        static func days(in month: Int, year: Int) -> Int {
            switch month {
            case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }

        /// In UTC, `YYYY-MM-DDTHH:MM:SSZ`.
        var formatted: String? {
            var components = DateComponents()
            (components.year, components.month, components.day) = (year, month, day)
            (components.hour, components.minute, components.second) = (hour, minute, min(second, 59))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard let local = calendar.date(from: components) else { return nil }
            let date = local.addingTimeInterval(TimeInterval(-offset * 60))
            let utc = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            guard let y = utc.year, let m = utc.month, let d = utc.day, let h = utc.hour, let mi = utc.minute, let s = utc.second else { return nil }
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(y)-\(two(m))-\(two(d))T\(two(h)):\(two(mi)):\(two(s))Z"
        }
    }
}

/// Reads a date's pieces left to right.
private struct DateScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { position >= bytes.count }
    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpaces() { while let byte = current, byte == 0x20 || byte == 0x09 { position += 1 } }

    mutating func skip(_ literal: String) {
        let text = Array(literal.utf8)
        guard position + text.count <= bytes.count,
              zip(bytes[position..<position + text.count], text).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return }
        position += text.count
    }

    mutating func take(oneOf characters: String) -> Character? {
        guard let byte = current, characters.utf8.contains(byte) else { return nil }
        position += 1
        return Character(UnicodeScalar(byte))
    }

    mutating func digits() -> String {
        let start = position
        while let byte = current, byte >= 0x30 && byte <= 0x39 { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Exactly `digits` digits, not followed by another digit when reading a free-standing number.
    mutating func number(digits count: Int) -> Int? {
        guard position + count <= bytes.count, bytes[position..<position + count].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let value = Int(String(decoding: bytes[position..<position + count], as: UTF8.self))
        position += count
        return value
    }

    mutating func number(maxDigits: Int) -> Int? {
        let start = position
        while let byte = current, byte >= 0x30 && byte <= 0x39, position - start < maxDigits { position += 1 }
        if let byte = current, byte >= 0x30 && byte <= 0x39 { position = start; return nil }
        guard position > start else { return nil }
        return Int(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    mutating func word() -> String {
        let start = position
        while let byte = current, (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
    }

    static let weekdays: Set<String> = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
                                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let fullMonths = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]

    mutating func skipWeekday() {
        let start = position
        if Self.weekdays.contains(word()) {
            skip(".")
            skip(",")
            skipSpaces()
        } else {
            position = start
        }
    }

    mutating func monthName() -> Int? {
        let start = position
        let name = word()
        if let index = Self.fullMonths.firstIndex(of: name) ?? Self.months.firstIndex(of: name) { return index + 1 }
        if name == "sept" { return 9 }
        position = start
        return nil
    }

    mutating func skipOrdinalSuffix() {
        let start = position
        if !["st", "nd", "rd", "th"].contains(word()) { position = start }
    }

    /// `true` for pm, `false` for am, `nil` for neither.
    mutating func meridiem() -> Bool? {
        let start = position
        let first = word()
        if first == "am" || first == "pm" { return first == "pm" }
        if first == "a" || first == "p" {
            skip(".")
            if word() == "m" { skip("."); return first == "p" }
        }
        position = start
        return nil
    }

    /// An offset in minutes: `Z`, `+01:00`, `+0100`, `+01`, `GMT`, `UTC`, none (0).
    mutating func zone() -> Int? {
        skipSpaces()
        guard let byte = current else { return 0 }
        if byte == UInt8(ascii: "Z") || byte == UInt8(ascii: "z") { position += 1; return 0 }
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
            position += 1
            guard let hours = number(digits: 2) else { return nil }
            _ = take(oneOf: ":")
            let minutes = number(digits: 2) ?? 0
            guard hours <= 14, minutes < 60 else { return nil }
            return (byte == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
        }
        let start = position
        let name = word()
        if name == "gmt" || name == "utc" || name == "ut" {
            // "GMT+1" and the like
            if let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                position += 1
                guard let hours = number(maxDigits: 2) else { return nil }
                return (sign == UInt8(ascii: "-") ? -1 : 1) * hours * 60
            }
            return 0
        }
        position = start
        return 0
    }

    /// What is left is a parenthesised or named zone ("(CET)", "EST") whose offset was given or is unknown.
    func restIsZoneName() -> Bool {
        let rest = String(decoding: bytes[position...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return rest.hasPrefix("(") && rest.hasSuffix(")") && rest.count <= 12
    }
}
