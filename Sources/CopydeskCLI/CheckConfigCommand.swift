import ArgumentParser
import Copydesk
import CopydeskCore
import CopydeskPostgres
import Foundation
import Logging

/// `copydesk check-config`: validate a configuration and print the resolved pipeline.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a pipeline configuration and print the resolved pipeline.",
        discussion: """
            Reads --config FILE, or ROOT/copydesk.yaml, or (with neither) describes the built-in chain. \
            Every built-in stage is loaded as a run would load it (the entity model included, with the \
            path it was read from), the order is checked against what each stage requires, and each \
            plugin is started once to check its hello (skip with --no-start). Exit status 0 when \
            valid, 1 when not (the message names the file, line and column, or where it looked).
            """)

    @Argument(help: "A drop folder whose copydesk.yaml to check.")
    var root: String = "watch"

    @Option(name: .long, help: "The configuration file (default: ROOT/copydesk.yaml).")
    var config: String?

    @Option(name: .long, help: "The entity model file (default: as for run and watch).")
    var entityModel: String?

    @Option(name: .long, help: "The state to check: a folder or postgres://USER@HOST/DB (default: the configuration's state:).")
    var state: String?

    @Flag(name: .long, help: "Do not start plugins to check their handshake.")
    var noStart = false

    func run() async throws {
        let configuration: PipelineConfiguration
        do {
            var loaded = try ConfigurationLoader.resolve(explicit: config, fallback: ConfigurationLoader.defaultPath(inRoot: root))
            if let entityModel { loaded.entityModel = entityModel }
            configuration = loaded
            _ = try configuration.entries(named: nil)
        } catch {
            FileHandle.standardError.write(Data("copydesk: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("configuration  \(configuration.file ?? "(none: the built-in chain)")")
        print("max_bytes      \(configuration.maximumBytes)")
        print("stage_timeout  \(configuration.stageTimeout) s (plugins)")
        var problems = 0
        if let spec = state ?? configuration.state {
            if StateChoice.isShared(spec) {
                do {
                    let opened = try StateChoice.open(spec, fromCommandLine: state != nil, node: StateChoice.processNode,
                                                      logger: Logger(label: "copydesk"))
                    if let store = opened as? PostgresStateStore { print("state          \(store.location): \(try store.check()) ✓") }
                } catch {
                    print("state          FAILED: \(error)")
                    problems += 1
                }
            } else {
                print("state          \(spec) (SQLite)")
            }
        }
        print("stages:")
        print("  1. clean       built-in  pure")
        for (index, entry) in configuration.stages.enumerated() {
            switch entry {
            case .builtIn(let name):
                print("  \(index + 2). \(name)  built-in")
                let environment = BuiltInStages.Environment(dedup: configuration.dedup, entityModel: configuration.entityModel)
                do {
                    _ = try BuiltInStages.stage(named: name, environment: environment)
                    if name == "entities" {
                        print("       model: \(try EntityModel.locate(explicit: configuration.entityModel).path) ✓")
                    }
                } catch {
                    print("       FAILED: \(error)")
                    problems += 1
                }
            case .plugin(let plugin):
                print("  \(index + 2). \(plugin.name)  plugin  \(plugin.concurrency.rawValue) ×\(plugin.instances)  timeout \(plugin.timeout) s")
                print("       \(([plugin.executable] + plugin.arguments).joined(separator: " "))")
                if !plugin.environment.isEmpty {
                    print("       env: " + plugin.environment.keys.sorted().map { "\($0)=\(plugin.environment[$0]!)" }.joined(separator: " "))
                }
                if !noStart {
                    let stage = ExternalStage(configuration: plugin, logger: LogSetup.silent)
                    do {
                        let version = try await stage.checkHandshake()
                        print("       hello: version \(version) ✓")
                    } catch {
                        print("       hello: FAILED: \(error)")
                        problems += 1
                    }
                    await stage.shutdown()
                }
            }
        }
        if problems > 0 { throw ExitCode(1) }
    }
}
