import Logging

/// One step of the pipeline: takes a document and returns it enriched, or asks for it to be dropped.
///
/// Built-in stages and external plugins look the same to the ``Pipeline``. A thrown error fails
/// the document alone (its source goes to `failed/` with the stage's name and the error); it never
/// stops the pipeline.
public protocol Stage: Sendable {
    /// Stable name, used in configuration and in the output's `stages` list.
    var name: String { get }
    /// Version of the stage's behaviour; bump it when its output changes.
    var version: String { get }
    /// Whether the stage may run on many documents at once.
    var concurrency: StageConcurrency { get }

    /// Works on one document.
    func process(_ document: Document, context: StageContext) async throws -> StageOutcome

    /// The stage's own time limit per document, when it keeps one (a plugin's `timeout`); `nil` (the
    /// default) leaves it to the pipeline's ``TimeBudget``.
    var timeLimit: Duration? { get }

    /// The document fields this stage reads that another stage fills ("entities" for `claims`):
    /// each must be assigned by a stage earlier in the chain (see ``StageContract``).
    var requires: [String] { get }
    /// The document fields this stage fills ("entities", "claims", "extensions.NAME").
    var assigns: [String] { get }
}

extension Stage {
    /// No limit of its own: the pipeline's ``TimeBudget`` applies.
    public var timeLimit: Duration? { nil }
    /// Nothing beyond the cleaned text.
    public var requires: [String] { [] }
    /// Nothing declared.
    public var assigns: [String] { [] }
}

/// How the pipeline may schedule a stage.
public enum StageConcurrency: String, Sendable, Equatable {
    /// A function of the document alone: runs on many documents at once.
    case pure
    /// Holds state across documents: sees them one at a time, in arrival order.
    case ordered
}

/// What a stage did with a document.
public enum StageOutcome: Sendable, Equatable {
    /// Keep going with this (possibly changed) document.
    case keep(Document)
    /// Leave the document out of the output, for this reason.
    case drop(reason: String)
}

/// What a stage gets besides the document.
public struct StageContext: Sendable {
    /// Logger with the document's file name and id in its metadata.
    public var logger: Logger
    /// The document's place in arrival order (0-based).
    public var sequence: Int

    /// Creates a context.
    public init(logger: Logger, sequence: Int) {
        self.logger = logger
        self.sequence = sequence
    }
}

/// A stage's own error, with a message for the operator.
public struct StageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
