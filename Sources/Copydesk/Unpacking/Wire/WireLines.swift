/// Wire copy's text as lines, with its control characters interpreted the way IPTC 7901 and
/// ANPA-1312 define them and none left behind:
/// - a typesetting instruction between SCD (FF) and ECD (VT) is left out;
/// - CAN (Kill Word) deletes the word before it;
/// - HT and US break columns (a leading tab is an indent);
/// - CR, LF and CR LF end lines;
/// - font and rail shifts (SO, SI, DC1–DC4), framing (SYN, SOH, STX, ETX, EOT) and every other
///   control are removed (DLE, ANPA's space band, becomes a space).
///
/// Each line keeps what its start and end say: ANPA's `^` (a preamble or headline line), an indent,
/// and the `<` (quad left) or `=` (quad centre) that ends a line.
struct WireLine: Equatable {
    /// The line's text: no controls, no markers, cells joined by single spaces, ends trimmed.
    var text: String
    /// The table cells when the line is a row (two or more cells split by tabs or US).
    var cells: [String]
    /// Started with ANPA's `^`.
    var caret: Bool
    /// Started with a tab or two or more spaces.
    var indented: Bool
    /// Ended with `<` or `=`: a forced end of line (the paragraph ends here).
    var terminated: Bool

    /// Whether the line has no text.
    var isBlank: Bool { text.isEmpty }
}

enum WireLines {
    /// The lines of decoded wire text. Works on the UTF-8 bytes: every control is one ASCII byte
    /// (or, for C1, the two bytes C2 80–C2 9F); other characters are copied as they are.
    static func lines(of text: String) -> [WireLine] {
        var lines: [WireLine] = []
        var current: [UInt8] = []
        current.reserveCapacity(256)
        var inInstruction = false
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if inInstruction {
                    // A typesetting instruction runs to ECD (VT), never past the end of the line.
                    if byte == 0x0B { inInstruction = false; index += 1; continue }
                    if byte != 0x0A && byte != 0x0D { index += 1; continue }
                    inInstruction = false
                }
                switch byte {
                case 0x0D:
                    lines.append(line(from: current))
                    current.removeAll(keepingCapacity: true)
                    if index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
                case 0x0A:
                    lines.append(line(from: current))
                    current.removeAll(keepingCapacity: true)
                case 0x0C: inInstruction = true
                case 0x18: killWord(&current)
                case 0x09, 0x1F: current.append(0x09)
                case 0x10: current.append(0x20)
                case 0x00..<0x20, 0x7F: break
                case 0xC2 where index + 1 < count && bytes[index + 1] >= 0x80 && bytes[index + 1] < 0xA0:
                    index += 1   // a C1 control
                default: current.append(byte)
                }
                index += 1
            }
        }
        if !current.isEmpty { lines.append(line(from: current)) }
        return lines
    }

    /// CAN: delete back to (not including) the previous space; trailing spaces first.
    private static func killWord(_ bytes: inout [UInt8]) {
        while bytes.last == 0x20 { bytes.removeLast() }
        while let last = bytes.last, last != 0x20 && last != 0x09 { bytes.removeLast() }
    }

    private static func line(from bytes: [UInt8]) -> WireLine {
        var start = 0, end = bytes.count
        let indented = bytes.first == 0x09 || (bytes.count >= 2 && bytes[0] == 0x20 && bytes[1] == 0x20)
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while start < end, isBlank(bytes[start]) { start += 1 }
        var caret = false
        if start < end, bytes[start] == UInt8(ascii: "^") {
            caret = true
            start += 1
            while start < end, isBlank(bytes[start]) { start += 1 }
        }
        var terminated = false
        while end > start {
            let last = bytes[end - 1]
            if isBlank(last) { end -= 1; continue }
            // "<" and "=" end a line; "x <= y" inside a line is left alone.
            if last == UInt8(ascii: "<") || last == UInt8(ascii: "=") { terminated = true; end -= 1; continue }
            break
        }
        var cells: [String] = []
        var cellStart = start
        for index in start...end where index == end || bytes[index] == 0x09 {
            if index > cellStart {
                let cell = String(decoding: bytes[cellStart..<index], as: UTF8.self)
                let collapsed = cell.utf8.contains(where: { $0 == 0x20 }) ? cell.collapsingSpaces() : cell
                if !collapsed.isEmpty { cells.append(collapsed) }
            }
            cellStart = index + 1
        }
        let text = typographic(cells.count == 1 ? cells[0] : cells.joined(separator: " "))
        return WireLine(text: text, cells: cells.count >= 2 ? cells.map(typographic) : [], caret: caret, indented: indented,
                        terminated: terminated)
    }

    /// Seven-bit wire conventions in typography: ``…'' as curly double quotes, " _ " as a dash.
    static func typographic(_ text: String) -> String {
        // A pair of backquotes or apostrophes, or an underscore between spaces, found on the bytes.
        var found = false
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            if (byte == 0x60 || byte == 0x27) && byte == previous { found = true; break }
            if byte == 0x20 && previous == 0x5F { found = true; break }
            previous = byte
        }
        guard found || text.hasPrefix("_ ") else { return text }
        var result = text.replacingOccurrences(of: "``", with: "\u{201C}").replacingOccurrences(of: "''", with: "\u{201D}")
        result = result.replacingOccurrences(of: " _ ", with: " \u{2014} ")
        if result.hasPrefix("_ ") { result = "\u{2014} " + result.dropFirst(2) }
        return result
    }
}
