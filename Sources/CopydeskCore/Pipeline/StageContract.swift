/// What a stage reads and fills, as spaCy's factories declare it: checked before a chain runs so
/// that an order that breaks a dependency (claims before entities) is refused with a reason
/// instead of silently giving poorer output.
///
/// Field names are the output's top-level keys ("text", "meta", "dedup", "entities", "claims") or
/// "extensions.NAME" for a plugin's own. `clean` assigns "text" and "meta" and always runs first.
public struct StageContract: Sendable, Equatable {
    /// The stage's name.
    public var stage: String
    /// Fields an earlier stage must assign.
    public var requires: [String]
    /// Fields this stage assigns.
    public var assigns: [String]

    /// A contract.
    public init(stage: String, requires: [String] = [], assigns: [String] = []) {
        self.stage = stage
        self.requires = requires
        self.assigns = assigns
    }

    /// A stage's own declaration.
    public init(_ stage: any Stage) {
        self.init(stage: stage.name, requires: stage.requires, assigns: stage.assigns)
    }

    /// A broken dependency: `stage` requires `field`, which no stage before it assigns.
    public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
        /// The stage whose requirement is not met.
        public var stage: String
        /// The field it requires.
        public var field: String
        /// The stages that assign the field but run after `stage` (empty: none in the chain does).
        public var assignedLater: [String]

        /// A violation.
        public init(stage: String, field: String, assignedLater: [String]) {
            self.stage = stage
            self.field = field
            self.assignedLater = assignedLater
        }

        /// A message that says how to fix the order.
        public var description: String {
            if let later = assignedLater.first {
                return "stage '\(stage)' requires '\(field)', which '\(later)' assigns after it; put '\(later)' before '\(stage)'"
            }
            return "stage '\(stage)' requires '\(field)', which no stage before it assigns; add a stage that assigns it before '\(stage)'"
        }
    }

    /// Checks a chain in order: every requirement is assigned by an earlier stage.
    public static func check(_ chain: [StageContract]) throws(Violation) {
        var assigned: Set<String> = []
        for (index, contract) in chain.enumerated() {
            for field in contract.requires where !assigned.contains(field) {
                let later = chain[(index + 1)...].filter { $0.assigns.contains(field) }.map(\.stage)
                throw Violation(stage: contract.stage, field: field, assignedLater: later)
            }
            assigned.formUnion(contract.assigns)
        }
    }
}
