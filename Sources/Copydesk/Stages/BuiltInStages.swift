import CopydeskCore
import Foundation

/// The stages that ship with Copydesk, by name.
public enum BuiltInStages {
    /// A built-in stage's name and what it does.
    public struct Description: Sendable {
        /// The stage's name, as used in `--stages` and configuration.
        public var name: String
        /// The stage's version.
        public var version: String
        /// Pure or ordered.
        public var concurrency: StageConcurrency
        /// One line for `copydesk stages`.
        public var summary: String
    }

    /// Every built-in stage, in the order of the default chain.
    public static let all: [Description] = [
        Description(name: "clean", version: CleanStage().version, concurrency: .pure,
                    summary: "agency files (NITF, NewsML, ninjs, wire copy, e-mail), HTML, Markdown and text to clean paragraphs; metadata; segmentation"),
        Description(name: "dedup", version: DedupStage.currentVersion, concurrency: .ordered,
                    summary: "exact and near duplicates (MinHash-LSH over word 5-shingles) and agency revisions, across runs with a state folder"),
        Description(name: "entities", version: EntityStage.currentVersion, concurrency: .pure,
                    summary: "people, organisations, places, other names (linear tagger), dates and quantities, grouped per document"),
        Description(name: "claims", version: ClaimStage.currentVersion, concurrency: .pure,
                    summary: "quotations and reported statements with their speakers, resolved to entities"),
    ]

    /// The default chain.
    public static var defaultNames: [String] { all.map(\.name) }

    /// Errors in a stage list.
    public enum ListError: Error, Equatable, CustomStringConvertible {
        /// A name that is not a built-in stage.
        case unknown(String)
        /// A stage named twice.
        case repeated(String)
        /// A stage that cannot start (its model is missing, say), with the reason.
        case unavailable(String, String)

        /// A message for the command line.
        public var description: String {
            switch self {
            case .unknown(let name):
                return "unknown stage '\(name)'; built-in stages: \(BuiltInStages.defaultNames.joined(separator: ", "))"
            case .repeated(let name):
                return "stage '\(name)' is listed twice"
            case .unavailable(let name, let reason):
                return "stage '\(name)' cannot start: \(reason)"
            }
        }
    }

    /// What built-in stages need besides their names.
    public struct Environment: Sendable {
        /// The dedup stage's settings.
        public var dedup = DedupSettings()
        /// Where stages keep state across runs (the daemon's `state/`); `nil` keeps it in memory.
        public var stateFolder: URL?
        /// The entity model file; `nil` looks in the default places.
        public var entityModel: String?

        /// Creates an environment.
        public init(dedup: DedupSettings = DedupSettings(), stateFolder: URL? = nil, entityModel: String? = nil) {
            self.dedup = dedup
            self.stateFolder = stateFolder
            self.entityModel = entityModel
        }
    }

    /// The stages for a list of names. `clean` always runs first, named or not.
    public static func stages(named names: [String], environment: Environment = Environment()) throws -> [any Stage] {
        var seen = Set<String>()
        var stages: [any Stage] = [CleanStage()]
        for name in names {
            guard seen.insert(name).inserted else { throw ListError.repeated(name) }
            switch name {
            case "clean": continue
            case "dedup":
                let store = try environment.stateFolder.map { try DedupStore(stateFolder: $0) }
                stages.append(try DedupStage(settings: environment.dedup, store: store))
            case "entities":
                do {
                    stages.append(try EntityStage(modelPath: environment.entityModel))
                } catch {
                    throw ListError.unavailable("entities", "\(error)")
                }
            case "claims": stages.append(ClaimStage())
            default: throw ListError.unknown(name)
            }
        }
        return stages
    }
}
