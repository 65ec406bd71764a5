@testable import Copydesk
import Foundation
import Testing

/// Stage versions are true: a built-in stage's version changes whenever its output can change, so
/// an operator can tell which documents a backfill must redo. The fields each stage assigns (its
/// ``StageContract``) are digested over the samples and the agency fixtures, and compared with the
/// digests recorded for that version in `Fixtures/StageOutputs/digests.json`. Changing a stage's
/// output without bumping its version fails here; so does bumping it without recording the new digest.
@Suite("Stage versions")
struct StageVersionTests {
    static let digestsFile = TestPaths.root.appendingPathComponent("Tests/CopydeskTests/Fixtures/StageOutputs/digests.json")

    /// The inputs: everything in samples/ and the agency fixtures, in path order.
    static func inputs() throws -> [String] {
        let folders = [TestPaths.root.appendingPathComponent("samples"),
                       TestPaths.root.appendingPathComponent("Tests/CopydeskTests/Fixtures/Agency")]
        return try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
                .map { folder.appendingPathComponent($0).path }
        }
    }

    /// Each stage's version and the SHA-256 of the fields it assigns, over every document.
    static func measure() async throws -> [String: [String: String]] {
        let result = try await CommandRunner.copydesk(["run"] + inputs(), timeout: 300)
        let lines = try result.jsonLines()
        guard !lines.isEmpty else { throw TestFailure("no documents: \(result.standardError)") }
        var measured: [String: [String: String]] = [:]
        for description in BuiltInStages.all {
            var bytes: [UInt8] = []
            for line in lines {
                let fields = description.contract.assigns.reduce(into: [String: Any]()) { $0[$1] = line[$1] ?? NSNull() }
                bytes += Array(try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .fragmentsAllowed]))
                bytes.append(0x0A)
            }
            let versions = lines.compactMap { line in
                (line["stages"] as? [[String: Any]])?.first { $0["name"] as? String == description.name }?["version"] as? String
            }
            measured[description.name] = ["version": versions.first ?? "?", "digest": SHA256.hexDigest(of: bytes)]
        }
        return measured
    }

    @Test func aStagesOutputChangesOnlyWithItsVersion() async throws {
        let measured = try await Self.measure()
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.digestsFile)) as? [String: [String: String]] ?? [:]
        let update = String(decoding: try JSONSerialization.data(withJSONObject: measured, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
        for (stage, now) in measured.sorted(by: { $0.key < $1.key }) {
            let before = recorded[stage]
            if before?["version"] == now["version"] {
                #expect(before?["digest"] == now["digest"],
                        "stage '\(stage)' gives other output at the same version \(now["version"]!): bump its version, then record the digests in \(Self.digestsFile.path):\n\(update)")
            } else {
                Issue.record("stage '\(stage)' is now version \(now["version"]!) (recorded: \(before?["version"] ?? "none")): record its new digest in \(Self.digestsFile.path):\n\(update)")
            }
        }
    }
}
