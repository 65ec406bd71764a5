import CopydeskCore

/// The `clean` stage: decoded input → clean text, metadata and segmentation.
///
/// Always the first stage. It consumes ``Document/input`` (releasing the raw content) and fills
/// ``Document/text``, ``Document/meta`` and ``Document/segmentation``.
public struct CleanStage: Stage {
    /// `clean`.
    public let name = "clean"
    /// Bumped whenever cleaning output changes.
    public let version = "7"
    /// Cleaning is a function of the input alone.
    public let concurrency = StageConcurrency.pure
    /// Reads only the input.
    public static let requiredFields: [String] = []
    /// ``requiredFields``.
    public var requires: [String] { Self.requiredFields }
    /// The cleaned text, its paragraphs and the metadata.
    public static let assignedFields: [String] = ["text", "meta"]
    /// ``assignedFields``.
    public var assigns: [String] { Self.assignedFields }

    /// Creates the stage.
    public init() {}

    /// Cleans the document's input.
    public func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        var document = document
        guard let input = document.input else {
            // Already clean (for example a document read back from JSON): just segment it.
            if document.segmentation == nil { document.segmentation = Segmenter.segment(document.text) }
            return .keep(document)
        }
        let cleaned = Cleaner.clean(input)
        document.input = nil
        document.text = cleaned.paragraphs.joined(separator: "\n\n")
        document.meta = cleaned.meta
        document.warnings.append(contentsOf: cleaned.warnings)
        if let published = document.meta.published {
            // One format on every line (RFC 3339, UTC), whatever the source wrote.
            document.meta.published = PublishedDate.normalize(published)
            if document.meta.published == nil {
                document.warnings.append("clean: published date \"\(published.prefix(80))\" is not a date Copydesk reads; left out")
            }
        }
        document.segmentation = Segmenter.segment(document.text)
        return .keep(document)
    }
}
