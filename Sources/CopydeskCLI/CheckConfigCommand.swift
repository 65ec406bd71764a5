import ArgumentParser
import Copydesk
import CopydeskCore
import Foundation

/// `copydesk check-config`: validate a configuration and print the resolved pipeline.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a pipeline configuration and print the resolved pipeline.",
        discussion: """
            Reads --config FILE, or ROOT/copydesk.yaml, or (with neither) describes the built-in chain. \
            Each plugin is started once to check its hello (skip with --no-start). Exit status 0 when \
            valid, 1 when not (the message names the file, line and column).
            """)

    @Argument(help: "A drop folder whose copydesk.yaml to check.")
    var root: String = "watch"

    @Option(name: .long, help: "The configuration file (default: ROOT/copydesk.yaml).")
    var config: String?

    @Flag(name: .long, help: "Do not start plugins to check their handshake.")
    var noStart = false

    func run() async throws {
        let configuration: PipelineConfiguration
        do {
            configuration = try ConfigurationLoader.resolve(explicit: config, fallback: ConfigurationLoader.defaultPath(inRoot: root))
        } catch {
            FileHandle.standardError.write(Data("copydesk: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("configuration  \(configuration.file ?? "(none: the built-in chain)")")
        print("max_bytes      \(configuration.maximumBytes)")
        print("stage_timeout  \(configuration.stageTimeout) s (plugins)")
        print("stages:")
        print("  1. clean       built-in  pure")
        var problems = 0
        for (index, entry) in configuration.stages.enumerated() {
            switch entry {
            case .builtIn(let name):
                print("  \(index + 2). \(name)  built-in")
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
