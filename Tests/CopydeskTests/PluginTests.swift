import Copydesk
import Foundation
import Testing

/// End-to-end: plugins that misbehave affect only their own documents.
@Suite("Plugins", .serialized)
struct PluginTests {
    static let fixture = TestPaths.root.appendingPathComponent("Tests/CopydeskTests/Fixtures/misbehaving_plugin.py").path

    /// A folder of `names` stories and a configuration running the fixture in `mode`.
    func setUp(_ mode: String, names: [String], timeout: Double = 1.5, instances: Int = 1) throws -> (folder: URL, config: URL) {
        let folder = try TestPaths.temporaryFolder()
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for name in names { try Data("Story \(name): the council met and voted on the budget.".utf8).write(to: inputs.appendingPathComponent(name)) }
        let config = folder.appendingPathComponent("copydesk.yaml")
        try """
            stages:
              - clean
              - name: \(mode)
                plugin: \(Self.fixture)
                args: [\(mode)]
                timeout: \(timeout)
                instances: \(instances)
            """.write(to: config, atomically: true, encoding: .utf8)
        return (folder, config)
    }

    /// Runs copydesk run and returns (written names, failure lines).
    /// Plugin timeouts leave room for a loaded machine (the suite runs several commands at once, and
    /// a restarted Python plugin must start again within the limit).
    func run(_ mode: String, names: [String], timeout: Double = 3, instances: Int = 1) async throws -> (status: Int32, written: [String], lines: [[String: Any]], failures: [String]) {
        let (folder, config) = try setUp(mode, names: names, timeout: timeout, instances: instances)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await CommandRunner.copydesk(["run", folder.appendingPathComponent("inputs").path, "--config", config.path], timeout: 120)
        let lines = try result.jsonLines()
        let written = lines.map { ($0["source"] as! [String: Any])["name"] as! String }
        let failures = result.standardError.split(separator: "\n").filter { $0.hasPrefix("copydesk: failed: ") }.map(String.init)
        return (result.status, written, lines, failures)
    }

    @Test func aWellBehavedPluginAddsItsFields() async throws {
        let outcome = try await run("well-behaved", names: ["a.txt", "b.txt"])
        #expect(outcome.status == 0, "\(outcome.failures)")
        #expect(outcome.written == ["a.txt", "b.txt"])
        let first = try #require(outcome.lines.first)
        #expect((first["warnings"] as? [String]) == ["seen by well-behaved"])
        #expect((first["test_plugin"] as? [String: Any])?["mode"] as? String == "well-behaved")
        let stages = (first["stages"] as? [[String: Any]])?.map { "\($0["name"]!) \($0["version"]!)" }
        #expect(stages == ["clean \(CleanStage().version)", "well-behaved 9.9"])
    }

    @Test func aPluginCrashingOnEveryThirdDocumentFailsOnlyThose() async throws {
        let names = (1...9).map { "story-\($0).txt" }
        let outcome = try await run("crash-every-third", names: names)
        #expect(outcome.status == 1)
        #expect(outcome.written.count == 6)
        #expect(outcome.failures.count == 3)
        for failure in outcome.failures {
            #expect(failure.contains(": crash-every-third: plugin crash-every-third exited with status 3 while processing this document"))
        }
        #expect(Set(outcome.written).count + outcome.failures.count == names.count)
    }

    @Test func aHangingPluginTimesOutOnItsDocumentsOnly() async throws {
        let outcome = try await run("hang", names: ["a.txt", "hang-1.txt", "b.txt", "hang-2.txt", "c.txt"], timeout: 3)
        #expect(outcome.status == 1)
        #expect(outcome.written == ["a.txt", "b.txt", "c.txt"])
        #expect(outcome.failures.count == 2)
        #expect(outcome.failures.allSatisfy { $0.contains("plugin hang did not answer within 3 s; it was restarted") })
    }

    @Test func aPluginPrintingGarbageFailsThatDocumentAndIsRestarted() async throws {
        let outcome = try await run("garbage", names: ["a.txt", "garbage.txt", "b.txt"])
        #expect(outcome.written == ["a.txt", "b.txt"])
        #expect(outcome.failures.count == 1)
        #expect(outcome.failures.first?.contains("garbage.txt: garbage: plugin garbage: answered with something that is not a JSON object: this is not JSON at all") == true)
    }

