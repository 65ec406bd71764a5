import Foundation

/// Where tests find the repository, the shared evaluation data and the built binary.
enum TestPaths {
    /// The package root (this file is Tests/CopydeskTests/Support/TestPaths.swift).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared`, read in place (never copied into the repository).
    static let sharedRoot = root.deletingLastPathComponent().appendingPathComponent("shared")

    /// A path in `../shared`; a missing one fails the test with what is missing and why.
    static func shared(_ relative: String) throws -> URL {
        let url = sharedRoot.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let what = FileManager.default.fileExists(atPath: sharedRoot.path)
                ? "\(url.path) is missing from the workspace's shared data"
                : "the workspace's shared data is missing: no \(sharedRoot.path)"
            throw TestFailure("\(what). The tests read ../shared beside the repository in place (corpus/seeds, corpus/wire, "
                + "eval/extraction, eval/dedup, …); check it out there, or link it (ln -s /path/to/shared \(sharedRoot.path))")
        }
        return url
    }

    static var seeds: URL { get throws { try shared("corpus/seeds") } }
    static var aebHTML: URL { get throws { try shared("eval/extraction/aeb/html") } }
    static var aebGold: URL { get throws { try shared("eval/extraction/aeb/gold") } }
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
        let seeds = try seeds
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
