/// Appends JSON tokens to a byte buffer: the fast path for writing output lines.
///
/// Strings are written as UTF-8 with only the escapes JSON requires (plus U+2028 and U+2029, which
/// break JavaScript readers); `/` is not escaped. The caller is responsible for the structure.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// Per open level (the top level and each open container), innermost in bit 0: whether the next
    /// value needs a comma before it. Levels beyond 64 keep their outer bits in ``spilled``.
    private var needsComma: UInt64 = 0
    private var depth = 0
    private var spilled: [Bool] = []

    /// Creates an empty writer.
    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Opens an object (`{`).
    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); open() }
    /// Closes an object (`}`).
    public mutating func endObject() { close(); bytes.append(UInt8(ascii: "}")) }
    /// Opens an array (`[`).
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); open() }
    /// Closes an array (`]`).
    public mutating func endArray() { close(); bytes.append(UInt8(ascii: "]")) }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma &= ~1
    }

    /// Writes a dynamic object key (escaped like a string).
    public mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma &= ~1
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes a string value or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes an integer.
    public mutating func number(_ value: Int) {
        separate()
        appendDigits(of: value)
    }

    /// Appends an integer's decimal digits, without a string in between.
    private mutating func appendDigits(of value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for UInt64.max's 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest != 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Writes a number rounded to `decimals` places (at most 9), always with a decimal point (`1.0`);
    /// non-finite values become `null`.
    public mutating func number(_ value: Double, decimals: Int) {
        guard value.isFinite else { return null() }
        separate()
        var scale = 1
        for _ in 0..<min(max(decimals, 0), 9) { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        guard abs(scaled) < 9e15 else {
            bytes.append(contentsOf: value.description.utf8)
            return
        }
        var units = Int(scaled)
        if units < 0 { bytes.append(UInt8(ascii: "-")); units = -units }
        appendDigits(of: units / scale)
        var fraction = units % scale
        // Always a decimal point: a reader that infers column types from the first lines (pandas,
        // DuckDB, Spark) must not take `1` for an integer column and truncate a later `0.75`.
        guard fraction != 0 else {
            bytes.append(contentsOf: ".0".utf8)
            return
        }
        var digits = decimals
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let text = String(fraction)
        bytes.append(UInt8(ascii: "."))
        for _ in 0..<(digits - text.utf8.count) { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Appends raw bytes that already are one complete JSON value.
    public mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    private mutating func open() {
        if depth >= 63 { spilled.append(needsComma >> 63 != 0) }
        needsComma <<= 1
        depth += 1
    }

    private mutating func close() {
        needsComma >>= 1
        depth -= 1
        if depth >= 63, spilled.removeLast() { needsComma |= 1 << 63 }
    }

    private mutating func separate() {
        if needsComma & 1 != 0 { bytes.append(UInt8(ascii: ",")) } else { needsComma |= 1 }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether eight bytes are all printable ASCII other than `"` and `\` (and not DEL): each test
    /// sets a byte's high bit where the byte is below 0x20, equal to a given byte, or 0x80 and above.
    @inline(__always)
    static func isPlainASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highs
        let special = hasZeroByte(word ^ 0x2222_2222_2222_2222) | hasZeroByte(word ^ 0x5C5C_5C5C_5C5C_5C5C)
            | hasZeroByte(word ^ 0x7F7F_7F7F_7F7F_7F7F)
        return (control | special | word & highs) == 0
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            // Eight bytes at a time while they are all printable ASCII other than the quote and the
            // backslash (most of any text): none needs a look.
            if index + 8 <= count,
               Self.isPlainASCII(UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = utf8[index]
            // Most bytes need no look: printable ASCII other than the quote and the backslash, and
            // UTF-8 other than the lead byte of U+2028 and U+2029.
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F && byte != 0xE2 {
                index += 1
                continue
            }
            var escape: [UInt8]? = nil
            var width = 1
            switch byte {
            case UInt8(ascii: "\""): escape = [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): escape = [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: escape = [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: escape = [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: escape = [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: escape = [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: escape = [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00..<0x20, 0x7F:
                escape = Array("\\u00".utf8) + [Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]]
            case 0xE2 where index + 2 < count && utf8[index + 1] == 0x80
                && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                escape = Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                width = 3
            default: break
            }
            if let escape {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                bytes.append(contentsOf: escape)
                index += width
                runStart = index
            } else {
                index += 1
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
    }
}
