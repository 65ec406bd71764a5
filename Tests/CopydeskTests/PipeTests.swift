import Foundation
import Testing

/// `copydesk pipe`: JSON Lines in, one result line each out, in order; errors as lines.
@Suite("copydesk pipe")
struct PipeTests {
    static func request(_ name: String, _ text: String, base64: Bool = false) throws -> String {
        let object: [String: Any] = base64 ? ["name": name, "content_base64": Data(text.utf8).base64EncodedString()]
                                           : ["name": name, "content": text]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func linesInLinesOutInOrderWithErrorsAsLines() async throws {
        var input = ""
        for index in 0..<30 {
            input += try Self.request("story-\(index).txt", "Story \(index): the council in Northbridge met on Tuesday, Ana Ruiz said.",
                                      base64: index % 2 == 1) + "\n"
        }
        input += "not json\n"
        input += try Self.request("empty.txt", "") + "\n"
        input += "{\"content\": \"no name\"}\n"
        input += try Self.request("last.txt", "The last story of the partition, about the harbour.") + "\n"
        let result = try await CommandRunner.copydesk(["pipe", "--jobs", "4"], standardInput: Data(input.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try result.jsonLines()
        #expect(lines.count == 34)
        let names = lines.prefix(30).compactMap { ($0["source"] as? [String: Any])?["name"] as? String }
        #expect(names == (0..<30).map { "story-\($0).txt" }, "in input order")
        #expect(lines[30]["line"] as? Int == 31 && (lines[30]["error"] as? String)?.contains("not a JSON object") == true)
        #expect(lines[31]["name"] as? String == "empty.txt" && lines[31]["stage"] as? String == "intake")
        #expect((lines[32]["error"] as? String)?.contains("no \"name\"") == true)
        #expect(((lines[33]["source"] as? [String: Any])?["name"] as? String) == "last.txt")
        #expect(lines[0]["entities"] is [Any] && lines[0]["claims"] is [Any])
    }

    @Test func theSameDocumentsAsRun() async throws {
        let folder = TestPaths.root.appendingPathComponent("samples")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var input = ""
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let object: [String: Any] = ["name": name, "content_base64": data.base64EncodedString()]
            input += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
        }
        let piped = try await CommandRunner.copydesk(["pipe"], standardInput: Data(input.utf8))
        let run = try await CommandRunner.copydesk(["run", folder.path])
        #expect(piped.status == 0 && run.status == 0)
        func comparable(_ lines: [[String: Any]]) -> [String] {
            lines.map { line in
                var line = line
                line["stages"] = nil
                var source = line["source"] as? [String: Any] ?? [:]
                source["received"] = nil
                line["source"] = source
                return String(decoding: (try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
            }
        }
        #expect(comparable(try piped.jsonLines()) == comparable(try run.jsonLines()), "document for document")
    }
}
