/// Paragraphs, sentences and tokens of a document's text, as code-point spans.
///
/// Computed once after cleaning and shared by every later stage, so no stage re-splits the text.
public struct Segmentation: Sendable, Equatable {
    /// Paragraph spans, in order; paragraphs are separated by `"\n\n"` in the text.
    public var paragraphs: [TextSpan]
    /// Sentence spans, in order; a sentence never crosses a paragraph.
    public var sentences: [TextSpan]
    /// Token spans, in order: words, numbers and single punctuation marks.
    public var tokens: [TextSpan]

    /// Creates a segmentation.
    public init(paragraphs: [TextSpan], sentences: [TextSpan], tokens: [TextSpan]) {
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.tokens = tokens
    }
}