    @Test func aPluginChangingTheIdFailsItsDocuments() async throws {
        let outcome = try await run("change-id", names: ["a.txt", "b.txt"])
        #expect(outcome.status == 1)
        #expect(outcome.written.isEmpty)
        #expect(outcome.failures.count == 2)
        #expect(outcome.failures.allSatisfy { $0.contains("plugin change-id: changed the document id") })
    }

    @Test func aPluginThatNeverSaysHelloFailsItsDocumentsWithAReason() async throws {
        let outcome = try await run("no-hello", names: ["a.txt", "b.txt"], timeout: 1)
        #expect(outcome.status == 1)
        #expect(outcome.written.isEmpty)
        #expect(outcome.failures.count == 2)
        #expect(outcome.failures.allSatisfy { $0.contains("plugin no-hello did not say hello within 1 s") })
    }

    @Test func errorAndDropAnswersAreHonoured() async throws {
        let errors = try await run("error", names: ["a.txt", "error.txt"])
        #expect(errors.written == ["a.txt"])
        #expect(errors.failures.first?.contains("error.txt: error: plugin error: cannot classify error.txt") == true)
        let drops = try await run("drop", names: ["a.txt", "drop.txt"])
        #expect(drops.status == 0)
        #expect(drops.written == ["a.txt"])
    }

    @Test func severalInstancesOfAPurePluginRunAtOnce() async throws {
        let names = (1...40).map { String(format: "story-%02d.txt", $0) }
        let outcome = try await run("well-behaved", names: names, instances: 3)
        #expect(outcome.status == 0)
        #expect(outcome.written == names)
        let counters = outcome.lines.compactMap { ($0["test_plugin"] as? [String: Any])?["seen"] as? Int }
        #expect(counters.max()! < 40, "one instance saw every document")
    }

    @Test func theExamplePluginsRunInTheSamplePipeline() async throws {
        let config = TestPaths.root.appendingPathComponent("watch/copydesk.yaml").path
        let result = try await CommandRunner.copydesk(["run", TestPaths.root.appendingPathComponent("samples").path, "--config", config])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = try result.jsonLines()
        #expect(lines.count == 8, "five stories, an agency item, wire copy and a press release by e-mail")
        for line in lines {
            #expect((line["stages"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["clean", "dedup", "entities", "claims", "reading-time", "house-style"])
            let reading = try #require(line["reading"] as? [String: Any])
            #expect((reading["words"] as? Int ?? 0) > 40)
            #expect(line["house_style"] is [Any])
        }
        let floods = try #require(lines.first { ($0["source"] as! [String: Any])["name"] as? String == "floods-update.md" })
        #expect((floods["reading"] as? [String: Any])?["paragraphs"] as? Int == 4)
    }

    @Test func theHouseStylePluginFlagsRuledOutPhrasesWithOffsets() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("copydesk.yaml")
        try "stages:\n  - name: house-style\n    plugin: \(TestPaths.root.path)/plugins/house-style/run\n".write(to: config, atomically: true, encoding: .utf8)
        let text = "Zürich’s mayor slammed the plan. Irregardless, alot of people agreed."
        let result = try await CommandRunner.copydesk(["run", "-", "--config", config.path], standardInput: Data(text.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        let line = try #require(try result.jsonLines().first)
        let findings = try #require(line["house_style"] as? [[String: Any]])
        #expect(findings.compactMap { $0["text"] as? String } == ["slammed", "Irregardless", "alot"])
        let scalars = Array((line["text"] as! String).unicodeScalars)
        for finding in findings {
            let start = finding["start"] as! Int, end = finding["end"] as! Int
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == finding["text"] as? String)
        }
    }

    @Test func theDaemonKeepsRunningAndLosesNothingWithACrashingPlugin() async throws {
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(at: daemon.root, withIntermediateDirectories: true)
        try """
            stages:
              - name: crashy
                plugin: \(Self.fixture)
                args: [crash-every-third]
                timeout: 2
                instances: 1
            """.write(to: daemon.root.appendingPathComponent("copydesk.yaml"), atomically: true, encoding: .utf8)
        try await daemon.start()
        let names = (1...12).map { String(format: "wire-%02d.txt", $0) }
        for name in names { try daemon.write(name, "Wire story \(name) about the harbour budget.") }
        try await daemon.waitUntil("all finished", timeout: 60) {
            daemon.names(in: "done").count + daemon.names(in: "failed").filter { !$0.hasSuffix(".error.json") }.count == 12
        }
        let failed = daemon.names(in: "failed").filter { !$0.hasSuffix(".error.json") }
        #expect(failed.count == 4)
        #expect(try daemon.outputLines().count == 8)
        let error = try String(contentsOf: daemon.root.appendingPathComponent("failed/\(failed[0]).error.json"), encoding: .utf8)
        #expect(error.contains("\"stage\":\"crashy\""))
        #expect(error.contains("plugin crashy exited with status 3"))
        try await daemon.stopCleanly()
    }
}

