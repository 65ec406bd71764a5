/// What happened to one input.
public enum PipelineResult: Sendable {
    /// Every stage ran; the document is ready to write.
    case processed(Document)
    /// A stage dropped the document on purpose.
    case dropped(Document, stage: String, reason: String)
    /// The input could not be processed.
    case failed(PipelineFailure)
}

/// Why one input failed, and where.
public struct PipelineFailure: ClassifiedFault, Sendable, Equatable, CustomStringConvertible {
    /// The input's name (file name, or `-` for standard input).
    public var sourceName: String
    /// The stage that failed (`intake` for reading, sniffing and decoding).
    public var stage: String
    /// The reason.
    public var reason: String
    /// The stage stopped because its task was cancelled (shutdown), not because of the document:
    /// the input should be tried again rather than reported as failed.
    public var wasCancelled: Bool
    /// The fault is the machine's (a full disk, a busy database), not the input's: the input should
    /// be kept and tried again when it clears, never reported as bad.
    public var isTransient: Bool

    /// Creates a failure record.
    public init(sourceName: String, stage: String, reason: String, wasCancelled: Bool = false, isTransient: Bool = false) {
        self.sourceName = sourceName
        self.stage = stage
        self.reason = reason
        self.wasCancelled = wasCancelled
        self.isTransient = isTransient
    }

    /// "`name`: `stage`: `reason`".
    public var description: String { "\(sourceName): \(stage): \(reason)" }
}

extension PipelineResult {
    /// The failure, when the input failed.
    public var failure: PipelineFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}

extension Array where Element == PipelineResult {
    /// The first failure among one input's results: an input whose document failed fails whole.
    public var firstFailure: PipelineFailure? { lazy.compactMap(\.failure).first }
}

extension PipelineResult {
    /// The document, when the input was read (processed or dropped).
    public var document: Document? {
        switch self {
        case .processed(let document), .dropped(let document, _, _): return document
        case .failed: return nil
        }
    }
}
