@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Encoding detection")
struct EncodingTests {
    @Test func plainUTF8() async throws {
        let decoded = try TextDecoding.decode(Array("Zürich – “quoted”".utf8))
        #expect(decoded.text == "Zürich – “quoted”")
        #expect(decoded.encoding == "utf-8")
        #expect(decoded.warning == nil)
    }

    @Test func utf8ByteOrderMarkIsRemoved() async throws {
        let decoded = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Café".utf8))
        #expect(decoded.text == "Café")
        #expect(decoded.encoding == "utf-8")
    }

    @Test(arguments: [(false, "utf-16le"), (true, "utf-16be")])
    func utf16WithByteOrderMark(bigEndian: Bool, name: String) async throws {
        let text = "Café owners in Zürich said “prices rose” 🙂."
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == text)
        #expect(decoded.encoding == name)
    }

    @Test func utf16WithoutByteOrderMarkIsRecognised() async throws {
        let text = "A plain English sentence without a byte-order mark."
        let bytes = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == text)
        #expect(decoded.encoding == "utf-16le")
        #expect(decoded.warning != nil)
    }

    @Test func invalidUTF8FallsBackToWindows1252WithAWarning() async throws {
        // "Café “x” – 5€" in Windows-1252.
        let bytes: [UInt8] = [0x43, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x78, 0x94, 0x20, 0x96, 0x20, 0x35, 0x80]
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == "Café “x” – 5€")
        #expect(decoded.encoding == "windows-1252")
        #expect(decoded.warning?.contains("Windows-1252") == true)
    }

    @Test func htmlMetaCharsetIsHonoured() async throws {
        let html = "<html><head><meta charset=\"iso-8859-1\"></head><body>Na\u{EF}ve</body></html>"
        let bytes = html.unicodeScalars.map { UInt8($0.value) }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.encoding == "windows-1252")
        #expect(decoded.text.contains("Naïve"))
        #expect(decoded.warning == nil)
    }

    @Test func httpEquivContentTypeIsHonoured() async throws {
        let html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>\u{93}Hi\u{94}</p>"
        let decoded = try TextDecoding.decode(html.unicodeScalars.map { UInt8($0.value) })
        #expect(decoded.text.contains("“Hi”"))
    }

    @Test func xmlDeclarationIsHonoured() async throws {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><html><body>Gr\u{FC}\u{DF}e</body></html>"
        let decoded = try TextDecoding.decode(xml.unicodeScalars.map { UInt8($0.value) })
        #expect(decoded.text.contains("Grüße"))
        #expect(decoded.encoding == "windows-1252")
    }

    @Test func otherDeclaredCharsetsGoThroughIconv() async throws {
        // "Привет" in KOI8-R.
        let bytes = Array("<meta charset=koi8-r><p>".utf8) + [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4] + Array("</p>".utf8)
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text.contains("Привет"))
        #expect(decoded.encoding == "koi8-r")
    }

    @Test func aLatin1DeclarationOnValidUTF8IsOverruled() async throws {
        let decoded = try TextDecoding.decode(Array("<meta charset=iso-8859-1><p>Zürich</p>".utf8))
        #expect(decoded.text.contains("Zürich"))
        #expect(decoded.encoding == "utf-8")
        #expect(decoded.warning != nil)
    }

    @Test(arguments: [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], "PNG"),
        ([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37], "PDF"),
        ([0x1F, 0x8B, 0x08, 0x00, 0x00], "gzip"),
        ([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01], "ELF"),
    ] as [([UInt8], String)])
    func binaryFormatsAreRefusedByName(bytes: [UInt8], kind: String) {
        #expect {
            try TextDecoding.decode(bytes)
        } throws: { error in
            guard case IntakeError.binary(let found) = error else { return false }
            return found.contains(kind)
        }
    }

    @Test func randomBytesAreRefused() async {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let bytes = (0..<2048).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: IntakeError.self) { try TextDecoding.decode(bytes) }
        }
    }

    /// A page with a few stray NUL bytes is read, without them and with a warning; data full of them is not.
    @Test func aFewStrayNULBytesAreRemovedManyAreBinary() async throws {
        let page = "<html><head><title>Harbour</title></head><body><p>The council of Northbridge voted on Tuesday to "
            + "build a new ferry terminal, officials said after a long debate.</p></body></html>"
        var bytes = Array(page.utf8)
        bytes.insert(0, at: 120)
        bytes.insert(0, at: 60)
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == page)
        #expect(decoded.warning == "2 stray NUL bytes removed")
        let manyZeros = Array(repeating: Array("news ".utf8) + [0, 0], count: 40).flatMap { $0 }
        #expect(throws: IntakeError.self) { try TextDecoding.decode(manyZeros) }
    }

    /// Wire copy and plain text with a few control characters are text; text that is mostly them is not.
    @Test func aFewControlCharactersAreText() async throws {
        let text = "The council of Northbridge voted \u{07}on Tuesday to build a new ferry \u{1B}terminal, officials said."
        #expect(try TextDecoding.decode(Array(text.utf8)).text == text)
        let noise = String(repeating: "a\u{01}\u{02}\u{03}", count: 30)
        #expect(throws: IntakeError.self) { try TextDecoding.decode(Array(noise.utf8)) }
    }

    /// `charset=iso-8859-1"` and other junk around a declared label: the label is read, never the junk.
    @Test(arguments: ["iso-8859-1\\\"", "iso-8859-1\"", "\\\"iso-8859-1\\\"", "iso-8859-1;", "'iso-8859-1'"])
    func aDeclaredCharsetIsReadWithoutStrayQuotes(label: String) async throws {
        let head = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(label)\"></head><body><p>"
        // Real Latin-1 bytes: é is 0xE9.
        let latin1 = Array(head.utf8) + Array("Caf".utf8) + [0xE9] + Array(" owners in Porto.</p></body></html>".utf8)
        let decoded = try TextDecoding.decode(latin1)
        #expect(decoded.encoding == "windows-1252")
        #expect(decoded.text.contains("Café owners"))
        // UTF-8 bytes under the same declaration: read as UTF-8, with a warning, never as mojibake.
        let utf8 = Array((head + "Café owners in Porto.</p></body></html>").utf8)
        let read = try TextDecoding.decode(utf8)
        #expect(read.encoding == "utf-8" && read.text.contains("Café owners"), "\(read.encoding) \(read.text)")
    }
}

/// A deterministic random source for tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
