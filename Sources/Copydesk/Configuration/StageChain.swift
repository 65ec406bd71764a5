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
    /// Built-in stages that keep state (dedup) keep it in `state`, or in memory when it is `nil`.
    package static func make(_ configuration: PipelineConfiguration, names: [String] = [], state: (any StateStore)? = nil,
                            logger: Logger) throws -> StageChain {
        let entries = try configuration.entries(named: names.isEmpty ? nil : names)
        var stages: [any Stage] = [CleanStage()]
        var plugins: [ExternalStage] = []
        for entry in entries {
            switch entry {
            case .builtIn(let name):
                let environment = BuiltInStages.Environment(dedup: configuration.dedup, state: state,
                                                            entityModel: configuration.entityModel)
                stages.append(try BuiltInStages.stage(named: name, environment: environment))
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
