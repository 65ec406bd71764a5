import Foundation
import Testing

/// End-to-end: `copydesk watch` on temporary drop folders.
@Suite("copydesk watch", .serialized)
struct DropFolderTests {
    @Test func aFileWrittenInChunksIsProcessedOnceAfterClose() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        // One open, five writes with pauses, one close — as a wire feed writes.
        let descriptor = open(daemon.inbox.appendingPathComponent("chunked.txt").path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(descriptor >= 0)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        for chunk in 0..<5 {
            handle.write(Data("Chunk \(chunk) of a story written slowly by a wire feed. ".utf8))
            try await Task.sleep(for: .seconds(0.3))
        }
        try handle.close()
        try await daemon.waitUntil("chunked.txt is done") { daemon.names(in: "done") == ["chunked.txt"] }
        let lines = try daemon.outputLines()
        #expect(lines.count == 1)
        #expect((lines.first?["text"] as? String)?.contains("Chunk 4") == true)
        try await daemon.stopCleanly()
    }

    @Test func aWriterPausingLongerThanTheSettleTimeIsWaitedFor() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let descriptor = open(daemon.inbox.appendingPathComponent("slow.txt").path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        handle.write(Data("The first half of a story from a slow uploader. ".utf8))
        try await Task.sleep(for: .seconds(2.5))  // settle is 1 s: only the open file descriptor says "not yet"
        handle.write(Data("The second half arrives later.".utf8))
        try handle.close()
        try await daemon.waitUntil("slow.txt is done") { daemon.names(in: "done") == ["slow.txt"] }
        #expect((try daemon.outputLines().first?["text"] as? String)?.hasSuffix("The second half arrives later.") == true)
        try await daemon.stopCleanly()
    }

