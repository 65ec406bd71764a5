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
    /// How long a scanned file's size and time must stay unchanged before it is taken.
    public var settleSeconds: Double = 2
    /// How often to scan in poll mode (and as a safety net otherwise).
    public var pollSeconds: Double = 1
    /// Delete originals after success instead of moving them to done/.
    public var deleteOnSuccess = false
    /// Documents in flight at once (taken files); the inbox holds the rest.
    public var width: Int = ProcessInfo.processInfo.activeProcessorCount * 2
    /// The largest input accepted.
    public var maximumBytes: Int = Intake.defaultMaximumBytes
    /// How long each stage may work on one document.
    public var budget: TimeBudget = .standard
    /// How transient faults (full disk, busy database) are retried: until they clear, by default.
    public var retry: RetryPolicy = .untilCleared
    /// How to reload the configuration on SIGHUP; `nil` ignores SIGHUP.
    public var reloader: ConfigurationReloader?
    /// The ledger's store (and the dedup index's, shared with the stage chain).
    package var state: any StateStore

    /// Settings for `root` with defaults; the state in `state/` unless `state` is given.
    package init(folder: DropFolder, state: (any StateStore)? = nil) throws {
        self.folder = folder
        self.state = try state ?? SQLiteStateStore(folder: folder.state)
    }
}

/// `copydesk watch`: the drop-folder daemon, as a swift-service-lifecycle `Service`.
///
/// Every file that arrives ends in done/ with exactly one output line, or in failed/ with a reason,
/// across crashes, `kill -9` and restarts:
/// 1. a file is taken by an atomic rename into processing/;
/// 2. its line is appended to out/ and `fsync`ed, then the ledger commits its content hash and the
///    line's position, then the original moves to done/ (or is deleted);
/// 3. on start, recovery cuts a torn last line, records lines a crash left uncommitted, and
///    processes processing/ again — the ledger keeps a content from being written twice.
///
/// On graceful shutdown it stops taking, finishes the files in flight, and returns.
public final class DropFolderDaemon: Service {
    private let settings: WatchSettings
    private let chain: StageChain
    private let logger: Logger
    /// The daemon's counters (also written to state/metrics.prom).
    public let metrics = DaemonMetrics()
    /// Whether recovery is done and files are taken (for `/healthz`).
    public let readiness = Readiness()

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
        let monitor = FaultMonitor(logger: logger)
        let startup = BlockingIO(label: "copydesk.recovery")
        let journal = OutputJournal(folder: folder.out, ledgerPrefix: folder.outputPrefix)
        // The state (a database may not answer yet: wait for it), the node's lease in a group, then
        // the output's recovery and, in a group, this node's reservations released.
        let (ledger, lease) = try await monitor.retrying("state", policy: settings.retry, classifier: .copydesk) {
            try await startup.run { [settings, logger] () throws -> (any LedgerStore, GroupLease?) in
                let ledger = try settings.state.ledger()
                guard let node = folder.node, let group = try settings.state.group(node: node) else { return (ledger, nil) }
                return (ledger, GroupLease(group: group, folder: folder, ledger: ledger, logger: logger))
            }
        }
        if let lease { try await lease.join(monitor: monitor, retry: settings.retry) }
        let recovery = try await monitor.retrying("state", policy: settings.retry, classifier: .copydesk) {
            try await startup.run {
                let recovery = try journal.recover(ledger: ledger)
                if let lease { try lease.group.releaseReservations(of: lease.group.node) }
                return recovery
            }
        }
        if recovery.tornBytesCut > 0 || recovery.linesRecorded > 0 {
            logger.notice("recovered output", metadata: ["tornBytesCut": "\(recovery.tornBytesCut)",
                                                         "linesRecorded": "\(recovery.linesRecorded)"])
        }
        let repaired = try Finisher.repairFailedFolder(folder)
        if repaired > 0 { logger.notice("restored missing reasons in failed/", metadata: ["count": "\(repaired)"]) }
        CrashMarker.install(state: folder.state)
        let crashed = CrashMarker.consume(state: folder.state)
        let culprit = CrashSuspects.culprit(in: folder.state, crashed: crashed)
        var leftovers = folder.filesInProcessing()
        if !leftovers.isEmpty { logger.notice("processing again files left in processing/", metadata: ["count": "\(leftovers.count)"]) }

