import CopydeskCore

/// The `claims` stage: every quotation and reported statement in a document, with who made it.
///
/// Pure and rule-based, so it needs no model and no parser: quotation marks, a lexicon of reporting
/// cues and speaker phrases find the claims (``ClaimFinder``); the document's entities, when the
/// `entities` stage ran before it, resolve the speakers (``SpeakerResolver``).
public struct ClaimStage: Stage {
    /// `claims`.
    public let name = "claims"
    /// Bumped whenever the output changes.
    public static let currentVersion = "2"
    /// ``currentVersion``.
    public let version = ClaimStage.currentVersion
    /// A function of the document alone.
    public let concurrency = StageConcurrency.pure
    /// The cleaned text, and the entities its speakers resolve to.
    public static let requiredFields: [String] = ["text", "entities"]
    /// ``requiredFields``.
    public var requires: [String] { Self.requiredFields }
    /// The document's claims.
    public static let assignedFields: [String] = ["claims"]
    /// ``assignedFields``.
    public var assigns: [String] { Self.assignedFields }

    /// Creates the stage.
    public init() {}

    /// Finds the document's claims.
    public func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        var document = document
        let segmentation = document.segmentation ?? Segmenter.segment(document.text)
        document.segmentation = segmentation
        guard !segmentation.tokens.isEmpty else {
            document.claims = []
            return .keep(document)
        }
        let tokens = TokenizedText.of(document, segmentation: segmentation)
        document.claims = Self.claims(in: tokens, segmentation: segmentation, entities: document.entities)
        return .keep(document)
    }

    /// The claims of a cleaned text, its segmentation and its entities.
    public static func claims(in text: String, segmentation: Segmentation, entities: [Entity]) -> [Claim] {
        guard !segmentation.tokens.isEmpty else { return [] }
        return claims(in: TokenizedText(text: text, segmentation: segmentation), segmentation: segmentation, entities: entities)
    }

    /// The claims of a token view, the segmentation it was made from, and the text's entities.
    static func claims(in tokens: TokenizedText, segmentation: Segmentation, entities: [Entity]) -> [Claim] {
        let claimText = ClaimText(tokens: tokens, segmentation: segmentation)
        let attributions = ClaimFinder(text: claimText).attributions()
        return SpeakerResolver(text: claimText, entities: entities).claims(from: attributions)
    }
}
