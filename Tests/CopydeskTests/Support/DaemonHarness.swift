import Foundation
import Testing

/// Starts `copydesk watch` on a temporary root and drives it like an operator would.
final class DaemonHarness {
    let root: URL
    var inbox: URL { root.appendingPathComponent("inbox") }
    private(set) var process: Process?
    private var logURL: URL { root.appendingPathComponent("daemon\(node.map { "-" + $0 } ?? "").log") }
    /// The node name of a daemon in a group (`--node`), which keeps its state in state/NODE/.
    let node: String?
    private let ownsRoot: Bool

    /// The executable started (the built one, or an installed copy).
    let binary: URL

    /// A daemon on a new temporary root, or on `root` beside others (a group's node).
    init(binary: URL = TestPaths.binary, root: URL? = nil, node: String? = nil) throws {
        self.root = try root ?? TestPaths.temporaryFolder()
        ownsRoot = root == nil
        self.node = node
        self.binary = binary
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if ownsRoot { try? FileManager.default.removeItem(at: root) }
    }

    /// Starts the daemon and waits until it is up (it writes state/metrics.prom once its signal
    /// handlers are installed and its service runs).
    func start(_ extra: [String] = [], environment: [String: String] = [:], waitForUp: Bool = true) async throws {
        let metrics = root.appendingPathComponent("state/\(node.map { $0 + "/" } ?? "")metrics.prom")
        try? FileManager.default.removeItem(at: metrics)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["watch", root.path, "--log-level", "info", "--settle", "1", "--poll-interval", "0.2"] + extra
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if !FileManager.default.fileExists(atPath: logURL.path) { _ = FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        if waitForUp { try await waitUntil("the daemon is up") { FileManager.default.fileExists(atPath: metrics.path) } }
    }

    /// Whether the daemon process is alive.
    var isRunning: Bool { process?.isRunning == true }

    /// Waits for a daemon that killed itself (a crash point) and forgets it.
    func waitForDeath(timeout: TimeInterval = 30) async throws {
        guard let process else { return }
        try await waitUntil("the daemon dies", timeout: timeout) { !process.isRunning }
        self.process = nil
    }

    /// The daemon log's size in bytes.
    var logBytes: Int { (try? FileManager.default.attributesOfItem(atPath: logURL.path)[.size] as? Int) ?? 0 }

    /// Sends SIGTERM and returns the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 30) async throws -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, SIGTERM)
        try await waitUntil("the daemon exits", timeout: timeout) { !process.isRunning }
        self.process = nil
        return process.terminationStatus
    }

    /// Sends SIGTERM and records an issue (with the daemon's log) unless it exits 0.
    func stopCleanly(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let status = try await stop()
        #expect(status == 0, "copydesk watch exited with \(status)\nlog:\n\(log.suffix(4000))", sourceLocation: sourceLocation)
    }

    /// Kills the daemon with SIGKILL.
    func crash() async throws {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        try await waitUntil("the daemon dies") { !process.isRunning }
        self.process = nil
    }

    /// Drops a file into the inbox. Written with `O_CLOEXEC`: a command another test starts at that
    /// moment must not inherit the open descriptor, or the daemon would see the file as still being
    /// written (by that child) and take it later, out of order.
    func write(_ name: String, _ text: String) throws {
        let path = inbox.appendingPathComponent(name).path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            guard result > 0 else { throw TestFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += result
        }
    }

    /// The names in a folder, without hidden ones (a file being written atomically, the inbox's
    /// temporary names).
    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Output lines of every out/ file, decoded.
    func outputLines() throws -> [[String: Any]] {
        var lines: [[String: Any]] = []
        for name in names(in: "out") where name.hasSuffix(".jsonl") {
            let text = try String(contentsOf: root.appendingPathComponent("out/\(name)"), encoding: .utf8)
            for line in text.split(separator: "\n") {
                lines.append(try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])
            }
        }
        return lines
    }

    func outputNames() throws -> [String] {
        try outputLines().map { ($0["source"] as! [String: Any])["name"] as! String }
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Waits until `condition` holds, checking every 20 ms without blocking a thread of the pool.
    func waitUntil(_ what: String, timeout: TimeInterval = 30, _ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            if Date() > deadline { throw TestFailure("timed out waiting until \(what)\nlog:\n\(log.suffix(3000))") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
