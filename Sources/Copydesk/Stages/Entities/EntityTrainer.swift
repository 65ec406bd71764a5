import Foundation

/// Trains the entity tagger: two linear learners over the tagger's own features, whose weights are
/// added into one table.
///
/// - A multinomial logistic regression (``SoftmaxLearner``): every word moves its rows' weights down
///   the gradient of its softmax loss over the labels that may follow the previous one.
/// - An averaged perceptron (``PerceptronLearner``): only wrongly labelled words move weights, toward
///   the gold label. Its weights, a small share of them, are added to the first's.
///
/// Each learner visits the documents in a seeded random order and decodes each sentence greedily
/// with its own current weights, so the label features and the history see its own earlier
/// decisions, as when tagging. Both are averaged over several shuffles, and `O`'s bias is lowered
/// last (``Settings/outsideBias``).
///
/// Held-out folds (three-fold cross-validation by document over GUM's 96 training documents and UNER
/// dev's 318), tagger UNER / GUM: the perceptron alone 67.53 / 58.07, the logistic regression alone
/// 67.19 / 60.53, both 68.22 / 60.31; the entity stage 67.53 / 57.84, 66.84 / 59.53 and 68.27 / 59.24.
public enum EntityTrainer {
    /// One training sentence.
    public struct Sentence: Sendable {
        /// The words.
        public var words: [String]
        /// The gold label of each word.
        public var labels: [EntityLabel]
        /// Types (0 person … 3 misc) that this sentence's source does not annotate: a prediction of
        /// one of them where the gold says `O` is not counted as an error (UNER and WikiANN have no MISC).
        public var unannotatedTypes: Set<Int>
        /// Whether a new document starts with this sentence (the label history starts afresh).
        public var startsDocument: Bool

        /// Creates a sentence.
        public init(words: [String], labels: [EntityLabel], unannotatedTypes: Set<Int> = [], startsDocument: Bool = false) {
            self.words = words
            self.labels = labels
            self.unannotatedTypes = unannotatedTypes
            self.startsDocument = startsDocument
        }
    }

    /// Training settings.
    public struct Settings: Sendable {
        /// Passes over the data.
        public var epochs = 8
        /// log2 of the weight rows (the model file holds `2^bits × 9` half-precision weights).
        public var bucketBits = 17
        /// Seed of the shuffling.
        public var seed: UInt64 = 7
        /// Models trained with different shuffles and averaged into one (less sensitive to the order),
        /// for each learner. Measured with the averaged perceptron alone, before the logistic regression:
        /// held-out folds (three-fold cross-validation by document over GUM's training documents and
        /// UNER dev), tagger F1 UNER / GUM: 3 runs 66.63 / 57.56, 6 runs 66.77 / 57.87, 8 runs
        /// 66.95 / 58.00, 10 runs 66.91 / 57.83; the entity stage 66.29 / 57.46 at 3 runs, 66.42 /
        /// 57.91 at 8. Only training takes longer.
        public var runs = 8
        /// AdaGrad's step size. Folds, one run, UNER / GUM: 0.0125 66.33 / 57.89, 0.025 67.65 / 58.76,
        /// 0.05 66.37 / 57.46 (without the lowered `O`).
        public var learningRate: Float = 0.025
        /// How much lower `O`'s score is set than the trained weights give, after training. Trained
        /// on log loss, the tagger favours `O` when in doubt: on the folds its precision ran ten points
        /// above its recall. Eight runs, UNER / GUM: 0.5 67.46 / 59.70, 0.75 67.19 / 60.53, 1 66.80 / 59.84.
        public var outsideBias: Float = 0.75
        /// The share of the averaged perceptron's weights added to the logistic regression's; 0 trains
        /// no perceptron. Its weights run about 13 times larger. Folds, UNER / GUM: 0.01 67.68 / 60.23,
        /// 0.02 68.22 / 60.31, 0.03 68.18 / 59.96, 0.1 67.65 / 59.38.
        public var perceptronShare: Float = 0.02

        /// Default settings.
        public init() {}
    }

