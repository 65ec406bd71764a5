import ArgumentParser
import Copydesk
import Foundation

/// `copydesk entities`: train the entity tagger, or tag a CoNLL token file with it.
struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities", abstract: "Train the entity model, or tag a CoNLL token file.",
        subcommands: [Train.self, Tag.self])

    /// `copydesk entities train`.
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the entity model from CoNLL files (TOKEN<TAB>LABEL, IOB2) and the gazetteers.",
            discussion: """
                Types that never occur in a file (for example MISC in UNER or WikiANN) are treated as \
                unannotated there: predicting them is not counted as an error. scripts/train-entities \
                runs this on the training files the licence allows.
                """)

        @Argument(help: "Training files.")
        var files: [String]

        @Option(name: .long, help: "Folder of gazetteer lists.")
        var gazetteers: String = "data/gazetteers"

        @Option(name: .long, help: "Where to write the model.")
        var output: String = "models/entities.model"

        @Option(name: .long, help: "Passes over the training data.")
        var epochs: Int = EntityTrainer.Settings().epochs

        @Option(name: .long, help: "Models trained on different shuffles and averaged.")
        var runs: Int = EntityTrainer.Settings().runs

        @Option(name: .long, help: "log2 of the number of weight rows.")
        var bits: Int = EntityTrainer.Settings().bucketBits

        @Option(name: .long, help: "AdaGrad's step size.")
        var learningRate: Float = EntityTrainer.Settings().learningRate

        @Option(name: .long, help: "How much lower O's score is set after training (favours names over O).")
        var outsideBias: Float = EntityTrainer.Settings().outsideBias

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one training file") }
            for file in files where !FileManager.default.fileExists(atPath: file) { throw ValidationError("no such file: \(file)") }
            guard (1...100).contains(epochs) else { throw ValidationError("--epochs must be 1…100") }
            guard (12...22).contains(bits) else { throw ValidationError("--bits must be 12…22") }
            guard (1...10).contains(runs) else { throw ValidationError("--runs must be 1…10") }
            guard learningRate > 0, learningRate <= 1 else { throw ValidationError("--learning-rate must be above 0 and at most 1") }
            guard (0...5).contains(outsideBias) else { throw ValidationError("--outside-bias must be 0…5") }
        }

        func run() throws {
            let gazetteer = try Gazetteer.load(from: URL(fileURLWithPath: gazetteers))
            var sentences: [EntityTrainer.Sentence] = []
            for file in files {
                let conll = CoNLLFile(text: try String(contentsOfFile: file, encoding: .utf8))
                var labelled = conll.labelledSentences()
                let present = Set(labelled.flatMap { $0.labels.compactMap(\.typeIndex) })
                let missing = Set(0..<4).subtracting(present)
                for i in labelled.indices { labelled[i].unannotatedTypes = missing }
                print("\(file): \(labelled.count) sentences, \(labelled.reduce(0) { $0 + $1.words.count }) tokens"
                      + (missing.isEmpty ? "" : ", unannotated types: \(missing.sorted().map { ["PER", "ORG", "LOC", "MISC"][$0] }.joined(separator: ","))"))
                sentences += labelled
            }
            print("gazetteers: \(gazetteer.count) phrases")
            var settings = EntityTrainer.Settings()
            settings.epochs = epochs
            settings.bucketBits = bits
            settings.runs = runs
            settings.learningRate = learningRate
            settings.outsideBias = outsideBias
            let model = EntityTrainer.train(sentences, gazetteer: gazetteer, settings: settings) { print($0) }
            try model.write(to: URL(fileURLWithPath: output))
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            print("wrote \(output) (\(size / 1024) KiB)")
        }
    }

    /// `copydesk entities tag`.
    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tag a CoNLL token file: each token line gets the predicted IOB2 label as a new last column.",
            discussion: """
                One token per line in the first column, blank lines between sentences; -DOCSTART- and # lines are kept. \
                The sentences between -DOCSTART- lines are one document (see --independent-sentences). \
                Words are read as the entities stage reads them: a headline in title case or capitals is put \
                back in running text's case first.
                """)

        @Argument(help: "The token file ('-' for standard input).")
        var file: String

        @Option(name: .long, help: "Where to write (default: standard output).")
        var output: String?

        @Option(name: .long, help: "The entity model (default: see `copydesk entities --help`).")
        var model: String?

        @Flag(name: .long, help: """
            Tag each sentence on its own. By default the sentences up to a -DOCSTART- line are one document, \
            and a name the tagger found earlier in it counts where it recurs; use this for files of unrelated \
            sentences without -DOCSTART- lines (WikiANN).
            """)
        var independentSentences = false

        func run() throws {
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("no such file: \(file)") }
                guard let read = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw ValidationError("cannot read \(file) as UTF-8 text")
                }
                text = read
            }
            let tagger: EntityTagger
            do {
                tagger = EntityTagger(model: try EntityModel.shared(at: try EntityModel.locate(explicit: model)))
            } catch {
                throw ValidationError("\(error)")
            }
            let conll = CoNLLFile(text: text)
            var labels: [String] = []
            var history = LabelHistory()
            for (sentence, startsDocument) in zip(conll.sentences, conll.documentStarts) {
                if startsDocument || independentSentences { history = LabelHistory() }
                labels += tagger.tag(sentence.map(conll.token(at:)), history: &history).map(\.conll)
            }
            let result = conll.appending(labels: labels)
            if let output {
                try result.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                FileHandle.standardOutput.write(Data(result.utf8))
            }
        }
    }
}
