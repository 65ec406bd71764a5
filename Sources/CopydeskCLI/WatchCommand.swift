import ArgumentParser
import Copydesk
import CopydeskCore
import Foundation
import Logging
import ServiceLifecycle

/// `copydesk watch`: the drop-folder daemon.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a drop folder and process every file that arrives, exactly once.",
        discussion: """
            Files dropped (or renamed) into ROOT/inbox are taken into processing/, cleaned and run \
            through the stages; each success appends one line to out/documents-YYYY-MM-DD.jsonl and \
            moves the original to done/, each failure moves it to failed/ with NAME.error.json. \
            SIGTERM or SIGINT stops taking, finishes the files in flight and exits 0.
            """)

    @Argument(help: "The drop folder (created with inbox/ processing/ done/ failed/ out/ state/).")
    var root: String = "watch"

    @Option(name: .long, help: "How arrivals are noticed: auto (inotify, or polling on network file systems), inotify, poll.")
    var mode: ArrivalMode = .auto

    @Option(name: .long, help: "Seconds a scanned file must stay unchanged before it is taken.")
    var settle: Double = 2

    @Option(name: .long, help: "Seconds between inbox scans when polling.")
    var pollInterval: Double = 1

    @Option(name: .long, help: "What to do with originals after success: move (to done/) or delete.")
    var onSuccess: OnSuccess = .move

    @Option(name: .long, help: "Serve Prometheus metrics on /metrics and readiness on /healthz at HOST:PORT (e.g. 127.0.0.1:9464; port 0 picks one and logs it).")
    var metricsListen: String?

    @Option(name: .long, help: "Seconds to finish files in flight after SIGTERM before cancelling.")
    var shutdownTimeout: Double = 30

    @Option(name: .long, help: "Where the ledger and dedup index live: a folder (default ROOT/state/) or postgres://USER@HOST/DB, shared by several daemons on one drop folder (password from COPYDESK_STATE_PASSWORD or COPYDESK_STATE_PASSWORD_FILE). Default: the configuration's state:.")
    var state: String?

    @Option(name: .long, help: "This daemon's name in a group sharing a postgres:// state (default: the configuration's node:, else the host name). It has its own processing/NODE/ and out/NODE/.")
    var node: String?

    @Option(name: .long, help: "Seconds a group daemon's lease lasts without renewal; a node silent longer is recovered by another.")
    var leaseSeconds: Double = 15

    @OptionGroup var options: ProcessingOptions

    func validate() throws {
        if let node, !DropFolder.isValidNodeName(node) {
            throw ValidationError("--node must be letters, digits, '.', '_' and '-' (at most 64), not starting with '.' (got \(node))")
        }
        guard leaseSeconds >= 2 else { throw ValidationError("--lease-seconds must be at least 2") }
        if let metricsListen, MetricsServer.Address(metricsListen) == nil {
            throw ValidationError("--metrics-listen must be HOST:PORT, [IPv6]:PORT or :PORT (got \(metricsListen))")
        }
        guard settle >= 0, pollInterval > 0, shutdownTimeout > 0 else {
            throw ValidationError("--settle, --poll-interval and --shutdown-timeout must be positive")
        }
    }

    func run() async throws {
        let logger = LogSetup.logger(level: options.logLevel ?? "info")
        let fallback = ConfigurationLoader.defaultPath(inRoot: URL(fileURLWithPath: root).path)
        let loaded = try options.configuration(fallback: fallback)
        let stateSpec = state ?? loaded.state
        let shared = StateChoice.isShared(stateSpec)
        if node != nil && !shared {
            throw ConfigurationFailure("--node names a daemon in a group, which needs a shared state: --state postgres://… (or state: in the configuration)")
        }
        let folder = DropFolder(root: URL(fileURLWithPath: root), node: shared ? (node ?? loaded.node ?? StateChoice.hostNode) : nil)
        // The lock first: a second daemon (of this node) must be refused before it opens the dedup index.
        let lock: DaemonLock
        let store: any StateStore
        do {
            try folder.createLayout()
            lock = try DaemonLock(folder: folder)
            store = try StateChoice.open(stateSpec, fromCommandLine: state != nil, node: folder.node ?? StateChoice.hostNode,
                                         leaseSeconds: leaseSeconds, logger: logger) ?? SQLiteStateStore(folder: folder.state)
        } catch let failure as ConfigurationFailure {
            throw failure
        } catch {
            throw failure(error)
        }
        if shared { try await waitForTheDatabase(store, logger: logger) }
        let (pipelineConfiguration, chain) = try options.chain(
            fallback: ConfigurationLoader.defaultPath(inRoot: folder.root.path), state: store, logger: logger)
        var settings = try WatchSettings(folder: folder, state: store)
        settings.mode = mode
        settings.settleSeconds = settle
        settings.pollSeconds = pollInterval
        settings.deleteOnSuccess = onSuccess == .delete
        settings.maximumBytes = options.maxBytes ?? pipelineConfiguration.maximumBytes
        settings.budget = pipelineConfiguration.budget
        if let jobs = options.jobs { settings.width = jobs }
        settings.reloader = ConfigurationReloader(
            check: { [options] in
                let configuration = try options.configuration(fallback: fallback)
                _ = try configuration.entries(named: options.stageNames.isEmpty ? nil : options.stageNames)
            },
            build: { [options] in
                let (configuration, chain) = try options.chain(fallback: fallback, state: store, logger: logger)
                return .init(chain: chain, budget: configuration.budget, maximumBytes: options.maxBytes ?? configuration.maximumBytes)
            })
        let daemon = DropFolderDaemon(settings: settings, chain: chain, logger: logger, lock: lock)
        // Shut down in reverse order: the daemon finishes its files first, then the listener closes
        // (answering 503 "stopping" on /healthz meanwhile).
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let address = metricsListen.flatMap(MetricsServer.Address.init) {
            services.append(.init(service: MetricsServer(address: address, metrics: daemon.metrics, readiness: daemon.readiness, logger: logger)))
        }
        services.append(.init(service: daemon))
        var configuration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int(shutdownTimeout * 1000))
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            throw failure(error)
        }
    }

    /// A group daemon started while its database is down (a power cut brings both back together)
    /// waits for it, retrying with backoff up to 30 s apart, rather than exiting.
    private func waitForTheDatabase(_ store: any StateStore, logger: Logger) async throws {
        var wait = 1.0
        while true {
            do {
                _ = try store.ledger()
                return
            } catch where FaultClassifier.copydesk.isTransient(error) {
                logger.error("the state database does not answer; waiting for it", metadata: ["state": "\(store.location)", "error": "\(error)",
                                                                                            "retryInSeconds": "\(Int(wait))"])
                try await Task.sleep(for: .seconds(wait))
                wait = min(wait * 2, 30)
            } catch {
                throw failure(error)
            }
        }
    }

    /// Says what stopped the daemon on standard error; exit status 1.
    private func failure(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("copydesk: watch: \(error)\n".utf8))
        return ExitCode(1)
    }
}

/// `--on-success`.
enum OnSuccess: String, ExpressibleByArgument, CaseIterable {
    /// Move the original to done/.
    case move
    /// Delete it.
    case delete
}

extension ArrivalMode: ExpressibleByArgument {}
