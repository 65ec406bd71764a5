/// The rows of one word while training: its static feature rows, its four label rows and its history rows.
struct WordRows {
    var statics: ArraySlice<UInt32>
    var labels: (UInt32, UInt32, UInt32, UInt32)
    var history: [UInt32]

    /// Calls `body` with every row.
    @inline(__always)
    func forEach(_ body: (UInt32) -> Void) {
        for row in statics { body(row) }
        body(labels.0); body(labels.1); body(labels.2); body(labels.3)
        for row in history { body(row) }
    }
}

/// A learner of the entity tagger's weights (``EntityTrainer``): it scores a word's labels with its
/// current weights and learns from the word once the greedy decoder has chosen.
protocol GreedyLearner {
    /// The current weights, rows × labels.
    var weights: [Float] { get }
    /// Learns from one word whose gold label is `truth`, decoded as `guess` after `previous`; returns its loss.
    mutating func learn(_ rows: WordRows, scores: [Float], guess: EntityLabel, truth: EntityLabel, after previous: EntityLabel) -> Double
    /// Called after each epoch.
    mutating func endEpoch(_ epoch: Int, of epochs: Int)
    /// The weights the model keeps.
    func finalWeights() -> [Float]
}

extension GreedyLearner {
    /// Each label's score: the sum of its weights over the rows. The first eight labels are added as one vector.
    func scores(_ rows: WordRows) -> [Float] {
        weights.withUnsafeBufferPointer { weights in
            let base = weights.baseAddress!
            var first8 = SIMD8<Float>(repeating: 0)
            var ninth: Float = 0
            rows.forEach { row in
                let start = base + Int(row) &* EntityTagger.labelCount
                first8 += UnsafeRawPointer(start).loadUnaligned(as: SIMD8<Float>.self)
                ninth += start[8]
            }
            return [first8[0], first8[1], first8[2], first8[3], first8[4], first8[5], first8[6], first8[7], ninth]
        }
    }
}
