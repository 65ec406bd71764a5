import Foundation
import Testing

/// examples/spark_pipe.py for real: PySpark (from PyPI, scripts/bootstrap --python) in local mode
/// pipes files through `copydesk pipe` with the dedup index in PostgreSQL.
@Suite("Copydesk inside Spark")
struct SparkTests {
    /// Every field but the per-run ones (timings, the time received), keyed by the input's name.
    static func comparable(_ lines: [[String: Any]]) throws -> [String: String] {
        var documents: [String: String] = [:]
        for var line in lines {
            line["stages"] = nil
            var source = line["source"] as? [String: Any] ?? [:]
            source["received"] = nil
            line["source"] = source
            let name = try #require(source["name"] as? String)
            documents[name] = String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self)
        }
        return documents
    }

    @Test func twoHundredFilesThroughSparkEqualAPlainRun() async throws {
        let database = try await TestPostgres.freshDatabase()
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        // 200 real, distinct articles (the dedup set's originals), so no verdict depends on the order.
        let articles = try String(contentsOf: try TestPaths.shared("eval/dedup/articles.jsonl"), encoding: .utf8)
        var written = 0
        for line in articles.split(separator: "\n") where written < 200 {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["kind"] as? String == "real", let id = object["id"] as? String, let text = object["text"] as? String else { continue }
            try text.write(to: input.appendingPathComponent("\(id).txt"), atomically: true, encoding: .utf8)
            written += 1
        }
        #expect(written == 200)

        let output = folder.appendingPathComponent("spark")
        let spark = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
            [CommandLineTests.python, TestPaths.root.appendingPathComponent("examples/spark_pipe.py").path, input.path, output.path,
             "--copydesk", TestPaths.binary.path, "--state", database, "--master", "local[2]", "--partitions", "4"], timeout: 900)
        #expect(spark.status == 0, "\(spark.standardError.suffix(3000))")
        var sparkLines: [[String: Any]] = []
        let parts = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("documents").path)
        for part in parts where part.hasPrefix("part-") {
            let text = try String(contentsOf: output.appendingPathComponent("documents/\(part)"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                sparkLines.append(try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]))
            }
        }
        let plain = try await CommandRunner.copydesk(["run", input.path], timeout: 300)
        #expect(plain.status == 0, "\(plain.standardError)")
        let fromSpark = try Self.comparable(sparkLines)
        let fromRun = try Self.comparable(try plain.jsonLines())
        #expect(sparkLines.count == 200 && fromRun.count == 200)
        #expect(fromSpark == fromRun, "document for document")
        #expect(try await TestPostgres.psql(database, "SELECT count(*) FROM copydesk_sketches") == "200",
                "the partitions shared the dedup index in PostgreSQL")
    }
}