        let queue = ArrivalQueue(capacity: 1024)
        let watcher = InboxWatcher(folder: folder, mode: settings.mode, settle: settings.settleSeconds,
                                   pollInterval: settings.pollSeconds, logger: logger)
        let finisher = Finisher(folder: folder, ledger: ledger, journal: journal, metrics: metrics, monitor: monitor,
                                retry: settings.retry, deleteOnSuccess: settings.deleteOnSuccess, logger: logger)
        if let lease { finisher.mayWrite = { try lease.checkFresh() } }
        if let culprit, leftovers.contains(culprit) {
            leftovers.removeAll { $0 == culprit }
            logger.error("set aside a file that crashed Copydesk twice, the second time alone", metadata: ["file": "\(culprit)"])
            let reason = "Copydesk crashed twice while processing this file, the second time with no other file in flight; "
                + "it was set aside so that the files after it go on (the crash is in the log)"
            try await finisher.finish(TakenFile(path: folder.processing.appendingPathComponent(culprit), originalName: culprit, taken: Date()),
                                      results: [.failed(PipelineFailure(sourceName: culprit, stage: "copydesk", reason: reason))])
        }
        if crashed && !leftovers.isEmpty {
            logger.warning("Copydesk crashed last time: the files it left in processing/ are processed one at a time",
                           metadata: ["count": "\(leftovers.count)"])
        }
        let suspects = CrashSuspects(names: crashed ? leftovers : [], state: folder.state)
        let metricsFile = folder.state.appendingPathComponent("metrics.prom")
        let notifier = SystemdNotifier()
        if let hold = ProcessInfo.processInfo.environment["COPYDESK_TEST_HOLD_RECOVERY"] {
            // For the tests: recovery lasts while this file exists, to see /healthz answer 503 meanwhile.
            while FileManager.default.fileExists(atPath: hold) { try await Task.sleep(for: .milliseconds(50)) }
        }
        do {
            try notifier.ready(status: "watching \(folder.inbox.path)" + (leftovers.isEmpty ? "" : "; \(leftovers.count) left in processing/ to finish"))
        } catch {
            logger.warning("cannot tell systemd the daemon is ready", metadata: ["error": "\(error)"])
        }
        readiness.markReady()
        logger.notice("ready", metadata: ["inbox": "\(folder.inbox.path)", "recovered": "\(leftovers.count)"])

        var current = ConfigurationReloader.Loaded(chain: chain, budget: settings.budget, maximumBytes: settings.maximumBytes)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await watcher.run(feeding: queue) }
            if let lease {
                group.addTask { [logger] in
                    do { try await lease.run() } catch is LeaseLost {
                        // Another node recovered this one's files: anything written now could double. Stop
                        // at once, as after a crash; the service manager starts a clean process.
                        logger.critical("exiting: the node's lease was lost")
                        exit(75)
                    }
                }
            }
            group.addTask { [metrics] in
                // The queue's length every second (for /metrics), the text file every 5 s.
                let io = BlockingIO(label: "copydesk.metrics")
                var tick = 0
                while !Task.isCancelled {
                    let waiting = queue.count
                    metrics.setWaiting(waiting)
                    if tick % 5 == 0 { _ = try? await io.run { metrics.write(to: metricsFile, waiting: waiting) } }
                    tick += 1
                    do { try await Task.sleep(for: .seconds(1)) } catch { return }
                }
            }
            let reloads = ReloadRequests()
            if let reloader = settings.reloader {
                group.addTask { [logger] in
                    for await _ in SignalStream(SIGHUP) {
                        do {
                            try reloader.check()
                            logger.notice("SIGHUP: reloading the configuration once the files in flight are finished")
                            reloads.request()
                            queue.interrupt()
                        } catch {
                            logger.error("SIGHUP: the new configuration is refused; the one running is kept",
                                         metadata: ["error": "\(error)"])
                        }
                    }
                }
            }
            try await withGracefulShutdownHandler {
                var first = true
                while true {
                    let jobs = TakenFiles(folder: folder, queue: queue, leftovers: first ? leftovers : [], suspects: suspects,
                                            monitor: monitor, logger: logger, mayTake: { lease?.isFresh ?? true })
                    first = false
                    let pipeline = Pipeline(stages: current.chain.stages, width: settings.width, budget: current.budget,
                                            maximumBytes: current.maximumBytes, retry: settings.retry, classifier: .copydesk,
                                            monitor: monitor, logger: logger)
                    let intake = Intake(maximumBytes: current.maximumBytes)
                    try await pipeline.run(jobs, intake: { job in
                        job.read(with: intake, folder: folder)
                    }, emit: { file, results in
                        do {
                            try await finisher.finish(file, results: results)
                        } catch {
                            // Cancelled (shutdown): let a suspect waiting its turn go, so the daemon can stop.
                            await suspects.finished(file.originalName)
                            throw error
                        }
                        await suspects.finished(file.originalName)
                    })
                    // The jobs ended: shutdown (the queue is closed), or a reload with no file in flight now.
                    guard reloads.take(), readiness.current != .stopping, let reloader = settings.reloader else { break }
                    do {
                        let next = try reloader.build()
                        await current.chain.shutdown()
                        current = next
                        logger.notice("configuration reloaded", metadata: [
                            "stages": "\(next.chain.stages.map(\.name).joined(separator: ","))"])
                    } catch {
                        logger.error("the new configuration cannot start; the one running is kept", metadata: ["error": "\(error)"])
                    }
                }
            } onGracefulShutdown: { [logger, readiness] in
                readiness.markStopping()
                try? notifier.stopping()
                logger.notice("shutting down: no new files taken; finishing files in flight")
                queue.close()
            }
            queue.close()
            group.cancelAll()
        }
        await current.chain.shutdown()
        await lease?.leave()
        metrics.write(to: metricsFile, waiting: 0)
        logger.notice("stopped", metadata: ["written": "\(metrics.value("written"))", "failed": "\(metrics.value("failed"))"])
    }
}
