import CopydeskCore
import Foundation
import Yams

/// Reads and validates `copydesk.yaml`.
///
/// ```yaml
/// limits:
///   max_bytes: 33554432      # largest input accepted
///   stage_timeout: 30        # seconds per document for plugins without their own timeout
///   time_budget: 5           # seconds a built-in stage may take per document …
///   time_per_mb: 4           # … plus this many per MB of input
/// dedup:
///   jaccard: 0.3             # near duplicate at this Jaccard similarity of word 5-shingles
///   containment: 0.5         # or when this share of the shorter text's shingles is in the longer
///   duplicates: mark         # mark (write them, flagged) | drop
/// stages:
///   - clean                  # built-in stages by name (clean always runs first)
///   - dedup
///   - name: reading-time     # an external plugin
///     plugin: plugins/reading-time/reading_time.py   # relative to this file
///     args: []
///     env: {}
///     timeout: 10
///     concurrency: pure      # pure | ordered
///     instances: 2           # pure plugins only
///     requires: [entities]   # fields an earlier stage must fill (checked against the order)
///     assigns: [extensions.reading-time]   # fields it fills (default: extensions.NAME)
/// entity_model: /opt/models/entities.model   # optional; relative to this file
/// state: postgres://copydesk@db.internal/copydesk   # optional: shared state for several daemons
/// node: ingest-1                                   # optional: this daemon's name (default: the host name)
/// ```
/// Every error names the file, line and column.
public enum ConfigurationLoader {
    /// The default file name, looked for in the watched root.
    public static let defaultFileName = "copydesk.yaml"

    /// The configuration to use: `explicit` (`--config`) if given, else `fallback` (a root's
    /// copydesk.yaml) when that file exists, else the built-in chain.
    public static func resolve(explicit: String?, fallback: String?) throws -> PipelineConfiguration {
        if let explicit { return try load(path: explicit) }
        if let fallback, FileManager.default.fileExists(atPath: fallback) { return try load(path: fallback) }
        return .builtInDefault
    }

    /// The path of `copydesk.yaml` in a watched root.
    public static func defaultPath(inRoot root: String) -> String {
        URL(fileURLWithPath: root).appendingPathComponent(defaultFileName).path
    }

