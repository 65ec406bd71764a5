import ArgumentParser
import Copydesk
import Foundation

/// `copydesk retry`: put failed files back into the inbox, after fixing a plugin or a limit.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Move failed files back into the inbox to be processed again.",
        discussion: """
            Each file goes back under the name it arrived with; its NAME.error.json is kept in \
            failed/.retried/ with the time of the retry. A running daemon picks the files up as new \
            arrivals; otherwise the next `copydesk watch` does. Exit status 0, or 1 when a named file \
            is not in failed/ (nothing is moved then).
            """)

    @Argument(help: "The drop folder.")
    var root: String

    @Argument(help: "Files in ROOT/failed to retry (default: all of them).")
    var files: [String] = []

    func validate() throws {
        guard DropFolder(root: URL(fileURLWithPath: root)).isLaidOut else {
            throw ValidationError("\(root) is not a drop folder (no inbox/, processing/, done/, failed/, out/ and state/)")
        }
    }

    func run() throws {
        let failed = FailedFiles(folder: DropFolder(root: URL(fileURLWithPath: root)))
        do {
            let retried = try failed.retry(files)
            for file in retried { print("retried  \(file.failedName) → \(file.inboxPath)") }
            print("copydesk: \(retried.count) file\(retried.count == 1 ? "" : "s") back in the inbox")
        } catch let error as FailedFiles.NotFailed {
            FileHandle.standardError.write(Data("copydesk: retry: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
