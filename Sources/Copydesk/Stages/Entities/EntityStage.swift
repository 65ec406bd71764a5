import CopydeskCore
import Foundation

/// The `entities` stage: people, organisations, places, other names, dates and quantities, each
/// grouped into one entity per document with every mention.
///
/// Pure. The model file is read once per process (see ``EntityModel/searchPath(executable:)``).
public struct EntityStage: Stage {
    /// `entities`.
    public let name = "entities"
    /// Bumped whenever the output changes (a new model included).
    public static let currentVersion = "3"
    /// ``currentVersion``.
    public let version = EntityStage.currentVersion
    /// A function of the document alone.
    public let concurrency = StageConcurrency.pure
    /// The cleaned text.
    public static let requiredFields: [String] = ["text"]
    /// ``requiredFields``.
    public var requires: [String] { Self.requiredFields }
    /// The document's entities.
    public static let assignedFields: [String] = ["entities"]
    /// ``assignedFields``.
    public var assigns: [String] { Self.assignedFields }

    private let recognizer: EntityRecognizer

    /// Creates the stage with the model at `modelPath`, or the default model.
    public init(modelPath: String? = nil) throws {
        recognizer = EntityRecognizer(model: try EntityModel.shared(at: try EntityModel.locate(explicit: modelPath)))
    }

    /// Creates the stage on a model already loaded.
    public init(model: EntityModel) {
        recognizer = EntityRecognizer(model: model)
    }

    /// Finds the document's entities.
    public func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        var document = document
        let segmentation = document.segmentation ?? Segmenter.segment(document.text)
        document.segmentation = segmentation
        let tokens = TokenizedText.of(document, segmentation: segmentation)
        document.entities = recognizer.entities(in: tokens)
        document.derived[TokenizedText.self] = tokens
        return .keep(document)
    }
}
