import Foundation
import Testing

/// `scripts/install PREFIX` and what runs from the installed layout: the model found under
/// PREFIX/share/copydesk, never in the source tree; a clear error, and exit 78, without it; the
/// systemd unit's hardening; readiness through sd_notify.
@Suite("Install")
struct InstallTests {
    /// Installs the built binary into a fresh prefix with the documented script.
    static func install() async throws -> URL {
        let prefix = try TestPaths.temporaryFolder().appendingPathComponent("prefix")
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/bin/bash"),
                                           [TestPaths.root.appendingPathComponent("scripts/install").path,
                                            "--binary", TestPaths.binary.path, prefix.path], timeout: 60)
        guard result.status == 0 else { throw TestFailure("scripts/install failed: \(result.standardError)") }
        return prefix
    }

    static func sample() throws -> URL {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("story.txt")
        try Data("""
            Harbour workers walk out

            Ana Ruiz, the union's secretary, said on Tuesday that the strike in Valparaíso would last a week.
            "We have waited long enough," she said.
            """.utf8).write(to: file)
        return file
    }

    @Test func installedLayoutRunsTheDefaultChain() async throws {
        let prefix = try await Self.install()
        defer { try? FileManager.default.removeItem(at: prefix.deletingLastPathComponent()) }
        let share = prefix.appendingPathComponent("share/copydesk")
        for path in ["bin/copydesk", "share/copydesk/entities.model", "share/copydesk/gazetteers/places.txt",
                     "share/copydesk/copydesk-watch.service", "share/copydesk/copydesk.yaml", "share/doc/copydesk/README.md"] {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path), "\(path) not installed")
        }
        let copydesk = prefix.appendingPathComponent("bin/copydesk")
        let empty = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }

        let check = try await CommandRunner.run(copydesk, ["check-config", empty.path, "--no-start"])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("model: \(share.appendingPathComponent("entities.model").path) ✓"), "\(check.standardOutput)")

        let sample = try Self.sample()
        defer { try? FileManager.default.removeItem(at: sample.deletingLastPathComponent()) }
        let run = try await CommandRunner.run(copydesk, ["run", sample.path])
        #expect(run.status == 0, "\(run.standardError)")
        let document = try #require(try run.jsonLines().first)
        let stages = (document["stages"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(stages == ["clean", "dedup", "entities", "claims"])
        let names = (document["entities"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains("Ana Ruiz"), "entities: \(names)")
        #expect(!((document["claims"] as? [Any]) ?? []).isEmpty)

        let daemon = try DaemonHarness(binary: copydesk)
        try await daemon.start()
        try daemon.write("story.txt", try String(contentsOf: sample, encoding: .utf8))
        try await daemon.waitUntil("the story is written and done") {
            try daemon.outputLines().count == 1 && daemon.names(in: "done") == ["story.txt"]
        }
        #expect(((try daemon.outputLines().first?["entities"] as? [Any]) ?? []).count > 0)
        try await daemon.stopCleanly()
    }

    @Test func withoutTheModelEveryCommandSaysWhereItLooked() async throws {
        let prefix = try await Self.install()
        defer { try? FileManager.default.removeItem(at: prefix.deletingLastPathComponent()) }
        let model = prefix.appendingPathComponent("share/copydesk/entities.model")
        try FileManager.default.removeItem(at: model)
        let copydesk = prefix.appendingPathComponent("bin/copydesk")
        let sample = try Self.sample()
        defer { try? FileManager.default.removeItem(at: sample.deletingLastPathComponent()) }

        let run = try await CommandRunner.run(copydesk, ["run", sample.path])
        #expect(run.status == 78)
        #expect(run.standardError.contains("stage 'entities' cannot start"), "\(run.standardError)")
        #expect(run.standardError.contains(model.path), "the message names where it looked: \(run.standardError)")
        #expect(!run.standardError.contains("--stages:"), "--stages was not given: \(run.standardError)")
        #expect(!run.standardError.contains(TestPaths.root.path), "an installed copy never looks in the source tree")

        let check = try await CommandRunner.run(copydesk, ["check-config", sample.deletingLastPathComponent().path, "--no-start"])
        #expect(check.status == 1)
        #expect(check.standardOutput.contains("FAILED: stage 'entities' cannot start: no entity model found"), "\(check.standardOutput)")

        let root = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let watch = try await CommandRunner.run(copydesk, ["watch", root.path], timeout: 30)
        #expect(watch.status == 78, "watch must exit 78 (RestartPreventExitStatus), not be restarted: \(watch.standardError)")

        // Named explicitly, it is found again.
        let named = try await CommandRunner.run(copydesk, ["run", sample.path, "--entity-model", EntityModelPath.sourceTree])
        #expect(named.status == 0, "\(named.standardError)")
    }

    @Test func theUnitIsHardenedAndRefusesToRestartOnConfigurationErrors() async throws {
        let prefix = try await Self.install()
        defer { try? FileManager.default.removeItem(at: prefix.deletingLastPathComponent()) }
        let unit = prefix.appendingPathComponent("share/copydesk/copydesk-watch.service")
        let text = try String(contentsOf: unit, encoding: .utf8)
        #expect(text.contains("ExecStart=\(prefix.path)/bin/copydesk watch"))
        #expect(text.contains("Documentation=file://\(prefix.path)/share/doc/copydesk/README.md"))
        #expect(text.contains("Type=notify"))
        #expect(text.contains("RestartPreventExitStatus=2 78"))
        #expect(text.contains("UMask=0002"))
        let analysis = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/systemd-analyze"),
                                             ["security", "--offline=true", unit.path], timeout: 60)
        let output = analysis.standardOutput + analysis.standardError
        let match = output.firstMatch(of: /Overall exposure level for [^:]+: ([0-9.]+)/)
        let level = try #require(match.flatMap { Double($0.1) }, "no rating in: \(output.suffix(500))")
        #expect(level <= 3.0, "systemd-analyze security rates the unit \(level)")
    }

    @Test func theDaemonTellsSystemdWhenItIsReadyAndWhenItStops() async throws {
        let socket = try NotifySocket()
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(at: daemon.inbox, withIntermediateDirectories: true)
        try daemon.write("left.txt", "A story that waited in the inbox before the daemon started.")
        try await daemon.start(environment: ["NOTIFY_SOCKET": socket.path])
        let ready = try await socket.receive(until: { $0.contains("READY=1") })
        #expect(ready.contains("STATUS=watching \(daemon.root.appendingPathComponent("inbox").path)"))
        try await daemon.waitUntil("the file is written") { try daemon.outputLines().count == 1 }
        try await daemon.stopCleanly()
        _ = try await socket.receive(until: { $0.contains("STOPPING=1") })
        // One line per finished file, at info: file, id, status, ms.
        let finished = daemon.log.split(separator: "\n").filter { $0.contains("finished") && $0.contains("left.txt") }
        #expect(finished.count == 1, "\(daemon.log.suffix(2000))")
        #expect(finished.first.map { $0.contains("status=written") && $0.contains("id=") && $0.contains("ms=") } == true,
                "\(finished)")
    }
}

/// The source tree's model, named explicitly.
enum EntityModelPath {
    static var sourceTree: String { TestPaths.root.appendingPathComponent("models/entities.model").path }
}

/// A Unix datagram socket standing in for systemd's `NOTIFY_SOCKET`.
final class NotifySocket {
    let path: String
    private let fd: Int32
    private let folder: URL

    init() throws {
        folder = try TestPaths.temporaryFolder()
        path = folder.appendingPathComponent("notify").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestFailure("bind \(path): \(errno)") }
    }

    deinit {
        close(fd)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Messages until one satisfies `condition` (30 s at most); returns that one.
    func receive(until condition: (String) -> Bool, timeout: TimeInterval = 30) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 {
                let message = String(decoding: buffer[..<count], as: UTF8.self)
                if condition(message) { return message }
                seen.append(message)
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        throw TestFailure("no such notification within \(timeout) s; got \(seen)")
    }
}
