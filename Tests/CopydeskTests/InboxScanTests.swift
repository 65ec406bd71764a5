@testable import Copydesk
import Foundation
import Testing

/// The inbox scan: O(N) system calls to drain N files, and subfolders noticed as files arrive.
@Suite("Inbox scanning")
struct InboxScanTests {
    /// Drains `count` settled files `limit` at a time, deleting each as a claim would.
    static func drain(_ count: Int, limit: Int) throws -> (stats: Int, listings: Int, found: Int) {
        let inbox = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: inbox) }
        for index in 0..<count {
            let folder = index % 10 == 0 ? inbox.appendingPathComponent("desk\(index % 3)") : inbox
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("story \(index)".utf8).write(to: folder.appendingPathComponent(String(format: "%06d.txt", index)))
        }
        var scanner = InboxScanner(inbox: inbox, settle: 0)
        var found = 0
        var rounds = 0
        while true {
            let ready = scanner.scan(limit: limit, now: Date().timeIntervalSince1970 + 10)
            if ready.isEmpty { break }
            for path in ready { _ = unlink(path) }
            found += ready.count
            rounds += 1
            if rounds > count { throw TestFailure("the scan does not drain") }
        }
        return (scanner.statCalls, scanner.listings, found)
    }

    @Test func drainingCostsOneStatPerFile() async throws {
        let small = try Self.drain(500, limit: 50)
        let large = try Self.drain(5_000, limit: 50)
        #expect(small.found == 500 && large.found == 5_000)
        // Before: every scan stat'ed every waiting file, 5,000 × 100 scans / 2 ≈ 250,000 calls.
        #expect(large.stats <= 5_000 + 10, "stat calls: \(large.stats)")
        let perFileLarge = Double(large.stats) / 5_000, perFileSmall = Double(small.stats) / 500
        #expect(perFileLarge <= 1.05 * perFileSmall + 0.01, "\(perFileLarge) stats per file against \(perFileSmall)")
        #expect(large.listings <= 3, "listings: \(large.listings)")
    }

    @Test func aFileInASubfolderIsClaimedWhenItArrives() async throws {
        let daemon = try DaemonHarness()
        // A long poll interval: only inotify can notice the file soon.
        try await daemon.start(["--poll-interval", "30", "--settle", "30"])
        let desk = daemon.inbox.appendingPathComponent("sport/late")
        try FileManager.default.createDirectory(at: desk, withIntermediateDirectories: true)
        try Data("The home side won 2-1 on Saturday, the coach said.".utf8).write(to: desk.appendingPathComponent("result.txt"))
        let started = Date()
        try await daemon.waitUntil("the file in the new subfolder is written", timeout: 20) { try daemon.outputLines().count == 1 }
        #expect(Date().timeIntervalSince(started) < 10, "claimed on arrival, not at a rescan")
        try await daemon.stopCleanly()
    }
}
