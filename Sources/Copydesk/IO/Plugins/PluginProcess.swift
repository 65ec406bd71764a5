import CopydeskCore
import Foundation
import Logging

/// What a plugin says about itself in its first line.
struct PluginHello: Sendable, Equatable {
    /// The protocol every plugin speaks.
    static let protocolVersion = "copydesk.plugin/1"
    var name: String
    var version: String
    var concurrency: StageConcurrency
}

/// One running instance of a plugin: a child process speaking JSON Lines on stdin/stdout, its
/// stderr forwarded to the log.
final class PluginProcess: @unchecked Sendable {
    let configuration: PluginConfiguration
    private let process = Process()
    private let input: FileHandle
    private let output = LineChannel()
    /// Writes requests, so a plugin that stops reading blocks this thread, never a cooperative one.
    private let writer = BlockingIO(label: "plugin-in")
    private let logger: Logger

    /// Starts the program.
    init(configuration: PluginConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        process.executableURL = URL(fileURLWithPath: configuration.executable)
        process.arguments = configuration.arguments
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "LANG": inherited["LANG"] ?? "C.UTF-8"]
        for key in ["HOME", "TZ", "PYTHONPATH", "VIRTUAL_ENV"] { if let value = inherited[key] { environment[key] = value } }
        environment.merge(configuration.environment) { $1 }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        do { try process.run() } catch {
            throw StageError("plugin \(configuration.name): cannot start \(configuration.executable): \(error.localizedDescription)")
        }
        let channel = output
        Self.readInBackground(stdout.fileHandleForReading, name: "plugin-out") { data in
            if let data { channel.feed(data) } else { channel.finish() }
        }
        let forwarder = StandardErrorForwarder(logger: logger, plugin: configuration.name)
        Self.readInBackground(stderr.fileHandleForReading, name: "plugin-err") { forwarder.forward($0) }
    }

    private static func readInBackground(_ handle: FileHandle, name: String, _ deliver: @escaping @Sendable (Data?) -> Void) {
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { deliver(nil); return }
                deliver(data)
            }
        }
        thread.name = name
        thread.start()
    }

    var isRunning: Bool { process.isRunning }

    /// Waits up to `limit` for a child that closed its output to exit, so its status can be told.
    func waitForExit(upTo limit: Duration = .seconds(1)) async {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// "exited with status 3" / "was killed by signal 9" / "closed its output".
    var exitDescription: String {
        if process.isRunning { return "closed its output" }
        switch process.terminationReason {
        case .uncaughtSignal: return "was killed by signal \(process.terminationStatus)"
        default: return "exited with status \(process.terminationStatus)"
        }
    }

    /// Reads and checks the `hello` line.
    func handshake(timeout: Duration) async throws -> PluginHello {
        let name = configuration.name
        switch await output.next(timeout: timeout) {
        case .timedOut:
            throw StageError("plugin \(name) did not say hello within \(timeout.seconds) s")
        case .tooLong(let limit):
            throw StageError("plugin \(name) wrote more than \(limit >> 20) MiB without ending its hello line")
        case .closed:
            try? await Task.sleep(for: .milliseconds(50))
            throw StageError("plugin \(name) \(exitDescription) before saying hello")
        case .line(let line):
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let version = object["hello"] as? String else {
                throw StageError("plugin \(name): the first line must be a hello object, got: \(Self.excerpt(line))")
            }
            guard version == PluginHello.protocolVersion else {
                throw StageError("plugin \(name) speaks \(version); Copydesk speaks \(PluginHello.protocolVersion)")
            }
            let concurrency = (object["concurrency"] as? String).flatMap(StageConcurrency.init(rawValue:)) ?? .pure
            guard concurrency == configuration.concurrency else {
                throw StageError("plugin \(name) says it is \(concurrency.rawValue) but is configured as \(configuration.concurrency.rawValue)")
            }
            return PluginHello(name: object["name"] as? String ?? name, version: object["version"] as? String ?? "unknown",
                               concurrency: concurrency)
        }
    }

    /// Sends one request line and waits for one response line; `timeout` covers both (a plugin that
    /// stops reading its input times out like one that stops answering, and is killed, which frees
    /// the writer).
    func exchange(_ request: [UInt8], timeout: Duration) async -> LineChannel.Next {
        let deadline = ContinuousClock.now + timeout
        do {
            try await withTimeLimit(timeout) { [writer, input] in
                try await writer.run { try input.write(contentsOf: request) }
            }
        } catch is TimeBudgetExceeded {
            return .timedOut
        } catch {
            return .closed
        }
        return await output.next(timeout: max(deadline - ContinuousClock.now, .zero))
    }

    /// Kills at once (a hung or confused plugin).
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        try? input.close()
        output.discardPending()
    }

    /// Polite shutdown: close stdin, wait `grace`, SIGTERM, wait `grace`, SIGKILL.
    func shutdown(grace: Duration = .seconds(2)) async {
        try? input.close()
        for signal in [SIGTERM, SIGKILL] {
            let deadline = ContinuousClock.now + grace
            while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            guard process.isRunning else { return }
            Foundation.kill(process.processIdentifier, signal)
        }
    }

    static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(120), as: UTF8.self)
        return data.count > 120 ? text + "…" : text
    }
}

/// Sends a plugin's standard error to the log, a line at a time. Used from one reader thread only.
///
/// Each chunk is scanned once (a `\r` progress bar that never writes a newline costs linear time),
/// and a line keeps at most ``maximumLineBytes``; the rest of it is counted, not kept.
final class StandardErrorForwarder: @unchecked Sendable {
    private var logger: Logger
    private var partial: [UInt8] = []
    private var droppedBytes = 0
    /// The most of one line that is logged.
    let maximumLineBytes: Int

    init(logger: Logger, plugin: String, maximumLineBytes: Int = 4096) {
        self.logger = logger
        self.logger[metadataKey: "plugin"] = "\(plugin)"
        self.maximumLineBytes = maximumLineBytes
    }

    func forward(_ data: Data?) {
        guard let data else {
            emit()
            return
        }
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var start = 0
            for index in 0..<buffer.count where buffer[index] == 0x0A {
                take(buffer[start..<index])
                emit()
                start = index + 1
            }
            take(buffer[start..<buffer.count])
        }
    }

    private func take(_ bytes: Slice<UnsafeRawBufferPointer>) {
        let room = maximumLineBytes - partial.count
        if bytes.count <= room {
            partial.append(contentsOf: bytes)
        } else {
            partial.append(contentsOf: bytes.prefix(max(room, 0)))
            droppedBytes += bytes.count - max(room, 0)
        }
    }

    private func emit() {
        defer { partial.removeAll(keepingCapacity: true); droppedBytes = 0 }
        guard !partial.isEmpty else { return }
        let line = String(decoding: partial, as: UTF8.self)
        if droppedBytes > 0 {
            logger.warning("\(line)… (\(droppedBytes) more bytes of this line not logged)")
        } else {
            logger.warning("\(line)")
        }
    }
}

extension Duration {
    /// Whole and fractional seconds, for messages.
    var seconds: String {
        let value = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
