import ArgumentParser
import Copydesk
import Foundation
import Logging
import ServiceLifecycle

/// `copydesk watch`: the drop-folder daemon.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a drop folder and process every file that arrives, exactly once.",
        discussion: """
            Files dropped (or renamed) into ROOT/inbox are claimed into processing/, cleaned and run \
            through the stages; each success appends one line to out/documents-YYYY-MM-DD.jsonl and \
            moves the original to done/, each failure moves it to failed/ with NAME.error.json. \
            SIGTERM or SIGINT stops claiming, finishes the files in flight and exits 0.
            """)

    @Argument(help: "The drop folder (created with inbox/ processing/ done/ failed/ out/ state/).")
    var root: String = "watch"

    @Option(name: .long, help: "How arrivals are noticed: auto (inotify, or polling on network file systems), inotify, poll.")
    var mode: String = "auto"

    @Option(name: .long, help: "Seconds a scanned file must stay unchanged before it is claimed.")
    var settle: Double = 2

    @Option(name: .long, help: "Seconds between inbox scans when polling.")
    var pollInterval: Double = 1

    @Option(name: .long, help: "What to do with originals after success: move (to done/) or delete.")
    var onSuccess: String = "move"

    @Option(name: .long, help: "Seconds to finish files in flight after SIGTERM before cancelling.")
    var shutdownTimeout: Double = 30

    @OptionGroup var options: ProcessingOptions

    func validate() throws {
        guard ArrivalMode(rawValue: mode) != nil else { throw ValidationError("--mode must be auto, inotify or poll") }
        guard onSuccess == "move" || onSuccess == "delete" else { throw ValidationError("--on-success must be move or delete") }
        guard settle >= 0, pollInterval > 0, shutdownTimeout > 0 else {
            throw ValidationError("--settle, --poll-interval and --shutdown-timeout must be positive")
        }
    }

    func run() async throws {
        let logger = LogSetup.logger(level: options.logLevel ?? "info")
        let folder = DropFolder(root: URL(fileURLWithPath: root))
        // The lock first: a second daemon must be refused before it opens the dedup index.
        let lock: DaemonLock
        do {
            try folder.createLayout()
            lock = try DaemonLock(folder: folder)
        } catch {
            throw failure(error)
        }
        let (pipelineConfiguration, chain) = try options.chain(
            fallback: ConfigurationLoader.defaultPath(inRoot: folder.root.path), stateFolder: folder.state, logger: logger)
        var settings = WatchSettings(folder: folder)
        settings.mode = ArrivalMode(rawValue: mode)!
        settings.settleSeconds = settle
        settings.pollSeconds = pollInterval
        settings.deleteOnSuccess = onSuccess == "delete"
        settings.maximumBytes = options.maxBytes ?? pipelineConfiguration.maximumBytes
        settings.budget = pipelineConfiguration.budget
        if let jobs = options.jobs { settings.width = jobs }
        let daemon = DropFolderDaemon(settings: settings, chain: chain, logger: logger, lock: lock)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: daemon)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int(shutdownTimeout * 1000))
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            throw failure(error)
        }
    }

    /// Says what stopped the daemon on standard error; exit status 1.
    private func failure(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("copydesk: watch: \(error)\n".utf8))
        return ExitCode(1)
    }
}
