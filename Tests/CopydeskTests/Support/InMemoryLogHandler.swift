import Foundation
import Logging

/// A swift-log handler that keeps messages in memory, so tests can read what was logged.
final class LogRecorder: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let lock = NSLock()
    private var stored: [Entry] = []

    var entries: [Entry] { lock.withLock { stored } }

    func record(_ entry: Entry) { lock.withLock { stored.append(entry) } }

    /// A logger writing into this recorder (no global bootstrap).
    func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in InMemoryLogHandler(recorder: self) }
    }
}

struct InMemoryLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        recorder.record(.init(level: event.level, message: event.message.description,
                              metadata: merged.mapValues { "\($0)" }))
    }
}