    /// Trains a model; `progress` hears a line for the first and last epoch of each run.
    public static func train(_ sentences: [Sentence], gazetteer: Gazetteer, settings: Settings = Settings(),
                             progress: (String) -> Void = { _ in }) -> EntityModel {
        var gazetteer = gazetteer
        var lowercase: [String: Int] = [:]
        for sentence in sentences {
            for (i, word) in sentence.words.enumerated() where i > 0 && word.first?.isLowercase == true { lowercase[word, default: 0] += 1 }
        }
        for (word, count) in lowercase where count >= 2 { gazetteer.add(word, to: .lowercaseWord) }
        let features = TaggerFeatures(bucketBits: settings.bucketBits)
        let prepared = sentences.map { features.staticRows(words: $0.words, gazetteer: gazetteer) }
        let size = (1 << settings.bucketBits) * EntityLabel.allCases.count
        var sum = [Float](repeating: 0, count: size)
        let runs = max(settings.runs, 1)
        for run in 0..<runs {
            var one = settings
            one.seed = settings.seed &+ UInt64(run) &* 1_000_003
            var logistic = SoftmaxLearner(size: size, rate: settings.learningRate)
            visit(sentences, prepared, features: features, with: &logistic, settings: one) { progress("run \(run + 1), logistic: \($0)") }
            let weights = logistic.finalWeights()
            for k in sum.indices { sum[k] += weights[k] / Float(runs) }
            if settings.perceptronShare > 0 {
                var perceptron = PerceptronLearner(size: size)
                visit(sentences, prepared, features: features, with: &perceptron, settings: one) { progress("run \(run + 1), perceptron: \($0)") }
                let weights = perceptron.finalWeights()
                let share = settings.perceptronShare / Float(runs)
                for k in sum.indices { sum[k] += share * weights[k] }
            }
        }
        // Every scored word has the bias row, so lowering its `O` weight lowers `O`'s score everywhere.
        sum[Int(features.biasRow) * EntityLabel.allCases.count] -= settings.outsideBias
        gazetteer.keepCommonWords(CommonWords.mostFrequent(in: sentences.lazy.flatMap(\.words)))
        // Built once from the final weights, so the tagger's integer copy matches them.
        return EntityModel(bucketBits: settings.bucketBits, weights: sum, gazetteer: gazetteer)
    }

    /// The epochs of one learner: documents in a seeded random order, their sentences in order (so
    /// the label history sees what it would see when tagging), each word decoded greedily with the
    /// learner's current weights and then learned from.
    private static func visit<Learner: GreedyLearner>(_ sentences: [Sentence], _ prepared: [SentenceRows], features: TaggerFeatures,
                                                      with learner: inout Learner, settings: Settings, progress: (String) -> Void) {
        let isStart = sentences.indices.map { $0 == 0 || sentences[$0].startsDocument }
        let starts = sentences.indices.filter { isStart[$0] }
        let documents = zip(starts, starts.dropFirst() + [sentences.count]).map { $0..<$1 }
        var order = Array(documents.indices)
        var random = SplitMix(seed: settings.seed)
        var remembered: [UInt32] = []
        for epoch in 1...settings.epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(random.next() % UInt64(i + 1)))
            }
            var errors = 0, words = 0
            var loss = 0.0
            var history = LabelHistory()
            for s in order.lazy.flatMap({ documents[$0] }) {
                if isStart[s] { history = LabelHistory() }
                let sentence = prepared[s], gold = sentences[s]
                var previous = EntityLabel.outside, beforePrevious = EntityLabel.outside
                for i in sentence.ends.indices {
                    words += 1
                    let word = sentence.read.infos[i]
                    let dynamic = features.labelRows(previous: previous, beforePrevious: beforePrevious,
                                                     word: word.lower, shape: word.shape.shapeHash)
                    remembered.removeAll(keepingCapacity: true)
                    history.forEachFeature(of: word.lower, capitalized: word.shape.isCapitalized) { remembered.append(features.row($0)) }
                    let rows = WordRows(statics: sentence.rows(of: i), labels: dynamic, history: remembered)
                    let scores = learner.scores(rows)
                    let guess = EntityTagger.best(after: previous, below: -Float.infinity) { scores[$0] }
                    if previous != .outside || !sentence.read.plain[i] { history.record(word.lower, as: guess) }
                    var truth = gold.labels[i]
                    if truth == .outside, let type = guess.typeIndex, gold.unannotatedTypes.contains(type) { truth = guess }
                    if guess != truth { errors += 1 }
                    loss += learner.learn(rows, scores: scores, guess: guess, truth: truth, after: previous)
                    beforePrevious = previous
                    previous = guess
                }
            }
            learner.endEpoch(epoch, of: settings.epochs)
            if epoch == settings.epochs || epoch == 1 {
                progress("epoch \(epoch): \(errors) errors in \(words) words (\(String(format: "%.2f", 100 * Double(errors) / Double(max(words, 1))))%), "
                         + "loss \(String(format: "%.4f", loss / Double(max(words, 1))))")
            }
        }
    }
}

/// A small seeded random generator (splitmix64), so training is repeatable.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return FeatureHash.mix(state)
    }
}
