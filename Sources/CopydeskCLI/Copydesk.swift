import ArgumentParser
import Copydesk
import CopydeskCore
import Foundation
import Logging

/// The `copydesk` command.
@main
struct Copydesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copydesk",
        abstract: "Clean news files and write one copydesk.document/1 JSON object per document.",
        discussion: """
            Exit status: 0 when every document succeeded, 1 when some failed (each is named on \
            standard error with its reason), 2 on usage errors, 78 when the configuration cannot run \
            (a broken copydesk.yaml, a stage that cannot start such as a missing entity model).
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, PipeCommand.self, WatchCommand.self, StatusCommand.self, RetryCommand.self, StagesCommand.self, CheckConfigCommand.self,
                      InspectCommand.self, EntitiesCommand.self],
        defaultSubcommand: nil
    )

    /// Runs the command, mapping usage errors to exit status 2 (argument-parser's default is 64).
    static func main() async {
        // A plugin that dies must fail its document, not kill Copydesk with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as ConfigurationFailure {
            FileHandle.standardError.write(Data("copydesk: \(failure)\n".utf8))
            Foundation.exit(ConfigurationFailure.exitStatus)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every processing command shares.
struct ProcessingOptions: ParsableArguments {
    @Option(name: .long, help: "Pipeline configuration (YAML; see copydesk check-config). Default for watch: ROOT/copydesk.yaml.")
    var config: String?

    @Option(name: .long, help: "Comma-separated stages to run after clean, among built-in and configured ones.")
    var stages: String?

    @Option(name: .long, help: "Largest input accepted, in bytes (default: the configuration's, else 32 MiB).")
    var maxBytes: Int?

    @Option(name: .long, help: "Documents processed at once (default: twice the number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Option(name: .long, help: "The entity model file (default: the configuration's entity_model, COPYDESK_ENTITY_MODEL, then beside the binary and PREFIX/share/copydesk).")
    var entityModel: String?

    var stageNames: [String] {
        guard let stages else { return [] }
        return stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        if let maxBytes, maxBytes <= 0 { throw ValidationError("--max-bytes must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let logLevel, LogSetup.level(named: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if let config, !FileManager.default.fileExists(atPath: config) { throw ValidationError("no such configuration file: \(config)") }
        if let stages, stages.split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--stages is empty; name at least one stage (built-in: \(BuiltInStages.defaultNames.joined(separator: ", ")))")
        }
        if let entityModel, !FileManager.default.isReadableFile(atPath: entityModel) {
            throw ValidationError("--entity-model: \(entityModel) does not exist or cannot be read")
        }
    }

    /// The configuration, with this command line's overrides.
    func configuration(fallback: String? = nil) throws -> PipelineConfiguration {
        do {
            var configuration = try ConfigurationLoader.resolve(explicit: config, fallback: fallback)
            if let entityModel { configuration.entityModel = entityModel }
            return configuration
        } catch let error as ConfigurationError {
            throw ConfigurationFailure("configuration: \(error)")
        }
    }

    /// The state of `--state DIR|postgres://…` (`run`, `pipe`), else the configuration's `state:`, or `nil`.
    func openState(_ spec: String?, logger: Logger) throws -> (any StateStore)? {
        if let spec { return try StateChoice.open(spec, fromCommandLine: true, node: StateChoice.processNode, logger: logger) }
        return try StateChoice.open(try configuration().state, fromCommandLine: false, node: StateChoice.processNode, logger: logger)
    }

    /// The configuration and its stage chain. A broken configuration or a stage that cannot start
    /// is a ``ConfigurationFailure`` (exit 78); a bad `--stages` list is a usage error (exit 2).
    func chain(fallback: String? = nil, state: (any StateStore)? = nil, logger: Logger) throws -> (PipelineConfiguration, StageChain) {
        let configuration = try configuration(fallback: fallback)
        do {
            return (configuration, try StageChain.make(configuration, names: stageNames, state: state, logger: logger))
        } catch BuiltInStages.ListError.unavailable(let name, let reason) {
            throw ConfigurationFailure("stage '\(name)' cannot start: \(reason)")
        } catch let error as BuiltInStages.ListError {
            if stages != nil { throw ValidationError("--stages: \(error)") }
            throw ConfigurationFailure("configuration: \(error)")
        } catch where FaultClassifier.copydesk.isTransient(error) {
            // The state cannot be opened for the machine's reason (a full disk, a busy database).
            FileHandle.standardError.write(Data(
                "copydesk: stopped: cannot open the stages' state: \(error) — a fault of the machine, not of the input; run again when it clears\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// A configuration that cannot run: a broken `copydesk.yaml`, a stage that cannot start. Exit
/// status 78 (sysexits' EX_CONFIG), which the systemd unit lists in `RestartPreventExitStatus=` so
/// that a daemon that cannot start is not restarted every two seconds.
struct ConfigurationFailure: Error, CustomStringConvertible {
    /// The exit status.
    static let exitStatus: Int32 = 78
    /// What is wrong and where.
    var description: String

    init(_ description: String) { self.description = description }
}
