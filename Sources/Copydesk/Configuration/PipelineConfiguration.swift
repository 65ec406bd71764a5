import CopydeskCore
import Foundation

/// The pipeline a `copydesk.yaml` describes: stages in order (built-in or external plugins) and limits.
public struct PipelineConfiguration: Sendable {
    /// One entry of `stages:`.
    public enum StageEntry: Sendable, Equatable {
        /// A built-in stage, by name.
        case builtIn(String)
        /// An external plugin.
        case plugin(PluginConfiguration)

        /// The stage's name.
        public var name: String {
            switch self {
            case .builtIn(let name): return name
            case .plugin(let plugin): return plugin.name
            }
        }
    }

    /// The file this came from, if any.
    public var file: String?
    /// Stages after `clean` (which always runs first), in order.
    public var stages: [StageEntry]
    /// The largest input accepted, in bytes.
    public var maximumBytes: Int
    /// Seconds a plugin may take per document, unless the plugin sets its own `timeout`.
    public var stageTimeout: Double
    /// How long a built-in stage may work on one document (plugins have their own `timeout`).
    public var budget: TimeBudget = .standard
    /// The dedup stage's thresholds and what it does with duplicates.
    public var dedup = DedupSettings()

    /// The built-in default chain, used when there is no configuration file.
    public static var builtInDefault: PipelineConfiguration {
        PipelineConfiguration(file: nil, stages: BuiltInStages.defaultNames.filter { $0 != "clean" }.map { .builtIn($0) },
                              maximumBytes: Intake.defaultMaximumBytes, stageTimeout: 30)
    }

    /// The configured plugins.
    public var plugins: [PluginConfiguration] {
        stages.compactMap { if case .plugin(let plugin) = $0 { return plugin } else { return nil } }
    }
}

/// An external stage: a program speaking the plugin protocol (see plugins/README.md).
public struct PluginConfiguration: Sendable, Equatable {
    /// The stage's name in the pipeline and in the output's `stages` list.
    public var name: String
    /// The program, as an absolute path (relative paths are resolved against the configuration file).
    public var executable: String
    /// Its arguments.
    public var arguments: [String]
    /// Environment variables added to a minimal environment (PATH, HOME, LANG, TZ).
    public var environment: [String: String]
    /// Seconds allowed per document.
    public var timeout: Double
    /// Whether several documents may be in the plugin at once (in separate instances).
    public var concurrency: StageConcurrency
    /// How many instances of a pure plugin run at once (ordered plugins: one).
    public var instances: Int
    /// Where the entry is in its file ("copydesk.yaml:12:5"), for messages.
    public var location: String
}

/// A configuration problem, with the place in the file it was found.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// "file:line:column" (or just the file).
    public var location: String
    /// What is wrong.
    public var message: String

    /// "`location`: `message`".
    public var description: String { "\(location): \(message)" }
}
