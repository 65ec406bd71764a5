import Foundation
import Testing

/// End-to-end: `copydesk watch` under the faults a newsroom server meets — a full disk, a FIFO in
/// the inbox, a crash between any two finishing steps — with the built binary and real faults.
@Suite("copydesk watch under faults", .serialized)
struct FaultTests {
    /// A good file is never failed for the machine's fault; files wait in processing/, the log says
    /// so once, and everything finishes when space returns, without a restart.
    private func holdsFilesWhileFull(_ folder: String) async throws {
        let daemon = try DaemonHarness()
        let disk = try SmallFileSystem(at: daemon.root.appendingPathComponent(folder))
        defer { disk.unmount() }
        try await daemon.start()
        try daemon.write("first.txt", "The council met on Monday and agreed the budget for the harbour.")
        try await daemon.waitUntil("first.txt is done") { daemon.names(in: "done") == ["first.txt"] }

        disk.fill()
        let held = (1...4).map { "held-\($0).txt" }
        for (index, name) in held.enumerated() {
            // Longer than a page, so each line needs space the full disk does not have.
            let paragraphs = (0..<40).map { "Paragraph \($0) of story \(index) while the disk is full: the ferry timetable changes on line \(index * 7 + $0)." }
            try daemon.write(name, paragraphs.joined(separator: "\n\n"))
        }
        try await daemon.waitUntil("the fault is logged") { daemon.log.contains("transient fault") }
        try await Task.sleep(for: .seconds(15))
        #expect(daemon.names(in: "failed").isEmpty, "a good file went to failed/ while \(folder)/ was full")
        #expect(daemon.names(in: "done") == ["first.txt"])
        #expect(daemon.logBytes < 20_000, "the log grew to \(daemon.logBytes) bytes in 15 s")
        #expect(daemon.log.components(separatedBy: "transient fault: holding").count - 1 == 1)

        disk.free()
        try await daemon.waitUntil("the held files are done", timeout: 60) { daemon.names(in: "done").count == 5 }
        try daemon.write("after.txt", "A story that arrives after the space came back, about the new bridge.")
        try await daemon.waitUntil("after.txt is done") { daemon.names(in: "done").count == 6 }
        #expect(daemon.log.contains("transient fault cleared"))
        let names = try daemon.outputNames()
        #expect(names.sorted() == (["after.txt", "first.txt"] + held).sorted(), "one line per file: \(names)")
        #expect(daemon.names(in: "failed").isEmpty)
        try await daemon.stopCleanly()
    }

    @Test func aFullStateFolderHoldsFilesUntilSpaceReturns() async throws {
        try await holdsFilesWhileFull("state")
    }

    @Test func aFullOutputFolderHoldsFilesUntilSpaceReturns() async throws {
        try await holdsFilesWhileFull("out")
    }

    @Test func sigtermEndsTheDaemonWhileItWaitsForSpace() async throws {
        let daemon = try DaemonHarness()
        let disk = try SmallFileSystem(at: daemon.root.appendingPathComponent("out"))
        defer { disk.unmount() }
        try await daemon.start(["--shutdown-timeout", "2"])
        disk.fill()
        try daemon.write("stuck.txt", "A story that cannot be written while out/ is full, about the airport.")
        try await daemon.waitUntil("the fault is logged") { daemon.log.contains("transient fault") }
        let started = Date()
        let status = try await daemon.stop(timeout: 10)
        #expect(Date().timeIntervalSince(started) < 4, "SIGTERM took \(Date().timeIntervalSince(started)) s")
        #expect(status == 0 || status == 1)
        // Nothing lost: the file waits in processing/ or the inbox for the next start.
        #expect(daemon.names(in: "processing") + daemon.names(in: "inbox") == ["stuck.txt"])
        #expect(daemon.names(in: "failed").isEmpty)
        disk.free()
        try await daemon.start()
        try await daemon.waitUntil("stuck.txt is done") { daemon.names(in: "done") == ["stuck.txt"] }
        #expect(try daemon.outputNames() == ["stuck.txt"])
        try await daemon.stopCleanly()
    }

    @Test func aFIFOBehindASymlinkOrInTheInboxFailsAndLaterFilesFinish() async throws {
        let daemon = try DaemonHarness()
        let pipes = daemon.root.appendingPathComponent("pipes")
        try FileManager.default.createDirectory(at: pipes, withIntermediateDirectories: true)
        #expect(mkfifo(pipes.appendingPathComponent("feed").path, 0o644) == 0)
        try await daemon.start()
        try FileManager.default.createSymbolicLink(at: daemon.inbox.appendingPathComponent("linked.txt"),
                                                   withDestinationURL: pipes.appendingPathComponent("feed"))
        #expect(mkfifo(daemon.inbox.appendingPathComponent("direct.txt").path, 0o644) == 0)
        try daemon.write("later.txt", "A story dropped after the pipes, about the regional elections.")
        try await daemon.waitUntil("later.txt is done") { daemon.names(in: "done") == ["later.txt"] }
        try await daemon.waitUntil("both pipes failed") {
            daemon.names(in: "failed").filter { $0.hasSuffix(".error.json") }.count == 2
        }
        for name in ["linked.txt", "direct.txt"] {
            let reason = try String(contentsOf: daemon.root.appendingPathComponent("failed/\(name).error.json"), encoding: .utf8)
            #expect(reason.contains("named pipe"), "\(name): \(reason)")
        }
        try await daemon.stopCleanly()
    }

