import CopydeskCore
import Foundation
import Logging

/// The last step for each file, in arrival order: output lines, ledger, then done/ or failed/.
///
/// Every step is idempotent and the steps are ordered so that an error or a crash between any two is
/// recovered exactly once:
/// - success: for each document, the ledger is asked first (a line it holds is never written again),
///   then the line is appended and fsynced (remembered, so a retry after a failed commit does not
///   append it twice; after a crash, ``OutputJournal/recover(ledger:)`` records it), then the ledger
///   commits, then the input moves to done/;
/// - failure: `NAME.error.json` is written (to a temporary name, fsynced, renamed) *before* the input
///   moves beside it, so a failed input never lacks its reason; a crash in between leaves the input in
///   processing/, to fail again under the same name.
///
/// A transient fault (full disk, busy database) keeps the file in processing/ and retries with
/// backoff, logged once per change of state; cancellation (shutdown past its timeout) leaves it there
/// for the next start. Blocking calls run on ``io``, never on Swift's cooperative threads.
final class Finisher: @unchecked Sendable {
    // Mutable state is touched only from the pipeline's emit, which is serial, and on `io` while emit waits.
    let folder: DropFolder
    let ledger: any LedgerStore
    let journal: OutputJournal
    let metrics: DaemonMetrics
    let monitor: FaultMonitor
    let retry: RetryPolicy
    let deleteOnSuccess: Bool
    let logger: Logger
    let io = BlockingIO(label: "copydesk.finisher")
    /// In a group: throws (transiently) while this node does not hold a live lease, so that no line is
    /// written by a node the others may be recovering.
    var mayWrite: (@Sendable () throws -> Void)?

    init(folder: DropFolder, ledger: any LedgerStore, journal: OutputJournal, metrics: DaemonMetrics, monitor: FaultMonitor,
         retry: RetryPolicy = .untilCleared, deleteOnSuccess: Bool, logger: Logger) {
        self.folder = folder
        self.ledger = ledger
        self.journal = journal
        self.metrics = metrics
        self.monitor = monitor
        self.retry = retry
        self.deleteOnSuccess = deleteOnSuccess
        self.logger = logger
    }

    /// Finishes one file: every document's line (one line per story it holds), then done/; or, when
    /// any of its documents failed, failed/ with the reason and no line for any of them. Throws only
    /// `CancellationError`, leaving the file in processing/ for the next start.
    func finish(_ file: TakenFile, results: [PipelineResult]) async throws {
        var log = logger
        log[metadataKey: "file"] = "\(file.originalName)"
        let elapsed = Date().timeIntervalSince(file.taken)
        let now = Timestamp.iso8601(Date())
        if results.contains(where: { $0.failure?.wasCancelled == true }) {
            // Shutting down: hand the file back to the inbox (or leave it in processing/, also recovered).
            _ = try? await io.run { [folder] in try folder.move(file.path, into: folder.inbox, name: file.originalName) }
            metrics.count("returned")
            throw CancellationError()
        }
        let progress = ProgressBox()
        try await monitor.retrying("finisher", policy: retry, classifier: .copydesk) {
            try await io.run { [self] in
                try withExtendedLifetime(progress) {
                    if let failure = results.firstFailure {
                        try finishFailed(file, failure: failure, at: now, progress: &progress.value)
                    } else {
                        try finishProcessed(file, results: results, at: now, progress: &progress.value)
                    }
                }
            }
        }
        let milliseconds = String(format: "%.1f", Date().timeIntervalSince(file.taken) * 1000)
        for document in results.compactMap(\.document) {
            for stage in document.stages { metrics.recordStage(stage.name, milliseconds: stage.milliseconds) }
        }
        if let failure = results.firstFailure {
            metrics.count("failed", secondsSinceTaken: elapsed)
            metrics.countFailure(failure.stage == "intake" ? .intake : .stage(failure.stage))
            log.warning("finished", metadata: ["status": "failed", "ms": "\(milliseconds)", "stage": "\(failure.stage)",
                                               "error": "\(failure.reason)"])
            return
        }
        var statuses: [String] = []
        for result in results {
            switch result {
            case .processed(let document):
                if progress.value.appended[document.id] != nil {
                    metrics.count("written", secondsSinceTaken: elapsed)
                    statuses.append("written")
                } else {
                    metrics.count("duplicate", secondsSinceTaken: elapsed)
                    statuses.append("already written")
                }
            case .dropped(_, let stage, let reason):
                metrics.count("dropped", secondsSinceTaken: elapsed)
                statuses.append("dropped by \(stage): \(reason)")
            case .failed:
                break
            }
        }
        // One line per finished file: its name, its (first) document's id, what became of it, how long.
        var metadata: Logger.Metadata = ["ms": "\(milliseconds)",
                                         "status": "\(Set(statuses).count == 1 ? statuses[0] : statuses.joined(separator: "; "))"]
        if let first = results.first?.document { metadata["id"] = "\(first.id)" }
        if results.count > 1 { metadata["documents"] = "\(results.count)" }
        log.info("finished", metadata: metadata)
    }

