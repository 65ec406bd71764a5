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
        /// The fields it requires from earlier stages and those it fills.
        public var contract: StageContract
        /// One line for `copydesk stages`.
        public var summary: String
    }

    /// Every built-in stage, in the order of the default chain.
    public static let all: [Description] = [
        Description(name: "clean", version: CleanStage().version, concurrency: .pure,
                    contract: StageContract(stage: "clean", requires: CleanStage.requiredFields, assigns: CleanStage.assignedFields),
                    summary: "agency files (NITF, NewsML, ninjs, wire copy, e-mail), HTML, Markdown and text to clean paragraphs; metadata; segmentation"),
        Description(name: "dedup", version: DedupStage.currentVersion, concurrency: .ordered,
                    contract: StageContract(stage: "dedup", requires: DedupStage.requiredFields, assigns: DedupStage.assignedFields),
                    summary: "exact and near duplicates (MinHash-LSH over word 5-shingles) and agency revisions, across runs with a state folder"),
        Description(name: "entities", version: EntityStage.currentVersion, concurrency: .pure,
                    contract: StageContract(stage: "entities", requires: EntityStage.requiredFields, assigns: EntityStage.assignedFields),
                    summary: "people, organisations, places, other names (linear tagger), dates and quantities, grouped per document"),
        Description(name: "claims", version: ClaimStage.currentVersion, concurrency: .pure,
                    contract: StageContract(stage: "claims", requires: ClaimStage.requiredFields, assigns: ClaimStage.assignedFields),
                    summary: "quotations and reported statements with their speakers, resolved to entities"),
    ]

    /// The contract of the built-in stage called `name`.
    public static func contract(of name: String) -> StageContract? {
        all.first { $0.name == name }?.contract
    }

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
        /// An order that breaks a dependency (claims before entities).
        case order(StageContract.Violation)
        /// `--stages` given but empty.
        case empty

        /// A message for the command line.
        public var description: String {
            switch self {
            case .unknown(let name):
                return "unknown stage '\(name)'; built-in stages: \(BuiltInStages.defaultNames.joined(separator: ", "))"
            case .repeated(let name):
                return "stage '\(name)' is listed twice"
            case .unavailable(let name, let reason):
                return "stage '\(name)' cannot start: \(reason)"
            case .order(let violation):
                return violation.description
            case .empty:
                return "no stages named; name at least one (built-in stages: \(BuiltInStages.defaultNames.joined(separator: ", ")))"
            }
        }
    }

    /// What built-in stages need besides their names.
    package struct Environment: Sendable {
        /// The dedup stage's settings.
        public var dedup = DedupSettings()
        /// Where stages keep state across runs (the daemon's `state/`); `nil` keeps it in memory.
        package var state: (any StateStore)?
        /// The entity model file; `nil` looks in the default places.
        public var entityModel: String?

        /// Creates an environment.
        package init(dedup: DedupSettings = DedupSettings(), state: (any StateStore)? = nil, entityModel: String? = nil) {
            self.dedup = dedup
            self.state = state
            self.entityModel = entityModel
        }
    }

    /// The stages for a list of names, with the order checked. `clean` always runs first, named or not.
    package static func stages(named names: [String], environment: Environment = Environment()) throws -> [any Stage] {
        var seen = Set<String>()
        for name in names {
            guard seen.insert(name).inserted else { throw ListError.repeated(name) }
            guard defaultNames.contains(name) else { throw ListError.unknown(name) }
        }
        let chosen = names.filter { $0 != "clean" }
        do {
            try StageContract.check(["clean"].compactMap(contract(of:)) + chosen.compactMap(contract(of:)))
        } catch {
            throw ListError.order(error)
        }
        return [CleanStage()] + (try chosen.map { try stage(named: $0, environment: environment) })
    }

    /// The built-in stage called `name` (not `clean`, which ``stages(named:environment:)`` puts first).
    package static func stage(named name: String, environment: Environment) throws -> any Stage {
        switch name {
        case "clean": return CleanStage()
        case "dedup":
            let store = try environment.state?.dedupIndex()
            return try DedupStage(settings: environment.dedup, store: store)
        case "entities":
            do {
                return try EntityStage(modelPath: environment.entityModel)
            } catch {
                throw ListError.unavailable("entities", "\(error)")
            }
        case "claims": return ClaimStage()
        default: throw ListError.unknown(name)
        }
    }
}
