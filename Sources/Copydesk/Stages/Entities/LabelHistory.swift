/// The name types the tagger has given each word so far in one document: a name it settled once in
/// a clear context ("Hurricane Rita", "the Coalition Provisional Authority (CPA)") leans the same way
/// where it recurs in a weaker one ("Rita packed winds", "in the CPA"). Ratinov and Roth (2009) call
/// this the extended prediction history.
///
/// Only names are remembered, not `O`, and a word never named before adds nothing. On held-out folds
/// (three-fold cross-validation by document over GUM's 96 training documents and UNER dev's 318),
/// UNER and GUM F1, measured before headlines were recased (``HeadlineCase``):
/// - no history: 63.21 and 54.90;
/// - `O` remembered too, and a feature for "never named": 64.07 and 54.92;
/// - names only, with that feature: 63.81 and 56.60 (it lost "Haniya" at a sentence's start after "Haniyeh");
/// - names only, as here: 64.56 and 55.66.
public struct LabelHistory: Sendable {
    /// Per word (its lowercase hash), how often it was labelled person, organisation, place, misc.
    private var counts: [UInt64: SIMD4<UInt16>] = [:]

    /// An empty history, for the start of a document.
    public init() {}

    /// Notes that `word` was labelled `label`.
    @inline(__always)
    mutating func record(_ word: UInt64, as label: EntityLabel) {
        guard let type = label.typeIndex else { return }
        counts[word, default: .zero][type] &+= 1
    }

    /// Calls `body` with the feature hashes of what the history says of `word`: the type it was given
    /// most often (alone, and with whether the word is capitalised here) and every type it was given.
    @inline(__always)
    func forEachFeature(of word: UInt64, capitalized: Bool, _ body: (UInt64) -> Void) {
        guard let seen = counts[word] else { return }
        var majority = 0
        for type in 1..<4 where seen[type] > seen[majority] { majority = type }
        body(FeatureHash.feature(50, UInt64(majority + 1)))
        body(FeatureHash.feature(51, UInt64(majority + 1), capitalized ? 1 : 0))
        for type in 0..<4 where seen[type] > 0 { body(FeatureHash.feature(52, UInt64(type + 1))) }
    }
}