    /// Loads the file at `path`.
    public static func load(path: String) throws -> PipelineConfiguration {
        let url = URL(fileURLWithPath: path)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ConfigurationError(location: path, message: "cannot read the configuration: \(error.localizedDescription)")
        }
        return try parse(text, file: path, baseFolder: url.deletingLastPathComponent())
    }

    /// Parses configuration text; relative plugin paths are resolved against `baseFolder`.
    public static func parse(_ text: String, file: String, baseFolder: URL) throws -> PipelineConfiguration {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw ConfigurationError(location: file, message: "not valid YAML: \(error)")
        }
        var configuration = PipelineConfiguration.builtInDefault
        configuration.file = file
        guard let root else { return configuration }
        let reader = Reader(file: file, baseFolder: baseFolder)
        let top = try reader.mapping(root, what: "the configuration")
        try reader.checkKeys(top, allowed: ["stages", "limits", "dedup", "entity_model", "state", "node"], in: "the configuration")
        if let node = top["state"] {
            guard let value = node.string, !value.isEmpty else { throw reader.error(node, "state must be a folder or a postgres:// URL") }
            configuration.state = value.hasPrefix("postgres") ? value : baseFolder.appendingPathComponent(value).standardizedFileURL.path
            if value.hasPrefix("/") { configuration.state = value }
        }
        if let node = top["node"] {
            guard let value = node.string, DropFolder.isValidNodeName(value) else {
                throw reader.error(node, "node must be a name of letters, digits, '.', '_' and '-' (at most 64)")
            }
            configuration.node = value
        }
        if let node = top["entity_model"] {
            guard let path = node.string, !path.isEmpty else { throw reader.error(node, "entity_model must be a path") }
            let resolved = path.hasPrefix("/") ? path : baseFolder.appendingPathComponent(path).standardizedFileURL.path
            guard FileManager.default.isReadableFile(atPath: resolved) else {
                throw reader.error(node, "entity_model: \(resolved) does not exist or cannot be read")
            }
            configuration.entityModel = resolved
        }
        if let dedup = top["dedup"] {
            let mapping = try reader.mapping(dedup, what: "dedup")
            try reader.checkKeys(mapping, allowed: ["jaccard", "containment", "duplicates"], in: "dedup")
            if let node = mapping["jaccard"] { configuration.dedup.jaccard = try reader.fraction(node, what: "jaccard") }
            if let node = mapping["containment"] { configuration.dedup.containment = try reader.fraction(node, what: "containment") }
            if let node = mapping["duplicates"] {
                switch node.string {
                case "mark": configuration.dedup.dropDuplicates = false
                case "drop": configuration.dedup.dropDuplicates = true
                default: throw reader.error(node, "duplicates must be mark or drop")
                }
            }
        }
        if let limits = top["limits"] {
            let mapping = try reader.mapping(limits, what: "limits")
            try reader.checkKeys(mapping, allowed: ["max_bytes", "stage_timeout", "time_budget", "time_per_mb"], in: "limits")
            if let node = mapping["max_bytes"] { configuration.maximumBytes = try reader.positiveInt(node, what: "max_bytes") }
            if let node = mapping["stage_timeout"] { configuration.stageTimeout = try reader.positiveNumber(node, what: "stage_timeout") }
            if let node = mapping["time_budget"] {
                configuration.budget.base = .milliseconds(Int64(try reader.positiveNumber(node, what: "time_budget") * 1000))
            }
            if let node = mapping["time_per_mb"] {
                configuration.budget.perMegabyte = .milliseconds(Int64(try reader.nonNegativeNumber(node, what: "time_per_mb") * 1000))
            }
        }
        if let stages = top["stages"] {
            guard let sequence = stages.sequence else { throw reader.error(stages, "stages must be a list") }
            var entries: [PipelineConfiguration.StageEntry] = []
            var seen: [String: String] = [:]
            for node in sequence {
                let entry = try reader.stage(node, defaultTimeout: configuration.stageTimeout)
                if entry.name == "clean" { continue }
                if let first = seen[entry.name] {
                    throw reader.error(node, "stage '\(entry.name)' is listed twice (first at \(first))")
                }
                seen[entry.name] = reader.location(node)
                entries.append(entry)
            }
            configuration.stages = entries
            do { _ = try configuration.entries(named: nil) } catch {
                throw reader.error(stages, "\(error)")
            }
        }
        return configuration
    }

    /// Turns YAML nodes into configuration values, with located errors.
    struct Reader {
        let file: String
        let baseFolder: URL

        func location(_ node: Node) -> String {
            guard let mark = node.mark else { return file }
            return "\(file):\(mark.line):\(mark.column)"
        }

        func error(_ node: Node, _ message: String) -> ConfigurationError {
            ConfigurationError(location: location(node), message: message)
        }

        /// A YAML mapping's values by key, and each key's own node (for messages at the key's line).
        struct Entries {
            var values: [String: Node] = [:]
            var keys: [(name: String, node: Node)] = []
            subscript(name: String) -> Node? { values[name] }
        }

        func mapping(_ node: Node, what: String) throws -> Entries {
            guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping of keys to values") }
            var entries = Entries()
            for (key, value) in mapping {
                guard let name = key.string else { throw error(key, "keys must be strings") }
                entries.values[name] = value
                entries.keys.append((name, key))
            }
            return entries
        }

        func checkKeys(_ entries: Entries, allowed: [String], in what: String) throws {
            for (name, node) in entries.keys where !allowed.contains(name) {
                throw error(node, "unknown key '\(name)' in \(what) (expected \(allowed.joined(separator: ", ")))")
            }
        }

        func positiveInt(_ node: Node, what: String) throws -> Int {
            guard let value = node.int, value > 0 else { throw error(node, "\(what) must be a positive whole number") }
            return value
        }

        func fraction(_ node: Node, what: String) throws -> Double {
            guard let value = node.float ?? node.int.map(Double.init), value > 0, value <= 1 else {
                throw error(node, "\(what) must be a number above 0 and at most 1")
            }
            return value
        }

        func positiveNumber(_ node: Node, what: String) throws -> Double {
            guard let value = node.float ?? node.int.map(Double.init), value > 0 else {
                throw error(node, "\(what) must be a positive number of seconds")
            }
            return value
        }

        func nonNegativeNumber(_ node: Node, what: String) throws -> Double {
            guard let value = node.float ?? node.int.map(Double.init), value >= 0 else {
                throw error(node, "\(what) must be zero or a positive number of seconds")
            }
            return value
        }

        func stage(_ node: Node, defaultTimeout: Double) throws -> PipelineConfiguration.StageEntry {
            if let name = node.string {
                guard BuiltInStages.defaultNames.contains(name) else {
                    throw error(node, "unknown built-in stage '\(name)' (built-in: \(BuiltInStages.defaultNames.joined(separator: ", ")); a plugin needs 'name' and 'plugin')")
                }
                return .builtIn(name)
            }
            let entry = try mapping(node, what: "a stage")
            try checkKeys(entry, allowed: ["name", "plugin", "args", "env", "timeout", "concurrency", "instances", "requires", "assigns"],
                          in: "a stage")
            guard let nameNode = entry["name"], let name = nameNode.string, !name.isEmpty else {
                throw error(node, "a stage needs a 'name'")
            }
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw error(nameNode, "stage name '\(name)' may use letters, digits, '-' and '_' only")
            }
            guard let pluginNode = entry["plugin"] else {
                if BuiltInStages.defaultNames.contains(name) {
                    try checkKeys(entry, allowed: ["name"], in: "built-in stage '\(name)'")
                    return .builtIn(name)
                }
                throw error(node, "stage '\(name)' is not built in and has no 'plugin' path")
            }
            guard !BuiltInStages.defaultNames.contains(name) else {
                throw error(nameNode, "'\(name)' is a built-in stage; give the plugin another name")
            }
            guard let path = pluginNode.string, !path.isEmpty else { throw error(pluginNode, "'plugin' must be a path") }
            let executable = path.hasPrefix("/") ? path : baseFolder.appendingPathComponent(path).standardizedFileURL.path
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw error(pluginNode, "plugin '\(name)': \(executable) is not an executable file")
            }
            var arguments: [String] = []
            if let args = entry["args"] {
                guard let list = args.sequence else { throw error(args, "'args' must be a list of strings") }
                arguments = try list.map { item in
                    guard let value = item.string else { throw error(item, "'args' must be a list of strings") }
                    return value
                }
            }
            var environment: [String: String] = [:]
            if let env = entry["env"] {
                guard let pairs = env.mapping else { throw error(env, "'env' must be a mapping of names to strings") }
                for (key, value) in pairs {
                    guard let name = key.string, let text = value.string else { throw error(key, "'env' must map names to strings") }
                    environment[name] = text
                }
            }
            let timeout = try entry["timeout"].map { try positiveNumber($0, what: "timeout") } ?? defaultTimeout
            var concurrency = StageConcurrency.pure
            if let node = entry["concurrency"] {
                guard let value = node.string.flatMap(StageConcurrency.init(rawValue:)) else {
                    throw error(node, "concurrency must be 'pure' or 'ordered'")
                }
                concurrency = value
            }
            var instances = concurrency == .pure ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
            if let node = entry["instances"] {
                instances = try positiveInt(node, what: "instances")
                if concurrency == .ordered && instances != 1 { throw error(node, "an ordered plugin runs as one instance") }
            }
            var plugin = PluginConfiguration(name: name, executable: executable, arguments: arguments, environment: environment,
                                             timeout: timeout, concurrency: concurrency, instances: instances,
                                             location: location(node))
            if let node = entry["requires"] { plugin.requires = try fieldList(node, what: "requires") }
            if let node = entry["assigns"] { plugin.assigns = try fieldList(node, what: "assigns") }
            return .plugin(plugin)
        }

        /// A list of document field names ("entities", "extensions.house-style").
        func fieldList(_ node: Node, what: String) throws -> [String] {
            guard let list = node.sequence else { throw error(node, "'\(what)' must be a list of field names") }
            return try list.map { item in
                guard let value = item.string, !value.isEmpty else { throw error(item, "'\(what)' must be a list of field names") }
                return value
            }
        }
    }
}
