import CopydeskCore
import Foundation
import Logging
import ServiceLifecycle

/// Settings of `copydesk watch`.
public struct WatchSettings: Sendable {
    /// The drop folder.
    public var folder: DropFolder
    /// inotify, polling, or decide by file system.
    public var mode: ArrivalMode = .auto
    /// How long a scanned file's size and time must stay unchanged before it is claimed.
    public var settleSeconds: Double = 2
    /// How often to scan in poll mode (and as a safety net otherwise).
    public var pollSeconds: Double = 1
    /// Delete originals after success instead of moving them to done/.
    public var deleteOnSuccess = false
    /// Documents in flight at once (claimed files); the inbox holds the rest.
    public var width: Int = ProcessInfo.processInfo.activeProcessorCount * 2
    /// The largest input accepted.
    public var maximumBytes: Int = Intake.defaultMaximumBytes

    /// Settings for `root` with defaults.
    public init(folder: DropFolder) { self.folder = folder }
}

/// `copydesk watch`: the drop-folder daemon, as a swift-service-lifecycle `Service`.
///
/// Every file that arrives ends in done/ with exactly one output line, or in failed/ with a reason,
/// across crashes, `kill -9` and restarts:
/// 1. a file is claimed by an atomic rename into processing/;
/// 2. its line is appended to out/ and `fsync`ed, then the ledger commits its content hash and the
///    line's position, then the original moves to done/ (or is deleted);
/// 3. on start, recovery cuts a torn last line, records lines a crash left uncommitted, and
///    processes processing/ again — the ledger keeps a content from being written twice.
///
/// On graceful shutdown it stops claiming, finishes the files in flight, and returns.
public final class DropFolderDaemon: Service {
    private let settings: WatchSettings
    private let chain: StageChain
    private let logger: Logger
    /// The daemon's counters (also written to state/metrics.prom).
    public let metrics = DaemonMetrics()

    private let heldLock: DaemonLock?

    /// A daemon running `chain` over `settings.folder`. Pass `lock` when the caller took the folder's
    /// lock already (before loading state that only the one daemon may touch); otherwise `run()` takes it.
    public init(settings: WatchSettings, chain: StageChain, logger: Logger, lock: DaemonLock? = nil) {
        self.settings = settings
        self.chain = chain
        self.logger = logger
        self.heldLock = lock
    }

    /// Runs until graceful shutdown (or cancellation).
    public func run() async throws {
        let folder = settings.folder
        try folder.createLayout()
        let lock = try heldLock ?? DaemonLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try Ledger(path: folder.state.appendingPathComponent("ledger.sqlite").path)
        let journal = OutputJournal(folder: folder.out)
        let recovery = try journal.recover(ledger: ledger)
        if recovery.tornBytesCut > 0 || recovery.linesRecorded > 0 {
            logger.notice("recovered output", metadata: ["tornBytesCut": "\(recovery.tornBytesCut)",
                                                         "linesRecorded": "\(recovery.linesRecorded)"])
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.processing.path)
            .filter { !DropFolder.isIgnored(name: $0) }.sorted()
        if !leftovers.isEmpty { logger.notice("processing again files left in processing/", metadata: ["count": "\(leftovers.count)"]) }

        let queue = ArrivalQueue(capacity: 1024)
        let watcher = InboxWatcher(folder: folder, mode: settings.mode, settle: settings.settleSeconds,
                                   pollInterval: settings.pollSeconds, logger: logger)
        let claims = ClaimLog()
        let finisher = Finisher(folder: folder, ledger: ledger, journal: journal, metrics: metrics,
                                deleteOnSuccess: settings.deleteOnSuccess, logger: logger)
        let jobs = ClaimedFiles(folder: folder, queue: queue, leftovers: leftovers, claims: claims, logger: logger)
        let pipeline = Pipeline(stages: chain.stages, width: settings.width, logger: logger)
        let intake = Intake(maximumBytes: settings.maximumBytes)
        let metricsFile = folder.state.appendingPathComponent("metrics.prom")

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await watcher.run(feeding: queue) }
            group.addTask { [metrics] in
                while !Task.isCancelled {
                    metrics.write(to: metricsFile, waiting: queue.count)
                    try? await Task.sleep(for: .seconds(5))
                }
            }
            try await withGracefulShutdownHandler {
                try await pipeline.run(jobs, intake: { job in
                    job.read(with: intake, folder: folder)
                }, emit: { results in
                    await finisher.finish(claims.next(), results: results)
                })
            } onGracefulShutdown: { [logger] in
                logger.notice("shutting down: no new claims; finishing files in flight")
                queue.close()
            }
            queue.close()
            group.cancelAll()
        }
        await chain.shutdown()
        metrics.write(to: metricsFile, waiting: 0)
        logger.notice("stopped", metadata: ["written": "\(metrics.value("written"))", "failed": "\(metrics.value("failed"))"])
    }
}