    @Test func renamedInFilesArriveAndTemporaryNamesWait() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        for name in ["story.txt.part", "draft.tmp", ".hidden.txt", "download.crdownload"] {
            try daemon.write(name, "A story still being written: \(name).")
        }
        try FileManager.default.moveItem(at: daemon.inbox.appendingPathComponent("story.txt.part"),
                                         to: daemon.inbox.appendingPathComponent("story.txt"))
        try await daemon.waitUntil("story.txt is done") { daemon.names(in: "done") == ["story.txt"] }
        try await Task.sleep(for: .seconds(1.5))  // longer than the settle time: temporary names still wait
        #expect(daemon.names(in: "inbox") == ["download.crdownload", "draft.tmp"])
        #expect(FileManager.default.fileExists(atPath: daemon.inbox.appendingPathComponent(".hidden.txt").path))
        #expect(try daemon.outputNames() == ["story.txt"])
        try await daemon.stopCleanly()
    }

    @Test func emptyAndBinaryFilesGoToFailedWithReasons() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try Data().write(to: daemon.inbox.appendingPathComponent("empty.txt"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).write(to: daemon.inbox.appendingPathComponent("photo.png"))
        try await daemon.waitUntil("both failed") { daemon.names(in: "failed").count == 4 }
        #expect(daemon.names(in: "failed") == ["empty.txt", "empty.txt.error.json", "photo.png", "photo.png.error.json"])
        let error = try JSONSerialization.jsonObject(with: Data(contentsOf: daemon.root.appendingPathComponent("failed/photo.png.error.json"))) as! [String: Any]
        #expect(error["stage"] as? String == "intake")
        #expect((error["error"] as? String)?.contains("PNG image") == true)
        #expect(error["attempt"] as? Int == 1)
        #expect(error["time"] is String)
        #expect(try daemon.outputLines().isEmpty)
        try await daemon.stopCleanly()
    }

    @Test func theSameBytesUnderTwoNamesGiveOneLine() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.write("first.txt", "The same wire story, delivered twice.")
        try await daemon.waitUntil("first is done") { daemon.names(in: "done").count == 1 }
        try daemon.write("second.txt", "The same wire story, delivered twice.")
        try await daemon.waitUntil("second is done") { daemon.names(in: "done").count == 2 }
        #expect(try daemon.outputNames() == ["first.txt"])
        // A clash in done/ never overwrites.
        try daemon.write("first.txt", "Another story that happens to share a name.")
        try await daemon.waitUntil("the third is done") { daemon.names(in: "done").count == 3 }
        #expect(daemon.names(in: "done") == ["first.1.txt", "first.txt", "second.txt"])
        try await daemon.stopCleanly()
    }

    @Test func aThousandFilesAtOnceAreAllProcessedInOrder() async throws {
        let daemon = try DaemonHarness()
        let names = (0..<1000).map { String(format: "wire-%04d.txt", $0) }
        // Half are waiting before the daemon starts, half arrive while it runs.
        try FileManager.default.createDirectory(at: daemon.inbox, withIntermediateDirectories: true)
        for name in names.prefix(500) { try daemon.write(name, "Story \(name): the council met and voted.") }
        try await daemon.start()
        for name in names.suffix(500) { try daemon.write(name, "Story \(name): the council met and voted.") }
        try await daemon.waitUntil("all are done", timeout: 120) { daemon.names(in: "done").count == 1000 }
        let written = try daemon.outputNames()
        let firstDifference = zip(written, names).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(written == names, "first difference at \(firstDifference.map { "\($0.offset): \($0.element.0) instead of \($0.element.1)" } ?? "the end"); \(written.count) lines\nlog:\n\(daemon.log.suffix(3000))")
        #expect(daemon.names(in: "processing").isEmpty && daemon.names(in: "failed").isEmpty)
        try await daemon.stopCleanly()
    }

    @Test func restartRecoversProcessingTornLinesAndUncommittedLines() async throws {
        let daemon = try DaemonHarness()
        // A first run leaves state behind, then "crashes".
        try await daemon.start()
        try daemon.write("kept.txt", "A story that was processed before the crash.")
        try await daemon.waitUntil("kept is done") { daemon.names(in: "done") == ["kept.txt"] }
        try await daemon.crash()

        // Simulate what a crash can leave: a line written but not committed (its file still in
        // processing/), a file claimed but not processed, and a torn last line.
        let out = daemon.root.appendingPathComponent("out")
        let outFile = out.appendingPathComponent(daemon.names(in: "out").first { $0.hasSuffix(".jsonl") }!)
        let uncommitted = daemon.root.appendingPathComponent("processing/uncommitted.txt")
        try Data("A story whose line was written just before the crash.".utf8).write(to: uncommitted)
        let run = try await CommandRunner.copydesk(["run", uncommitted.path])
        var journal = try Data(contentsOf: outFile)
        journal.append(Data(run.standardOutput.utf8))
        journal.append(Data("{\"schema\":\"copydesk.document/1\",\"id\":\"torn".utf8))
        try journal.write(to: outFile)
        try Data("A story claimed but never processed.".utf8).write(to: daemon.root.appendingPathComponent("processing/claimed.txt"))

        try await daemon.start()
        try await daemon.waitUntil("processing/ is empty") { daemon.names(in: "processing").isEmpty && daemon.names(in: "done").count == 3 }
        #expect(try daemon.outputNames() == ["kept.txt", "uncommitted.txt", "claimed.txt"])
        #expect(daemon.log.contains("recovered output"))
        try await daemon.stopCleanly()
    }

    @Test func sigtermDuringABurstLosesNothing() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let names = (0..<300).map { String(format: "burst-%03d.txt", $0) }
        for name in names { try daemon.write(name, "Burst story \(name) with enough words to be a document.") }
        try await Task.sleep(for: .seconds(0.1))
        try await daemon.stopCleanly()
        #expect(daemon.names(in: "processing").isEmpty)
        let done = daemon.names(in: "done"), waiting = daemon.names(in: "inbox")
        #expect(Set(done).union(waiting) == Set(names))
        #expect(Set(done).isDisjoint(with: waiting))
        #expect(try daemon.outputNames().sorted() == done)

        // The rest is picked up by the next run.
        try await daemon.start()
        try await daemon.waitUntil("the rest is done", timeout: 60) { daemon.names(in: "done").count == 300 }
        #expect(try daemon.outputNames().sorted() == names)
        try await daemon.stopCleanly()
    }

    @Test func symlinksOutOfTheRootAreNotFollowed() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let outside = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: daemon.inbox.appendingPathComponent("link.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.txt"))
        try await daemon.waitUntil("the link failed") { daemon.names(in: "failed").contains("link.txt.error.json") }
        let error = try String(contentsOf: daemon.root.appendingPathComponent("failed/link.txt.error.json"), encoding: .utf8)
        #expect(error.contains("outside the drop folder"))
        #expect(try daemon.outputLines().isEmpty)
        try await daemon.stopCleanly()
    }

    @Test func filesInSubfoldersOfTheInboxAreProcessed() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        let sub = daemon.inbox.appendingPathComponent("agency/2026")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try Data("A story filed in a subfolder.".utf8).write(to: sub.appendingPathComponent("deep.txt"))
        try await daemon.waitUntil("deep.txt is done, in its subfolder", timeout: 30) { daemon.names(in: "done/agency/2026") == ["deep.txt"] }
        #expect(try daemon.outputLines().first.flatMap { ($0["source"] as? [String: Any])?["path"] as? String } == "agency/2026/deep.txt")
        try await daemon.stopCleanly()
    }

    @Test func statusReportsCountsAndTheLastError() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.write("good.txt", "A good story.")
        try Data().write(to: daemon.inbox.appendingPathComponent("bad.txt"))
        try await daemon.waitUntil("both finished") { daemon.names(in: "done").count == 1 && daemon.names(in: "failed").count == 2 }
        let running = try await CommandRunner.copydesk(["status", daemon.root.path])
        #expect(running.status == 0)
        #expect(running.standardOutput.contains("daemon      running"))
        #expect(running.standardOutput.contains("done        1"))
        #expect(running.standardOutput.contains("failed      1"))
        #expect(running.standardOutput.contains("written     1 documents"))
        #expect(running.standardOutput.contains("bad.txt: intake: empty input"))
        let second = try await CommandRunner.copydesk(["watch", daemon.root.path], timeout: 30)
        #expect(second.status != 0)
        #expect(second.standardError.contains("already running"))
        try await daemon.stopCleanly()
        let metrics = try String(contentsOf: daemon.root.appendingPathComponent("state/metrics.prom"), encoding: .utf8)
        #expect(metrics.contains("copydesk_documents_total{result=\"written\"} 1"))
        #expect(metrics.contains("copydesk_documents_total{result=\"failed\"} 1"))
    }
}

/// The crash test's short form (the full one: bench/crash_test.py --files 2000 --kills 50).
@Suite("copydesk watch under SIGKILL")
struct CrashTests {
    @Test func filesSurviveRepeatedKills() async throws {
        let script = TestPaths.root.appendingPathComponent("bench/crash_test.py").path
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           [CommandLineTests.python, script, "--binary", TestPaths.binary.path,
                                            "--files", "300", "--kills", "12", "--seed", "7"], timeout: 300)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("doubled 0, missing 0, torn 0"))
    }
}
