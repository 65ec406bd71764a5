import CopydeskCore

/// Reads the text of an RTF file (a press release saved from a word processor): paragraphs from
/// `\par`, characters from `\'hh` (in the document's ANSI code page), `\uN` and the escapes, with
/// control words, font and colour tables, pictures, objects and every `{\* …}` destination left out.
///
/// One linear pass over the bytes; group nesting is capped, so a file of a million `{` costs no
/// more than any other. What is not text never reaches the story.
enum RTFReader {
    /// Whether `bytes` start like RTF (`{\rtf`, after white space or a byte-order mark).
    static func looksLikeRTF(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        return bytes[index...].starts(with: Array("{\\rtf".utf8))
    }

    /// Destinations whose content is not the story.
    private static let skippedDestinations: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr",
        "headerf", "footerl", "footerr", "footerf", "listtable", "listoverridetable", "revtbl", "rsidtbl", "generator",
        "xmlnstbl", "themedata", "colorschememapping", "latentstyles", "datastore", "fldinst", "footnote", "bkmkstart",
        "bkmkend", "filetbl", "pgdsctbl", "nonshppict", "shp", "shpinst", "mmathPr", "userprops", "template",
    ]

    /// The most groups open at once; deeper ones are read as if flat.
    static let maximumDepth = 256

    /// The file's paragraphs (white space collapsed, empty ones left out), or ``IntakeError/malformed``.
    static func read(_ bytes: [UInt8]) throws -> UnpackedFile {
        var paragraphs: [String] = []
        var current = String.UnicodeScalarView()
        struct Group { var skipping: Bool; var unicodeSkip: Int }
        var stack: [Group] = []
        var state = Group(skipping: false, unicodeSkip: 1)
        var pendingSkip = 0
        var highHalf = codePageTable(1252)
        var index = 0
        var depthOverflow = 0

        func endParagraph() {
            let text = String(current).collapsingSpaces()
            if !text.isEmpty { paragraphs.append(text) }
            current = String.UnicodeScalarView()
        }
        func emit(_ scalar: Unicode.Scalar) {
            if pendingSkip > 0 { pendingSkip -= 1; return }
            if !state.skipping { current.append(scalar) }
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                if stack.count < maximumDepth { stack.append(state) } else { depthOverflow += 1 }
                index += 1
                // `{\*\destination …}` is skipped whole when the reader does not know it.
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "*") {
                    state.skipping = true
                    index += 2
                }
            case UInt8(ascii: "}"):
                if depthOverflow > 0 { depthOverflow -= 1 } else if let previous = stack.popLast() { state = previous }
                index += 1
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let next = bytes[index]
                if isLetter(next) {
                    let wordStart = index
                    while index < bytes.count, isLetter(bytes[index]), index - wordStart < 32 { index += 1 }
                    let word = String(decoding: bytes[wordStart..<index], as: UTF8.self)
                    var parameter: Int?
                    let numberStart = index
                    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - numberStart < 10 { index += 1 }
                    if index > numberStart { parameter = Int(String(decoding: bytes[numberStart..<index], as: UTF8.self)) }
                    if index < bytes.count, bytes[index] == 0x20 { index += 1 }
                    switch word {
                    case "par", "line", "sect", "page", "row": if !state.skipping { endParagraph() }
                    case "tab", "cell": emit(" ")
                    case "emdash": emit("\u{2014}")
                    case "endash": emit("\u{2013}")
                    case "lquote": emit("\u{2018}")
                    case "rquote": emit("\u{2019}")
                    case "ldblquote": emit("\u{201C}")
                    case "rdblquote": emit("\u{201D}")
                    case "bullet": emit("\u{2022}")
                    case "ansicpg": if let page = parameter { highHalf = codePageTable(page) }
                    case "uc": state.unicodeSkip = max(0, min(parameter ?? 1, 8))
                    case "u":
                        if let value = parameter {
                            let code = value < 0 ? value + 65_536 : value
                            emit(Unicode.Scalar(UInt32(clamping: code)) ?? "\u{FFFD}")
                            pendingSkip = state.unicodeSkip
                        }
                    default:
                        if skippedDestinations.contains(word) { state.skipping = true }
                    }
                } else if next == UInt8(ascii: "'") {
                    index += 1
                    if index + 1 < bytes.count, let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) {
                        let value = high << 4 | low
                        emit(value < 0x80 ? Unicode.Scalar(value) : highHalf[Int(value) - 0x80])
                        index += 2
                    }
                } else {
                    switch next {
                    case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): emit(Unicode.Scalar(next))
                    case UInt8(ascii: "~"): emit("\u{00A0}")
                    case UInt8(ascii: "-"), UInt8(ascii: "_"): break
                    case 0x0A, 0x0D: if !state.skipping { endParagraph() }
                    default: break
                    }
                    index += 1
                }
            case 0x0A, 0x0D:
                index += 1
            default:
                // Bytes outside control words: ASCII text (a conforming writer escapes the rest).
                emit(byte < 0x80 ? Unicode.Scalar(byte) : highHalf[Int(byte) - 0x80])
                index += 1
            }
        }
        endParagraph()
        guard !paragraphs.isEmpty else { throw IntakeError.noText(format: "RTF", held: "no text outside its tables and pictures") }
        let input = DecodedInput(format: .rtf, paragraphs: paragraphs)
        return UnpackedFile(single: UnpackedItem(input: input, kind: "document"), encoding: "rtf")
    }

    /// Bytes 0x80–0xFF of a Windows code page (`\ansicpg1251`), through iconv; Windows-1252 when
    /// iconv does not know it.
    private static func codePageTable(_ page: Int) -> [Unicode.Scalar] {
        let bytes = (0x80...0xFF).map { UInt8($0) }
        if page != 1252, (874...1258).contains(page) || page == 437 || page == 850 {
            let scalars = bytes.map { Iconv.decode([$0], from: "CP\(page)")?.unicodeScalars.first ?? "\u{FFFD}" }
            if scalars.contains(where: { $0 != "\u{FFFD}" }) { return scalars }
        }
        return Array(Windows1252.decode(bytes).unicodeScalars)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
