import CopydeskCore

/// A claim as the rules find it, in tokens, before its speaker is resolved.
struct Attribution: Sendable, Equatable {
    /// Where the speaker comes from.
    enum Source: Sendable, Equatable {
        /// The phrase at these tokens.
        case phrase(Range<Int>)
        /// The subject of the sentence's main clause ("…, saying …").
        case subject(ofSentenceAt: Int)
        /// The running speaker: a quotation standing alone after an attributed one.
        case running
        /// Nobody: the text gives no source.
        case none
    }

    /// Direct, indirect or mixed.
    var kind: ClaimKind
    /// What was said.
    var content: Range<Int>
    /// Who said it.
    var source: Source
    /// The reporting verb or phrase.
    var cue: Range<Int>?
}