    /// A `kill -9` between any two finishing steps is recovered to exactly one line for a good file
    /// and a reason beside every failed one.
    @Test(arguments: ["after-append", "after-ledger", "after-done", "after-error-file", "after-failed-move"])
    func aCrashBetweenFinishingStepsIsRecoveredExactlyOnce(point: String) async throws {
        let daemon = try DaemonHarness()
        let failing = point.contains("error") || point.contains("failed")
        try await daemon.start(environment: ["COPYDESK_CRASH_AT": point])
        if failing {
            try Data().write(to: daemon.inbox.appendingPathComponent("bad.txt"))
        } else {
            try daemon.write("good.txt", "A story finished across a crash at \(point), about the city's water supply.")
        }
        try await daemon.waitForDeath()
        try await daemon.start()
        if failing {
            try await daemon.waitUntil("bad.txt failed with its reason") {
                daemon.names(in: "failed") == ["bad.txt", "bad.txt.error.json"]
            }
            #expect(daemon.names(in: "processing").isEmpty)
            #expect(try daemon.outputLines().isEmpty)
        } else {
            try await daemon.waitUntil("good.txt is done") { daemon.names(in: "done") == ["good.txt"] }
            #expect(try daemon.outputNames() == ["good.txt"])
        }
        // No stray temporary file is left anywhere.
        for folder in ["failed", "done", "out", "processing"] {
            let hidden = ((try? FileManager.default.contentsOfDirectory(atPath: daemon.root.appendingPathComponent(folder).path)) ?? [])
                .filter { $0.hasSuffix(".tmp") }
            #expect(hidden.isEmpty, "\(folder)/ holds \(hidden)")
        }
        try await daemon.stopCleanly()
    }

    @Test func aFailedFileWithoutItsReasonGetsOneAtStart() async throws {
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(at: daemon.root.appendingPathComponent("failed"), withIntermediateDirectories: true)
        try Data("left by an older version".utf8).write(to: daemon.root.appendingPathComponent("failed/orphan.txt"))
        try Data("half".utf8).write(to: daemon.root.appendingPathComponent("failed/.x.txt.error.json.tmp"))
        try await daemon.start()
        #expect(daemon.names(in: "failed") == ["orphan.txt", "orphan.txt.error.json"])
        let reason = try String(contentsOf: daemon.root.appendingPathComponent("failed/orphan.txt.error.json"), encoding: .utf8)
        #expect(reason.contains("the reason was lost"))
        #expect(!FileManager.default.fileExists(atPath: daemon.root.appendingPathComponent("failed/.x.txt.error.json.tmp").path))
        try await daemon.stopCleanly()
    }

    /// `copydesk run` stops at a transient fault with exit 1 and names it; the inputs before it are
    /// written whole, none is reported as a bad input.
    @Test func runStopsAtATransientFaultAndNamesIt() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        let disk = try SmallFileSystem(at: state, megabytes: 1)
        defer { disk.unmount() }
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        // The first run creates the dedup index; then the disk fills up.
        try Data("A first story about the harbour and its ferries, written before the disk filled.".utf8)
            .write(to: inputs.appendingPathComponent("a.txt"))
        let first = try await CommandRunner.copydesk(["run", "--state", state.path, inputs.path])
        #expect(first.status == 0, "\(first.standardError)")
        disk.fill()
        try Data("A second story, about the council budget, that arrives when the disk is full.".utf8)
            .write(to: inputs.appendingPathComponent("b.txt"))
        let result = try await CommandRunner.copydesk(["run", "--state", state.path, inputs.path, "--stages", "dedup"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("copydesk: stopped:"), "\(result.standardError)")
        #expect(result.standardError.contains("a fault of the machine, not of the input"))
        #expect(!result.standardError.contains("copydesk: failed:"))
    }

    /// A file that crashes Copydesk (a Swift trap, here on purpose) is set aside after the second
    /// crash instead of crashing every start; the files in flight with it still finish, once each.
    @Test func aFileThatCrashesCopydeskIsSetAsideAndTheRestGoOn() async throws {
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(at: daemon.inbox, withIntermediateDirectories: true)
        for name in ["a.txt", "b.txt", "poison.txt", "z.txt"] {
            try daemon.write(name, "Story \(name): the council met on Tuesday and approved the budget for the harbour.")
        }
        let trap = ["COPYDESK_TRAP_ON": "poison.txt"]
        var starts = 0
        // Restart whenever it dies, as systemd would, until everything has finished.
        while daemon.names(in: "done").count + daemon.names(in: "failed").filter({ !$0.hasSuffix(".error.json") }).count < 4 {
            starts += 1
            #expect(starts <= 4, "still not finished after \(starts) starts\nlog:\n\(daemon.log.suffix(3000))")
            if starts > 4 { return }
            try await daemon.start(environment: trap, waitForUp: false)
            try await daemon.waitUntil("the daemon finishes or dies", timeout: 30) {
                !daemon.isRunning || daemon.names(in: "done").count + daemon.names(in: "failed").count >= 5
            }
        }
        #expect(daemon.names(in: "done") == ["a.txt", "b.txt", "z.txt"])
        #expect(daemon.names(in: "failed") == ["poison.txt", "poison.txt.error.json"])
        let reason = try String(contentsOf: daemon.root.appendingPathComponent("failed/poison.txt.error.json"), encoding: .utf8)
        #expect(reason.contains("crashed twice"), "\(reason)")
        #expect(try daemon.outputNames().sorted() == ["a.txt", "b.txt", "z.txt"])
        if daemon.isRunning { try await daemon.stopCleanly() }
    }
}
