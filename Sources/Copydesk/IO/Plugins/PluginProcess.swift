import CopydeskCore
import Foundation
import Logging
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// What a plugin says about itself in its first line.
struct PluginHello: Sendable, Equatable {
    /// The protocol every plugin speaks.
    static let protocolVersion = "copydesk.plugin/1"
    var name: String
    var version: String
    var concurrency: StageConcurrency
}

/// One running instance of a plugin: a child process speaking JSON Lines on stdin/stdout, its
/// stderr forwarded to the log, run through swift-subprocess with async pipes.
///
/// One task owns the child for its whole life (`Subprocess.run` with a body): inside it, three child
/// tasks move bytes — requests to stdin as they are sent, stdout into a bounded ``LineChannel``,
/// stderr into the log a line at a time — with no thread blocked on a pipe. The child is reaped by
/// swift-subprocess when it exits; its status is kept for messages.
final class PluginProcess: Sendable {
    let configuration: PluginConfiguration
    private let output = LineChannel()
    private let requests: AsyncStream<PendingWrite>.Continuation
    private let state = ChildStateBox()
    private let logger: Logger

    /// One request on its way to the child's stdin; `done` is resumed once it is written (or cannot be).
    struct PendingWrite: Sendable {
        var bytes: [UInt8]
        var done: @Sendable (Bool) -> Void
    }

    private struct ChildState {
        var processIdentifier: pid_t?
        var termination: TerminationStatus?
        var launchError: String?
    }

    /// The child's state, shared with the task that runs it.
    private final class ChildStateBox: Sendable {
        private let mutex = Mutex(ChildState())
        func withLock<T>(_ body: (inout ChildState) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    /// Starts the program.
    init(configuration: PluginConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "LANG": inherited["LANG"] ?? "C.UTF-8"]
        for key in ["HOME", "TZ", "PYTHONPATH", "VIRTUAL_ENV"] { if let value = inherited[key] { environment[key] = value } }
        environment.merge(configuration.environment) { $1 }
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { if let key = Environment.Key(rawValue: key) { keyed[key] = value } }
        let subprocess = Configuration(executable: .path(FilePath(configuration.executable)),
                                       arguments: Arguments(configuration.arguments), environment: .custom(keyed))
        let (stream, continuation) = AsyncStream.makeStream(of: PendingWrite.self)
        requests = continuation
        let (started, startedFeed) = AsyncStream.makeStream(of: Bool.self)
        let channel = output, state = state
        let forwarder = StandardErrorForwarder(logger: logger, plugin: configuration.name)
        Task {
            do {
                let result = try await Subprocess.run(subprocess, input: .inputWriter, output: .sequence, error: .sequence) { execution in
                    state.withLock { $0.processIdentifier = execution.processIdentifier.value }
                    startedFeed.yield(true)
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            do {
                                for try await buffer in execution.standardOutput {
                                    buffer.withUnsafeBytes { channel.feed(Data($0)) }
                                }
                            } catch {}
                            channel.finish()
                            // The child closed its output (it exited, most likely): stop writing, so
                            // the body returns and swift-subprocess reaps it and reports its status.
                            continuation.finish()
                        }
                        group.addTask {
                            do {
                                for try await buffer in execution.standardError {
                                    buffer.withUnsafeBytes { forwarder.forward(Data($0)) }
                                }
                            } catch {}
                            forwarder.forward(nil)
                        }
                        group.addTask {
                            let writer = execution.standardInputWriter
                            for await request in stream {
                                do {
                                    _ = try await writer.write(request.bytes)
                                    request.done(true)
                                } catch {
                                    request.done(false)
                                }
                            }
                            try? await writer.finish()
                        }
                    }
                }
                state.withLock { $0.termination = result.terminationStatus }
            } catch {
                state.withLock { $0.launchError = "\(error)" }
                startedFeed.yield(false)
                channel.finish()
            }
            continuation.finish()
            startedFeed.finish()
        }
        var iterator = started.makeAsyncIterator()
        guard await iterator.next() == true else {
            let reason = state.withLock { $0.launchError } ?? "it did not start"
            throw StageError("plugin \(configuration.name): cannot start \(configuration.executable): \(reason)")
        }
    }

    var isRunning: Bool { state.withLock { $0.processIdentifier != nil && $0.termination == nil } }

    /// Waits up to `limit` for a child that closed its output to exit, so its status can be told.
    func waitForExit(upTo limit: Duration = .seconds(1)) async {
        let deadline = ContinuousClock.now + limit
        while isRunning && ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(5)) } catch { return }
        }
    }

    /// "exited with status 3" / "was killed by signal 9" / "closed its output".
    var exitDescription: String {
        switch state.withLock({ $0.termination }) {
        case nil: return "closed its output"
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "was killed by signal \(signal)"
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
    /// stops reading its input times out like one that stops answering, and is killed, which ends
    /// the write).
    func exchange(_ request: [UInt8], timeout: Duration) async -> LineChannel.Next {
        let deadline = ContinuousClock.now + timeout
        let requests = requests
        do {
            let written = try await withTimeLimit(timeout) {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let once = Mutex(Optional(continuation))
                    let done: @Sendable (Bool) -> Void = { ok in once.withLock { $0.take() }?.resume(returning: ok) }
                    if case .terminated = requests.yield(PendingWrite(bytes: request, done: done)) { done(false) }
                }
            }
            guard written else { return .closed }
        } catch is TimeBudgetExceeded {
            return .timedOut
        } catch {
            return .closed
        }
        return await output.next(timeout: max(deadline - ContinuousClock.now, .zero))
    }

    /// Kills at once (a hung or confused plugin).
    func kill() {
        signal(SIGKILL)
        requests.finish()
        output.discardPending()
    }

    /// Polite shutdown: close stdin, wait `grace`, SIGTERM, wait `grace`, SIGKILL.
    func shutdown(grace: Duration = .seconds(2)) async {
        requests.finish()
        for signal in [SIGTERM, SIGKILL] {
            let deadline = ContinuousClock.now + grace
            while isRunning && ContinuousClock.now < deadline {
                do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
            }
            guard isRunning else { return }
            self.signal(signal)
        }
    }

    private func signal(_ signal: Int32) {
        state.withLock { state in
            // Only while swift-subprocess has not reaped the child, so the number is still its own.
            if let pid = state.processIdentifier, state.termination == nil { _ = Foundation.kill(pid, signal) }
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
