import ArgumentParser
import Copydesk
import Foundation

/// `copydesk stages`: the built-in stages and the configured plugins.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "List the built-in stages and the plugins a configuration adds.")

    @Argument(help: "A drop folder whose copydesk.yaml to read.")
    var root: String = "watch"

    @Option(name: .long, help: "The configuration file (default: ROOT/copydesk.yaml, if present).")
    var config: String?

    func run() throws {
        let configuration: PipelineConfiguration
        do {
            configuration = try ConfigurationLoader.resolve(explicit: config, fallback: ConfigurationLoader.defaultPath(inRoot: root))
        } catch {
            throw ValidationError("configuration: \(error)")
        }
        let width = max(BuiltInStages.all.map(\.name.count).max() ?? 0, configuration.plugins.map(\.name.count).max() ?? 0)
        print("built-in:")
        for stage in BuiltInStages.all {
            print("  \(stage.name.padding(toLength: width, withPad: " ", startingAt: 0))  v\(stage.version)  \(stage.concurrency.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(stage.summary)")
        }
        if !configuration.plugins.isEmpty {
            print("plugins (\(configuration.file ?? "")):")
            for plugin in configuration.plugins {
                print("  \(plugin.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(plugin.concurrency.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(([plugin.executable] + plugin.arguments).joined(separator: " "))")
            }
        }
    }
}
