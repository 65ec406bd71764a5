@testable import Copydesk
@testable import CopydeskCore
import Foundation
import Testing

@Suite("Output encoding")
struct OutputEncodingTests {
    func richDocument() -> Document {
        var document = Document(
            id: String(repeating: "ab", count: 32),
            source: Source(name: "haniya \"1\".html", bytes: 18342, format: .html, encoding: "utf-8",
                           received: "2026-11-21T09:14:03Z"),
            input: DecodedInput(format: .html, content: "<p>not written</p>"))
        document.meta = Metadata(title: "Tab\there, quote \" and backslash \\", published: "2023-11-04", site: "Islam Times",
                                 url: nil, authors: ["A / B"], language: "en",
                                 dateline: Dateline(place: "Tehran", date: "November 3", agency: "RHC"))
        document.text = "Café 🙂 “Haniya”\n\nLine\u{2028}sep \u{1} ctl / slash"
        document.dedup = DedupResult(status: .nearDuplicate, of: String(repeating: "cd", count: 32), similarity: 0.93456, cluster: "K1")
        document.entities = [Entity(id: "E1", name: "Haniya", type: .person,
                                    mentions: [Mention(start: 8, end: 14, text: "Haniya")])]
        document.claims = [Claim(id: "C1", kind: .direct, content: Mention(start: 0, end: 4, text: "Café"),
                                 speaker: Speaker(name: "Haniya", entity: "E1", mention: Mention(start: 8, end: 14, text: "Haniya"),
                                                  resolution: .explicit),
                                 cue: nil)]
        document.stages = [StageRecord(name: "clean", version: "1", milliseconds: 0.4149)]
        document.warnings = ["encoding: guessed"]
        document.extensions = ["reading_time": .object(["minutes": .integer(3), "words": .integer(612), "rate": .number(0.5)]),
                               "house_style": .array([.string("use ‘per cent’"), .null, .bool(true)])]
        return document
    }

    @Test func roundTripKeepsEveryOutputField() async throws {
        var document = richDocument()
        let line = DocumentEncoder.line(for: document)
        #expect(line.last == 0x0A)
        #expect(line.dropLast().contains(0x0A) == false, "a JSON line must not contain a raw newline")
        let decoded = try Document(jsonLine: line.dropLast())
        document.input = nil
        document.stages[0].milliseconds = 0.415
        document.dedup?.similarity = 0.9346
        #expect(decoded == document)
    }

    @Test func fieldsComeInSchemaOrder() async throws {
        let text = String(decoding: DocumentEncoder.line(for: richDocument()), as: UTF8.self)
        var last = text.startIndex
        for key in ["\"schema\"", "\"id\"", "\"source\"", "\"meta\"", "\"text\"", "\"dedup\"", "\"entities\"",
                    "\"claims\"", "\"stages\"", "\"warnings\""] {
            let range = try #require(text.range(of: key, range: last..<text.endIndex), "\(key) out of order")
            last = range.upperBound
        }
        #expect(text.hasPrefix("{\"schema\":\"copydesk.document/1\",\"id\":"))
        #expect(text.hasSuffix(#","house_style":["use ‘per cent’",null,true],"reading_time":{"minutes":3,"rate":0.5,"words":612}}"# + "\n"))
    }