    private func finishProcessed(_ file: TakenFile, results: [PipelineResult], at now: String,
                                 progress: inout FinisherProgress) throws {
        for result in results {
            switch result {
            case .processed(let document):
                guard !progress.recorded.contains(document.id) else { continue }
                if progress.appended[document.id] == nil, try counting(.ledger, { try ledger.reserve(id: document.id) }) != nil {
                    progress.recorded.insert(document.id)
                    continue
                }
                let position: OutputJournal.Position
                if let earlier = progress.appended[document.id] {
                    position = earlier
                } else {
                    try mayWrite?()
                    position = try counting(.sink) { try journal.append(DocumentEncoder.line(for: document)) }
                    progress.appended[document.id] = position
                    CrashPoint.reach(.afterAppend)
                }
                try counting(.ledger) {
                    try ledger.recordWritten(id: document.id, sourceName: document.source.name, file: position.file,
                                             offset: position.offset, length: position.length, at: now)
                }
                progress.recorded.insert(document.id)
                CrashPoint.reach(.afterLedger)
            case .dropped(let document, _, _):
                guard !progress.recorded.contains(document.id) else { continue }
                try counting(.ledger) { try ledger.recordDropped(id: document.id, sourceName: document.source.name, at: now) }
                progress.recorded.insert(document.id)
            case .failed:
                break
            }
        }
        guard !progress.moved else { return }
        if deleteOnSuccess {
            guard unlink(file.path.path) == 0 || errno == ENOENT else { throw POSIXFailure("unlink \(file.path.path)") }
        } else if folder.exists(file.path) {
            try folder.move(file.path, into: folder.done, name: file.originalName)
        }
        progress.moved = true
        CrashPoint.reach(.afterDone)
    }

    private func finishFailed(_ file: TakenFile, failure: PipelineFailure, at now: String, progress: inout FinisherProgress) throws {
        if progress.attempt == nil { progress.attempt = try ledger.failureCount(for: file.originalName) + 1 }
        while !progress.errorFileWritten {
            // In a group another node may claim the same free name at the same moment: the reason file
            // is created exclusively there, and a name lost to it makes this try the next.
            let destination = progress.failedDestination ?? folder.freeName(for: file.originalName, in: folder.failed, withReason: folder.node != nil)
            progress.failedDestination = destination
            try folder.makeParent(of: destination)
            var json = JSONWriter(capacity: 512)
            json.beginObject()
            json.key("file"); json.string(file.originalName)
            json.key("stage"); json.string(failure.stage)
            json.key("error"); json.string(failure.reason)
            json.key("time"); json.string(now)
            json.key("attempt"); json.number(progress.attempt ?? 1)
            json.endObject()
            do {
                try DurableFile.replace(Self.errorFile(for: destination), with: json.bytes + [0x0A], exclusive: folder.node != nil)
            } catch let taken as POSIXFailure where taken.code == EEXIST && folder.node != nil {
                progress.failedDestination = nil
                continue
            }
            progress.errorFileWritten = true
            CrashPoint.reach(.afterErrorFile)
        }
        let destination = progress.failedDestination!
        if !progress.moved {
            if folder.exists(file.path) {
                guard rename(file.path.path, destination.path) == 0 else {
                    throw POSIXFailure("rename \(file.path.path) → \(destination.path)")
                }
                folder.pruneEmptyFolders(above: file.path)
            }
            progress.moved = true
            CrashPoint.reach(.afterFailedMove)
        }
        if !progress.failureCounted {
            try counting(.ledger) {
                try ledger.recordFailure(sourceName: file.originalName, stage: failure.stage, reason: failure.reason, at: now)
            }
            progress.failureCounted = true
        }
    }

    /// Runs `body`, counting a failure of `kind` when it throws (the finisher retries it).
    private func counting<T>(_ kind: DaemonMetrics.FailureKind, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            metrics.countFailure(kind)
            throw error
        }
    }

    /// `failed/NAME.error.json` beside `failed/NAME`.
    static func errorFile(for failed: URL) -> URL {
        failed.deletingLastPathComponent().appendingPathComponent(failed.lastPathComponent + ".error.json")
    }

    /// At start: gives every input in failed/ without a reason one (it was moved there by a version
    /// that wrote the reason after the move, and a crash came between), and removes temporary files a
    /// crash left while writing a reason. Returns how many reasons were restored.
    static func repairFailedFolder(_ folder: DropFolder) throws -> Int {
        // failed/ and its subfolders (an inbox's subfolders are kept), but not failed/.retried/.
        let entries = FolderWalk.relativeFiles(below: folder.failed.path) { name, isFolder in isFolder && name.hasPrefix(".") }
        let files = Set(entries)
        var repaired = 0
        for entry in entries {
            let path = folder.failed.appendingPathComponent(entry)
            let name = path.lastPathComponent
            if name.hasPrefix(".") && name.hasSuffix(".tmp") {
                _ = unlink(path.path)
                continue
            }
            guard !DropFolder.isIgnored(name: name), !files.contains(entry + ".error.json") else { continue }
            var json = JSONWriter(capacity: 256)
            json.beginObject()
            json.key("file"); json.string(entry)
            json.key("stage"); json.string("unknown")
            json.key("error"); json.string("the reason was lost: Copydesk stopped between moving the file here and writing its reason; process it again with the inbox")
            json.key("time"); json.string(Timestamp.iso8601(Date()))
            json.key("attempt"); json.number(1)
            json.endObject()
            try DurableFile.replace(errorFile(for: path), with: json.bytes + [0x0A])
            repaired += 1
        }
        return repaired
    }
}

/// The finisher's progress for one file, shared between the retry loop and the IO thread (one at a time).
private final class ProgressBox: @unchecked Sendable {
    var value = FinisherProgress()
}

/// What has been done for the file being finished, so a retry resumes where the error struck.
struct FinisherProgress {
    var appended: [String: OutputJournal.Position] = [:]
    var recorded: Set<String> = []
    var failedDestination: URL?
    var attempt: Int?
    var errorFileWritten = false
    var moved = false
    var failureCounted = false
}
