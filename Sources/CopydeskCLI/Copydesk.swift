import ArgumentParser
import Copydesk
import Foundation

/// The `copydesk` command.
@main
struct Copydesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copydesk",
        abstract: "Clean news files and write one copydesk.document/1 JSON object per document.",
        discussion: """
            Exit status: 0 when every document succeeded, 1 when some failed (each is named on \
            standard error with its reason), 2 on usage errors.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, WatchCommand.self, StatusCommand.self, StagesCommand.self, InspectCommand.self],
        defaultSubcommand: nil
    )

    /// Runs the command, mapping usage errors to exit status 2 (argument-parser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every processing command shares.
struct ProcessingOptions: ParsableArguments {
    @Option(name: .long, help: "Comma-separated stages to run after clean (see `copydesk stages`).")
    var stages: String?

    @Option(name: .long, help: "Largest input accepted, in bytes.")
    var maxBytes: Int = 32 << 20

    @Option(name: .long, help: "Documents processed at once (default: twice the number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "error"

    var stageNames: [String] {
        guard let stages else { return [] }
        return stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard LogSetup.level(named: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        do { _ = try BuiltInStages.stages(named: stageNames) } catch {
            throw ValidationError("--stages: \(error)")
        }
    }
}