/// Plugins that flood their output or stop reading: their documents fail within the timeout (or,
/// for a flood on stderr, succeed), memory stays bounded, and the run goes on.
@Suite("Plugins that flood or stall", .serialized)
struct PluginFloodTests {
    /// Runs `copydesk run` under Python's `resource` to read its peak RSS (and its plugins'; the
    /// flooding plugin writes in 1 MB chunks, so its own is small).
    private func runMeasured(_ mode: String, names: [String], bytes: Int = 0, timeout: Double) async throws
        -> (status: Int32, written: [String], failures: [String], seconds: Double, peakKB: Int) {
        let plugins = PluginTests()
        let (folder, config) = try plugins.setUp(mode, names: names, timeout: timeout)
        defer { try? FileManager.default.removeItem(at: folder) }
        if bytes > 0 {
            for name in names {
                let text = String(repeating: "The council met and voted on the budget for the harbour. ", count: bytes / 56)
                try Data(text.utf8).write(to: folder.appendingPathComponent("inputs/\(name)"))
            }
        }
        let script = """
            import resource, subprocess, sys, time
            started = time.time()
            result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
            sys.stderr.write(result.stderr)
            sys.stdout.write(result.stdout)
            print("MEASURE %d %.3f %d" % (result.returncode, time.time() - started,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), file=sys.stderr)
            """
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["python3", "-c", script, TestPaths.binary.path, "run",
                                            folder.appendingPathComponent("inputs").path, "--config", config.path], timeout: 300)
        let measure = try #require(result.standardError.split(separator: "\n").last { $0.hasPrefix("MEASURE ") }).split(separator: " ")
        let written = try result.jsonLines().map { ($0["source"] as! [String: Any])["name"] as! String }
        let failures = result.standardError.split(separator: "\n").filter { $0.hasPrefix("copydesk: failed: ") }.map(String.init)
        return (Int32(measure[1])!, written, failures, Double(measure[2])!, Int(measure[3])!)
    }

    @Test func aPluginWritingAHundredMegabytesWithoutANewlineFailsItsDocument() async throws {
        let outcome = try await runMeasured("flood-stdout", names: ["a.txt", "flood.txt", "z.txt"], timeout: 20)
        #expect(outcome.written == ["a.txt", "z.txt"])
        #expect(outcome.failures.count == 1)
        #expect(outcome.failures.first?.contains("without ending its answer line") == true, "\(outcome.failures)")
        #expect(outcome.peakKB < 300_000, "peak RSS \(outcome.peakKB) KB")
    }

    @Test func aHundredMegabytesOfStderrWithoutANewlineDoesNotHoldTheAnswer() async throws {
        let outcome = try await runMeasured("flood-stderr", names: ["a.txt", "b.txt"], timeout: 20)
        #expect(outcome.status == 0, "\(outcome.failures)")
        #expect(outcome.written == ["a.txt", "b.txt"])
        #expect(outcome.seconds < 20, "took \(outcome.seconds) s")
        #expect(outcome.peakKB < 300_000, "peak RSS \(outcome.peakKB) KB")
    }

    @Test func aPluginThatStopsReadingTimesOutAndTheRunGoesOn() async throws {
        // 1 MB documents: more than a pipe holds, so writing the request blocks.
        let outcome = try await runMeasured("stop-reading", names: ["a.txt", "b.txt"], bytes: 1 << 20, timeout: 2)
        #expect(outcome.status == 1)
        #expect(outcome.written.isEmpty)
        #expect(outcome.failures.count == 2)
        #expect(outcome.failures.allSatisfy { $0.contains("did not answer within 2 s") }, "\(outcome.failures)")
        #expect(outcome.seconds < 30, "took \(outcome.seconds) s")
    }
}
