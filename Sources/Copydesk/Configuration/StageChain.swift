import CopydeskCore
import Foundation
import Logging

/// The stages a configuration describes, ready to run: `clean` first, then built-in stages and
/// plugins in the configured order. Plugins must be shut down when the run ends.
public struct StageChain: Sendable {
    /// The stages in order.
    public let stages: [any Stage]
    /// The external ones, for ``shutdown()``.
    public let plugins: [ExternalStage]

    /// Builds the chain; `names` (from `--stages`) picks and orders stages among those configured
    /// and built in.
    /// Built-in stages that keep state (dedup) keep it in `stateFolder`, or in memory when it is `nil`.
    public static func make(_ configuration: PipelineConfiguration, names: [String] = [], stateFolder: URL? = nil,
                            logger: Logger) throws -> StageChain {
        var entries = configuration.stages
        if !names.isEmpty {
            var chosen: [PipelineConfiguration.StageEntry] = []
            for name in names where name != "clean" {
                guard !chosen.contains(where: { $0.name == name }) else { throw BuiltInStages.ListError.repeated(name) }
                if let entry = configuration.stages.first(where: { $0.name == name }) {
                    chosen.append(entry)
                } else if BuiltInStages.defaultNames.contains(name) {
                    chosen.append(.builtIn(name))
                } else {
                    throw BuiltInStages.ListError.unknown(name)
                }
            }
            entries = chosen
        }
        var stages: [any Stage] = [CleanStage()]
        var plugins: [ExternalStage] = []
        for entry in entries {
            switch entry {
            case .builtIn(let name):
                let environment = BuiltInStages.Environment(dedup: configuration.dedup, stateFolder: stateFolder)
                stages.append(contentsOf: try BuiltInStages.stages(named: [name], environment: environment).dropFirst())
            case .plugin(let plugin):
                let stage = ExternalStage(configuration: plugin, logger: logger)
                stages.append(stage)
                plugins.append(stage)
            }
        }
        return StageChain(stages: stages, plugins: plugins)
    }

    /// Stops every plugin (close stdin, grace period, SIGTERM, SIGKILL).
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for plugin in plugins { group.addTask { await plugin.shutdown() } }
        }
    }
}