/// A file claimed into processing/.
struct ClaimedFile: Sendable {
    /// Where it is now.
    var path: URL
    /// Its name when it arrived.
    var originalName: String
    /// When it was claimed.
    var claimed: Date

    /// Reads it into its documents, refusing symlinks that lead out of the drop folder.
    func read(with intake: Intake, folder: DropFolder) -> Result<[Document], PipelineFailure> {
        var info = stat()
        if lstat(path.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            guard folder.contains(resolved: path) else {
                return .failure(PipelineFailure(sourceName: originalName, stage: "intake",
                                                reason: "symbolic link to \(path.resolvingSymlinksInPath().path), outside the drop folder: not followed"))
            }
        }
        return intake.documents(atPath: path.path, name: originalName)
    }
}

/// Claimed files in claim order, so each result (which the pipeline emits in the same order) finds its file.
final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [ClaimedFile] = []
    private var head = 0

    func append(_ file: ClaimedFile) { lock.withLock { files.append(file) } }

    func next() -> ClaimedFile {
        lock.withLock {
            let file = files[head]
            head += 1
            if head > 64 && head * 2 > files.count { files.removeFirst(head); head = 0 }
            return file
        }
    }
}

/// The pipeline's jobs: first what a previous run left in processing/, then arrivals, each claimed
/// by renaming it into processing/ only when the pipeline has room for it.
struct ClaimedFiles: AsyncSequence, Sendable {
    let folder: DropFolder
    let queue: ArrivalQueue
    let leftovers: [String]
    let claims: ClaimLog
    let logger: Logger

    struct AsyncIterator: AsyncIteratorProtocol {
        let base: ClaimedFiles
        var leftoverIndex = 0

        mutating func next() async -> ClaimedFile? {
            if leftoverIndex < base.leftovers.count {
                let name = base.leftovers[leftoverIndex]
                leftoverIndex += 1
                let file = ClaimedFile(path: base.folder.processing.appendingPathComponent(name),
                                       originalName: name, claimed: Date())
                base.claims.append(file)
                return file
            }
            while let path = await base.queue.next() {
                let source = URL(fileURLWithPath: path)
                // Still being written: its close (inotify) or a later scan offers it again.
                if OpenForWriting.check(path) { continue }
                do {
                    let claimed = try base.folder.move(source, into: base.folder.processing)
                    let file = ClaimedFile(path: claimed, originalName: source.lastPathComponent, claimed: Date())
                    base.claims.append(file)
                    return file
                } catch {
                    // Gone already (deleted, or claimed from an older queue entry): nothing to do.
                    if (error as? POSIXFailure)?.code != ENOENT {
                        base.logger.warning("cannot claim", metadata: ["file": "\(path)", "error": "\(error)"])
                    }
                }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }
}

/// The last step for each file, in arrival order: output line, ledger, then done/ or failed/.
final class Finisher: @unchecked Sendable {
    // Called only from the pipeline's emit, which is serial.
    let folder: DropFolder
    let ledger: Ledger
    let journal: OutputJournal
    let metrics: DaemonMetrics
    let deleteOnSuccess: Bool
    let logger: Logger