    @Test func escapingIsMinimalAndValid() async throws {
        let text = String(decoding: DocumentEncoder.line(for: richDocument()), as: UTF8.self)
        #expect(text.contains(#""title":"Tab\there, quote \" and backslash \\""#))
        #expect(text.contains(#"Line\u2028sep \u0001 ctl / slash"#))
        #expect(text.contains("Café 🙂 “Haniya”"), "non-ASCII is written as UTF-8, not escaped")
        #expect(text.contains(#""ms":0.415"#))
        #expect(text.contains(#""similarity":0.9346"#))
        #expect(text.contains(#""url":null"#))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test func everySpecialByteIsEscapedWhereverItFallsInALongString() async throws {
        // The writer skips eight plain bytes at a time: each byte that needs a look, at each place in
        // an eight-byte block, must still be seen.
        let specials: [(Character, String)] = [("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{1}", #"\u0001"#),
                                               ("\u{7F}", #"\u007f"#), ("\u{2028}", #"\u2028"#), ("é", "é")]
        for (special, escaped) in specials {
            for position in 0..<17 {
                let text = String(repeating: "a", count: position) + String(special) + String(repeating: "b", count: 20)
                var writer = JSONWriter()
                writer.string(text)
                let expected = "\"" + String(repeating: "a", count: position) + escaped + String(repeating: "b", count: 20) + "\""
                #expect(String(decoding: writer.bytes, as: UTF8.self) == expected, "\(escaped) at \(position)")
            }
        }
        // Every byte value in every lane, checked against a byte-by-byte reading.
        for value in UInt8.min...UInt8.max {
            for lane in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 8)
                bytes[lane] = value
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let plain = value >= 0x20 && value < 0x7F && value != UInt8(ascii: "\"") && value != UInt8(ascii: "\\")
                #expect(JSONWriter.isPlainASCII(word) == plain, "byte \(value) in lane \(lane)")
            }
        }
    }

    @Test func integersAreWrittenInFull() async {
        var json = JSONWriter()
        json.beginArray()
        for number in [0, 7, -7, 10, 1_000_000, -45_514, Int.max, Int.min] { json.number(number) }
        json.number(-2.5, decimals: 1)
        json.number(1234.000_5, decimals: 4)
        json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self)
                == "[0,7,-7,10,1000000,-45514,9223372036854775807,-9223372036854775808,-2.5,1234.0005]")
    }

    @Test func commasStayRightAtAnyDepth() async throws {
        // Deeper than the 64 levels the writer keeps in one word, and back out, siblings at each level.
        var nested = JSONValue.array([.integer(0), .integer(1)])
        for level in 0..<100 { nested = level % 2 == 0 ? .array([.integer(level), nested, .string("x")]) : .object(["a": nested, "b": .null]) }
        var json = JSONWriter()
        json.beginArray()
        json.value(nested)
        json.value(nested)
        json.endArray()
        let parsed = try JSONSerialization.jsonObject(with: Data(json.bytes))
        #expect((parsed as? [Any])?.count == 2)
    }

    @Test func emptyStageFieldsAreWrittenEmpty() async {
        let document = Document(id: String(repeating: "0", count: 64),
                                source: Source(name: "x", bytes: 1, format: .text, encoding: "utf-8", received: "2026-01-01T00:00:00Z"),
                                input: nil)
        let text = String(decoding: DocumentEncoder.line(for: document), as: UTF8.self)
        #expect(text.contains(#""dedup":null,"entities":[],"claims":[],"stages":[],"warnings":[]"#))
    }

    @Test func offsetsCountCodePointsLikePython() async throws {
        // Mentions computed from the segmentation must slice the same text in Python (code points).
        let text = "Zürich 🙂 Haniya said. “Ça va,” Haniya said."
        let segmentation = Segmenter.segment(text)
        let scalars = Array(text.unicodeScalars)
        let haniya = segmentation.tokens.filter { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) == "Haniya" }
        #expect(haniya.count == 2)
        #expect(haniya[0] == TextSpan(start: 9, end: 15))
        var document = makeDocument("x")
        document.text = text
        document.entities = [Entity(id: "E1", name: "Haniya", type: .person,
                                    mentions: haniya.map { Mention(start: $0.start, end: $0.end, text: "Haniya") })]
        let line = DocumentEncoder.line(for: document)
        let script = """
            import json, sys
            d = json.loads(sys.stdin.read())
            for m in d["entities"][0]["mentions"]:
                assert d["text"][m["start"]:m["end"]] == m["text"], (m, d["text"][m["start"]:m["end"]])
            print("ok")
            """
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], standardInput: Data(line))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "ok\n")
    }
}

/// One JSON type per field on every line, and one date format.
@Suite("Output types")
struct OutputTypeTests {
    @Test func doublesAlwaysCarryADecimalPoint() async {
        var json = JSONWriter(capacity: 64)
        json.beginArray()
        for value in [1.0, 0.75, 0, -2, 12.5, 1e-12] { json.number(value, decimals: 4) }
        json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[1.0,0.75,0.0,-2.0,12.5,0.0]")
    }

    @Test(arguments: [
        ("2026-03-09T11:30:00Z", "2026-03-09T11:30:00Z"),
        ("2026-03-09T12:30:00+01:00", "2026-03-09T11:30:00Z"),
        ("2026-03-09 12:30+0100", "2026-03-09T11:30:00Z"),
        ("2026-03-09T11:30:00.123456Z", "2026-03-09T11:30:00Z"),
        ("2026-03-09", "2026-03-09T00:00:00Z"),
        ("20260309T123000+0100", "2026-03-09T11:30:00Z"),
        ("Mon, 9 Mar 2026 06:30:00 -0500", "2026-03-09T11:30:00Z"),
        ("Mon, 09 Mar 2026 11:30:00 GMT", "2026-03-09T11:30:00Z"),
        ("March 9, 2026", "2026-03-09T00:00:00Z"),
        ("9 March 2026", "2026-03-09T00:00:00Z"),
        ("Sept. 30, 2025, 4:05 pm", "2025-09-30T16:05:00Z"),
        ("2026/03/09", "2026-03-09T00:00:00Z"),
        ("2025-12-31T23:30:00-01:00", "2026-01-01T00:30:00Z"),
    ])
    func datesAreWrittenInOneFormat(input: String, expected: String) {
        #expect(PublishedDate.normalize(input) == expected)
    }

    @Test(arguments: ["yesterday", "2026-02-30", "13/45/2026", "2026-03-09T25:00", "March 2026", ""])
    func whatIsNotADateIsLeftOut(input: String) async {
        #expect(PublishedDate.normalize(input) == nil)
    }
}
