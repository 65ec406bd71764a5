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

        /// What the stage requires and assigns.
        public var contract: StageContract {
            switch self {
            case .builtIn(let name): return BuiltInStages.contract(of: name) ?? StageContract(stage: name)
            case .plugin(let plugin): return plugin.contract
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
    /// The entity model file (`entity_model:`, or `--entity-model`); `nil` searches the default places.
    public var entityModel: String?
    /// Where the state lives (`state:`): a folder, or a `postgres://` URL shared by a group of daemons.
    public var state: String?
    /// This daemon's node name in a group (`node:`); the host name by default.
    public var node: String?

    /// The built-in default chain, used when there is no configuration file.
    public static var builtInDefault: PipelineConfiguration {
        PipelineConfiguration(file: nil, stages: BuiltInStages.defaultNames.filter { $0 != "clean" }.map { .builtIn($0) },
                              maximumBytes: Intake.defaultMaximumBytes, stageTimeout: 30)
    }

    /// The entries `names` (from `--stages`) picks, in that order, among configured and built-in
    /// stages; all configured ones when `names` is `nil`. The order is checked against each stage's
    /// ``StageContract``.
    public func entries(named names: [String]?) throws(BuiltInStages.ListError) -> [StageEntry] {
        var entries = stages
        if let names {
            var chosen: [StageEntry] = []
            for name in names where name != "clean" {
                guard !chosen.contains(where: { $0.name == name }) else { throw .repeated(name) }
                if let entry = stages.first(where: { $0.name == name }) {
                    chosen.append(entry)
                } else if BuiltInStages.defaultNames.contains(name) {
                    chosen.append(.builtIn(name))
                } else {
                    throw .unknown(name)
                }
            }
            entries = chosen
        }
        do {
            try StageContract.check([BuiltInStages.contract(of: "clean")!] + entries.map(\.contract))
        } catch {
            throw .order(error)
        }
        return entries
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
    /// Fields the plugin reads that an earlier stage must fill (`requires:`; default none).
    public var requires: [String] = []
    /// Fields the plugin fills (`assigns:`; default its own `extensions.NAME`).
    public var assigns: [String]? = nil

    /// What the plugin declares.
    public var contract: StageContract {
        StageContract(stage: name, requires: requires, assigns: assigns ?? ["extensions.\(name)"])
    }
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
