import Foundation
import Testing

/// End-to-end: the built `copydesk` binary against temporary folders.
@Suite("copydesk command line", .serialized)
struct CommandLineTests {
    /// Python with `jsonschema` (scripts/test installs it into .build/python).
    static var python: String { ProcessInfo.processInfo.environment["COPYDESK_PYTHON"] ?? "python3" }

    /// Validates JSON Lines against the repository's JSON Schema with Python's jsonschema.
    func validateAgainstSchema(_ jsonLines: String) async throws {
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            count = 0
            for number, line in enumerate(sys.stdin, 1):
                for error in validator.iter_errors(json.loads(line)):
                    sys.exit(f"line {number}: {error.json_path}: {error.message}")
                count += 1
            print(count)
            """
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [Self.python, "-c", script, TestPaths.schema.path],
                                           standardInput: Data(jsonLines.utf8))
        #expect(result.status == 0, "schema validation failed (scripts/test installs jsonschema): \(result.standardError)")
    }

    @Test func seedsGiveFiveSchemaValidLines() async throws {
        let result = try await CommandRunner.copydesk(["run", TestPaths.seeds.path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try result.jsonLines()
        #expect(lines.count == 5)
        #expect(lines.compactMap { ($0["source"] as? [String: Any])?["name"] as? String }
                == (try FileManager.default.contentsOfDirectory(atPath: TestPaths.seeds.path).sorted()))
        #expect(result.standardError.contains("5 written, 0 dropped, 0 failed"))
        try await validateAgainstSchema(result.standardOutput)
    }

    @Test func badInputsFailOneByOneWithReasons() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        try write("a-empty.txt", [])
        try write("b-image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 100))
        var generator = SeededGenerator(seed: 3)
        try write("c-random.bin", (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try write("d-truncated.html", Array("<html><head><title>Cut</title></head><body><p>The first paragraph.<p>The second <b>is cut".utf8))
        try write("e-utf16.txt", [0xFF, 0xFE] + "Zürich council “met”.\n\nSecond paragraph.".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try write("f-cp1252.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x6F, 0x70, 0x65, 0x6E, 0x94, 0x2E])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("g-sub"), withIntermediateDirectories: true)
        try Data("A story in a subfolder.".utf8).write(to: folder.appendingPathComponent("g-sub/story.txt"))
        try Data("hidden".utf8).write(to: folder.appendingPathComponent(".hidden.txt"))

        let result = try await CommandRunner.copydesk(["run", folder.path], timeout: 60)
        #expect(result.status == 1)
        #expect(result.standardError.contains("a-empty.txt: intake: empty input"))
        #expect(result.standardError.contains("b-image.png: intake: binary input (PNG image)"))
        #expect(result.standardError.contains("c-random.bin: intake: binary input"))
        #expect(result.standardError.contains("7 inputs: 4 written, 0 dropped, 3 failed"))
        let lines = try result.jsonLines()
        let texts = Dictionary(uniqueKeysWithValues: lines.map {
            (($0["source"] as! [String: Any])["name"] as! String, $0["text"] as! String)
        })
        #expect(texts["d-truncated.html"] == "The first paragraph.\n\nThe second is cut")
        #expect(texts["e-utf16.txt"] == "Zürich council “met”.\n\nSecond paragraph.")
        #expect(texts["f-cp1252.txt"] == "Café “open”.")
        #expect(texts["story.txt"] == "A story in a subfolder.")
        try await validateAgainstSchema(result.standardOutput)
    }

    @Test func aFolderIsReadInPathOrderWithLinkedFilesButNotLinkedFolders() async throws {
        let folder = try TestPaths.temporaryFolder(), outside = try TestPaths.temporaryFolder()
        defer { for f in [folder, outside] { try? FileManager.default.removeItem(at: f) } }
        func write(_ text: String, _ path: String, in root: URL) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("Story b.", "b/x.txt", in: folder)
        try write("Story a.", "a.txt", in: folder)
        try write("Hidden.", ".hidden.txt", in: folder)
        try write("In a hidden folder.", ".drafts/z.txt", in: folder)
        try write("Linked story.", "target.txt", in: outside)
        try write("In a linked folder.", "sub/w.txt", in: outside)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("c-link.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("target.txt"))
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("d-folder"),
                                                   withDestinationURL: outside.appendingPathComponent("sub"))
        let result = try await CommandRunner.copydesk(["run", folder.path, "--stages", "clean", "--jobs", "1"], timeout: 60)
        #expect(result.status == 0)
        let names = try result.jsonLines().map { ($0["source"] as! [String: Any])["name"] as! String }
        #expect(names == ["a.txt", "x.txt", "c-link.txt"])
    }

    @Test func standardInputAndOutFile() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.jsonl")
        let result = try await CommandRunner.copydesk(["run", "-", "--out", out.path], standardInput: Data("# Title here\n\nBody **text**.".utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let line = try String(contentsOf: out, encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        #expect((object["source"] as! [String: Any])["name"] as? String == "-")
        #expect((object["source"] as! [String: Any])["format"] as? String == "markdown")
        #expect(object["text"] as? String == "Title here\n\nBody text.")

        let again = try await CommandRunner.copydesk(["run", "-", "--out", out.path, "--append"], standardInput: Data("More.".utf8))
        #expect(again.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test(arguments: [
        ["run"],
        ["run", "/nonexistent/folder"],
        ["run", "-", "-"],
        ["run", "--stages", "nonsense", "-"],
        ["run", "--jobs", "0", "-"],
        ["frobnicate"],
    ])
    func usageErrorsExitWithTwo(arguments: [String]) async throws {
        let result = try await CommandRunner.copydesk(arguments, standardInput: Data())
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(!result.standardError.isEmpty)
    }

    @Test func stagesListsTheBuiltInStages() async throws {
        let result = try await CommandRunner.copydesk(["stages"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("built-in:\n  clean"))
    }

    @Test func inspectShowsTitleMetaAndParagraphs() async throws {
        let seed = try TestPaths.seed("004")
        let result = try await CommandRunner.copydesk(["inspect", seed.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("TITLE     Hamas says Israel obstructing truce talks as Gaza genocide rages on"))
        #expect(result.standardOutput.contains("DATELINE  Gaza City, December 31, (RHC)"))
        #expect(result.standardOutput.contains("  1  Hamas says Israel obstructing truce talks"))

        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("seeds.jsonl")
        _ = try await CommandRunner.copydesk(["run", TestPaths.seeds.path, "--out", out.path])
        let fromOutput = try await CommandRunner.copydesk(["inspect", out.path, "--name", seed.lastPathComponent])
        #expect(fromOutput.status == 0, "\(fromOutput.standardError)")
        #expect(fromOutput.standardOutput.contains("SITE      Radio Habana Cuba"))
    }

    @Test func aebPagesAllProcess() async throws {
        let result = try await CommandRunner.copydesk(["run", TestPaths.aebHTML.path], timeout: 300)
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")
        #expect(try result.jsonLines().count == 181)
        #expect(result.standardError.contains("181 written, 0 dropped, 0 failed"))
    }
}