    init(folder: DropFolder, ledger: Ledger, journal: OutputJournal, metrics: DaemonMetrics, deleteOnSuccess: Bool, logger: Logger) {
        self.folder = folder
        self.ledger = ledger
        self.journal = journal
        self.metrics = metrics
        self.deleteOnSuccess = deleteOnSuccess
        self.logger = logger
    }

    /// Finishes one file: every document's line (one line per story it holds), then done/; or, when
    /// any of its documents failed, failed/ with the reason and no line for any of them.
    func finish(_ file: ClaimedFile, results: [PipelineResult]) async {
        var log = logger
        log[metadataKey: "file"] = "\(file.originalName)"
        let elapsed = Date().timeIntervalSince(file.claimed)
        let now = Timestamp.iso8601(Date())
        while true {
            do {
                if results.contains(where: { $0.failure?.wasCancelled == true }) {
                    try folder.move(file.path, into: folder.inbox, name: file.originalName)
                    metrics.count("returned")
                    return
                }
                if let failure = results.firstFailure {
                    try moveToFailed(file, failure: failure, at: now)
                    try ledger.recordFailure(sourceName: file.originalName, stage: failure.stage, reason: failure.reason, at: now)
                    metrics.count("failed", secondsSinceClaim: elapsed)
                    log.warning("failed", metadata: ["stage": "\(failure.stage)", "error": "\(failure.reason)"])
                    return
                }
                for result in results {
                    switch result {
                    case .processed(let document):
                        var log = log
                        log[metadataKey: "document"] = "\(document.id.prefix(16))"
                        if let entry = try ledger.entry(for: document.id) {
                            log.info("same content already processed; not written again", metadata: ["as": "\(entry.sourceName)"])
                            metrics.count("duplicate", secondsSinceClaim: elapsed)
                        } else {
                            let position = try journal.append(DocumentEncoder.line(for: document))
                            try ledger.recordWritten(id: document.id, sourceName: document.source.name, file: position.file,
                                                     offset: position.offset, length: position.length, at: now)
                            metrics.count("written", secondsSinceClaim: elapsed)
                            log.debug("written", metadata: ["output": "\(position.file)", "offset": "\(position.offset)"])
                        }
                    case .dropped(let document, let stage, let reason):
                        try ledger.recordDropped(id: document.id, sourceName: document.source.name, at: now)
                        metrics.count("dropped", secondsSinceClaim: elapsed)
                        log.info("dropped", metadata: ["stage": "\(stage)", "reason": "\(reason)"])
                    case .failed:
                        break
                    }
                }
                try moveToDone(file)
                return
            } catch {
                // Output or state cannot be written (full disk, read-only mount): keep the file in
                // processing/ and try again; nothing is moved until its lines and ledger rows are safe.
                log.error("cannot finish; retrying in 5 s", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }

    private func moveToDone(_ file: ClaimedFile) throws {
        if deleteOnSuccess {
            guard unlink(file.path.path) == 0 || errno == ENOENT else { throw POSIXFailure("unlink \(file.path.path)") }
        } else {
            try folder.move(file.path, into: folder.done, name: file.originalName)
        }
    }

    private func moveToFailed(_ file: ClaimedFile, failure: PipelineFailure, at time: String) throws {
        let destination = try folder.move(file.path, into: folder.failed, name: file.originalName)
        let attempt = (try? ledger.failureCount(for: file.originalName)).map { $0 + 1 } ?? 1
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("file"); json.string(file.originalName)
        json.key("stage"); json.string(failure.stage)
        json.key("error"); json.string(failure.reason)
        json.key("time"); json.string(time)
        json.key("attempt"); json.number(attempt)
        json.endObject()
        let errorFile = destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".error.json")
        try Data(json.bytes + [0x0A]).write(to: errorFile, options: .atomic)
    }
}
