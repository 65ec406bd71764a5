import Foundation

/// The entity trainer's weights and their AdaGrad state: one step of a softmax (multinomial logistic)
/// loss per word, over the rows of its features.
///
/// A row holds one weight per label, nine in all; the first eight are handled as one vector. Each
/// weight's step is the learning rate over the root of its squared gradients so far (AdaGrad), so
/// rare features (a name seen once) still move while common ones settle.
struct SoftmaxLearner: GreedyLearner {
    private(set) var weights: [Float]
    private var squares: [Float]
    private let rate: Float
    /// The sum of the weights at the ends of the later epochs, and how many were added.
    private var sum: [Double] = []
    private var snapshots = 0

    /// Zero weights over `size` values (rows × labels).
    init(size: Int, rate: Float) {
        weights = [Float](repeating: 0, count: size)
        squares = [Float](repeating: 1e-6, count: size)
        self.rate = rate
    }

    /// One step on a word whose gold label is `truth`, over the labels that may follow `previous`
    /// (and the truth, should it not be one of them); returns the word's loss.
    mutating func learn(_ rows: WordRows, scores: [Float], guess: EntityLabel, truth: EntityLabel, after previous: EntityLabel) -> Double {
        var gradient = [Float](repeating: 0, count: EntityTagger.labelCount)
        let candidates = EntityLabel.allCases.filter { $0.mayFollow(previous) || $0 == truth }
        let largest = candidates.map { scores[$0.rawValue] }.max()!
        var total: Float = 0
        for label in candidates {
            let e = exp(scores[label.rawValue] - largest)
            gradient[label.rawValue] = e
            total += e
        }
        for k in gradient.indices { gradient[k] /= total }
        let loss = -log(Double(max(gradient[truth.rawValue], 1e-9)))
        gradient[truth.rawValue] -= 1
        let g8 = SIMD8<Float>(gradient[0..<8]), g9 = gradient[8]
        let squared8 = g8 * g8, squared9 = g9 * g9
        let rate = self.rate
        weights.withUnsafeMutableBufferPointer { weights in
            squares.withUnsafeMutableBufferPointer { squares in
                let w = weights.baseAddress!, q = squares.baseAddress!
                func update(_ row: UInt32) {
                    let k = Int(row) &* EntityTagger.labelCount
                    let q8 = UnsafeMutableRawPointer(q + k).loadUnaligned(as: SIMD8<Float>.self) + squared8
                    UnsafeMutableRawPointer(q + k).storeBytes(of: q8, as: SIMD8<Float>.self)
                    let w8 = UnsafeMutableRawPointer(w + k).loadUnaligned(as: SIMD8<Float>.self) - rate * g8 / q8.squareRoot()
                    UnsafeMutableRawPointer(w + k).storeBytes(of: w8, as: SIMD8<Float>.self)
                    q[k + 8] += squared9
                    w[k + 8] -= rate * g9 / q[k + 8].squareRoot()
                }
                rows.forEach(update)
            }
        }
        return loss
    }

    /// The weights are averaged over the ends of the later half of the epochs, which steadies them.
    mutating func endEpoch(_ epoch: Int, of epochs: Int) {
        guard epoch > epochs / 2 else { return }
        if sum.isEmpty { sum = [Double](repeating: 0, count: weights.count) }
        for k in sum.indices { sum[k] += Double(weights[k]) }
        snapshots += 1
    }

    func finalWeights() -> [Float] {
        snapshots == 0 ? weights : sum.map { Float($0 / Double(snapshots)) }
    }
}
