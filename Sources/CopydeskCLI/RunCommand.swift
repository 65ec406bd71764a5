import ArgumentParser
import Copydesk
import CopydeskCore
import Foundation

/// `copydesk run`: process files, folders or standard input once, then exit.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Process files, folders (recursive) or standard input once and write JSON Lines.",
        discussion: """
            Documents are written in input order (folders are read in sorted order). A summary goes \
            to standard error; each failed input is named there with its stage and reason.
            """)

    @Argument(help: "Files and folders to process; - reads one document from standard input.")
    var paths: [String] = []

    @Option(name: .long, help: "Write JSON Lines here instead of standard output.")
    var out: String?

    @Flag(name: .long, help: "Append to --out instead of replacing it.")
    var append = false

    @Option(name: .long, help: "Where stages keep state across runs: a folder (the dedup index, DIR/dedup.sqlite) or postgres://USER@HOST/DB shared with other processes (password from COPYDESK_STATE_PASSWORD or COPYDESK_STATE_PASSWORD_FILE); without it, duplicates are found within this run only.")
    var state: String?

    @OptionGroup var options: ProcessingOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder, or - for standard input") }
        if append && out == nil { throw ValidationError("--append adds to the --out file; give --out FILE") }
        guard paths.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("- (standard input) may be given once") }
        for path in paths where path != "-" && !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: \(path)")
        }
    }

    func run() async throws {
        let logger = LogSetup.logger(level: options.logLevel ?? "error")
        let (configuration, chain) = try options.chain(state: try options.openState(state, logger: logger), logger: logger)
        let items = try InputList.expand(paths)
        let intake = Intake(maximumBytes: options.maxBytes ?? configuration.maximumBytes)
        let standardInput: [UInt8]? = items.contains(.standardInput)
            ? [UInt8](FileHandle.standardInput.readDataToEndOfFile()) : nil
        let pipeline = Pipeline(stages: chain.stages, width: options.jobs, budget: configuration.budget,
                                maximumBytes: intake.maximumBytes, classifier: .copydesk, logger: logger)
        let report = RunReport(output: try OutputFile(path: out, append: append), items: items)
        let started = ContinuousClock.now

        do {
        try await pipeline.run(AsyncJobs(items), intake: { item in
            switch item {
            case .file(let path, let relative):
                return intake.documents(atPath: path, relativePath: relative)
            case .standardInput:
                do {
                    return .success(try intake.documents(from: standardInput ?? [], name: "-"))
                } catch {
                    return .failure(PipelineFailure(sourceName: "-", stage: "intake", reason: "\(error)"))
                }
            }
        }, emit: { try report.record($0, results: $1) })
        } catch let stopped as RunStopped {
            await chain.shutdown()
            try? report.output.close()
            report.progress.finish()
            FileHandle.standardError.write(Data("copydesk: stopped: \(stopped)\n".utf8))
            throw ExitCode(1)
        }
        await chain.shutdown()
        try report.output.close()
        report.progress.finish()
        report.summary.elapsed = ContinuousClock.now - started
        FileHandle.standardError.write(Data((report.summary.description + "\n").utf8))
        if report.summary.failed > 0 { throw ExitCode(1) }
    }
}

/// Writes results as they come and keeps the counts. The pipeline calls ``record(_:)`` serially,
/// in input order, so no lock is needed.
final class RunReport: @unchecked Sendable {
    let output: OutputFile
    let items: [InputItem]
    var progress: Progress
    var summary = RunSummary()

    init(output: OutputFile, items: [InputItem]) {
        self.output = output
        self.items = items
        progress = Progress(total: items.count)
    }

    /// One input's results: all its documents are written, or, if one of them failed, none.
    func record(_ item: InputItem, results: [PipelineResult]) throws {
        if let failure = results.firstFailure, failure.isTransient {
            try output.flush()
            throw RunStopped(item: item.displayName, failure: failure, done: summary.total, remaining: items.count - summary.total)
        }
        summary.total += 1
        if let failure = results.firstFailure {
            summary.failed += 1
            progress.finish()
            FileHandle.standardError.write(Data(
                "copydesk: failed: \(item.displayName): \(failure.stage): \(failure.reason)\n".utf8))
        } else {
            for result in results {
                switch result {
                case .processed(let document):
                    try output.write(DocumentEncoder.line(for: document))
                    summary.written += 1
                case .dropped(let document, let stage, let reason):
                    summary.dropped += 1
                    progress.finish()
                    let part = document.source.item.map { " (item \($0.index) of \($0.count))" } ?? ""
                    FileHandle.standardError.write(Data("copydesk: dropped: \(item.displayName)\(part): \(stage): \(reason)\n".utf8))
                case .failed:
                    break
                }
            }
            summary.documents += results.count
        }
        progress.update(done: summary.total, failed: summary.failed)
    }
}

/// Counts for the closing summary line.
struct RunSummary: CustomStringConvertible {
    var total = 0
    /// Documents in the inputs that did not fail (more than inputs when a file holds several stories).
    var documents = 0
    var written = 0
    var dropped = 0
    var failed = 0
    var elapsed: Duration = .zero

    var description: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? String(format: ", %.1f documents/s", Double(total) / seconds) : ""
        let inputs = "\(total) input\(total == 1 ? "" : "s")"
        let counted = documents > total - failed ? "\(inputs), \(documents) documents" : inputs
        return "copydesk: \(counted): \(written) written, \(dropped) dropped, "
            + "\(failed) failed in \(String(format: "%.2f", seconds)) s\(rate)"
    }
}

/// `copydesk run` met a transient fault (a full disk, a busy database): the input is good, so it is
/// not reported as failed; the run stops after the last input written whole, and says so.
struct RunStopped: Error, CustomStringConvertible {
    var item: String
    var failure: PipelineFailure
    var done: Int
    var remaining: Int

    var description: String {
        "\(item): \(failure.stage): \(failure.reason) — a fault of the machine, not of the input; "
            + "\(done) input\(done == 1 ? "" : "s") written whole before it, \(remaining) not processed. "
            + "Run again when it clears."
    }
}
