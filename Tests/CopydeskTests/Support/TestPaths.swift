import Foundation

/// Where tests find the repository, the shared evaluation data and the built binary.
enum TestPaths {
    /// The package root (this file is Tests/CopydeskTests/Support/TestPaths.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared`, read in place (never copied into the repository).
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")

    static let seeds = shared.appendingPathComponent("corpus/seeds")
    static let aebHTML = shared.appendingPathComponent("eval/extraction/aeb/html")
    static let aebGold = shared.appendingPathComponent("eval/extraction/aeb/gold")
    static let schema = root.appendingPathComponent("schema/copydesk.document-1.schema.json")

    /// The `copydesk` executable built beside the test bundle (or `COPYDESK_BINARY`).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["COPYDESK_BINARY"] { return URL(fileURLWithPath: path) }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [besideTests, besideTests.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("copydesk")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/copydesk")
    }

    /// The seed file whose name starts with `prefix` ("001").
    static func seed(_ prefix: String) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path)
        guard let name = names.sorted().first(where: { $0.hasPrefix(prefix) }) else {
            throw TestFailure("no seed \(prefix) in \(seeds.path)")
        }
        return seeds.appendingPathComponent(name)
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copydesk-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
