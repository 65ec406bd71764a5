/// The averaged perceptron: a wrongly labelled word moves its rows' weights one step toward its gold
/// label and one away from the guess. The weights kept are their average over every word seen, kept
/// lazily per weight, which generalises far better than the last weights.
struct PerceptronLearner: GreedyLearner {
    private(set) var weights: [Float]
    private var totals: [Double]
    private var stamps: [Int32]
    private var step: Int32 = 0

    /// Zero weights over `size` values (rows × labels).
    init(size: Int) {
        weights = [Float](repeating: 0, count: size)
        totals = [Double](repeating: 0, count: size)
        stamps = [Int32](repeating: 0, count: size)
    }

    mutating func learn(_ rows: WordRows, scores: [Float], guess: EntityLabel, truth: EntityLabel, after previous: EntityLabel) -> Double {
        step += 1
        guard guess != truth else { return 0 }
        rows.forEach { row in
            let base = Int(row) * EntityTagger.labelCount
            move(base + truth.rawValue, by: 1)
            move(base + guess.rawValue, by: -1)
        }
        return 1
    }

    /// Adds `delta` to weight `k`, first adding its value since it last changed to its running total.
    private mutating func move(_ k: Int, by delta: Float) {
        totals[k] += Double(step - stamps[k]) * Double(weights[k])
        stamps[k] = step
        weights[k] += delta
    }

    mutating func endEpoch(_ epoch: Int, of epochs: Int) {}

    func finalWeights() -> [Float] {
        weights.indices.map { k in
            Float((totals[k] + Double(step - stamps[k]) * Double(weights[k])) / Double(max(step, 1)))
        }
    }
}
