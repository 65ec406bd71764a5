import ArgumentParser
import Copydesk
import Foundation

/// `copydesk status`: what a drop folder holds, from its folders and its ledger.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Print counts and the last error of a drop folder.")

    @Argument(help: "The drop folder.")
    var root: String = "watch"

    func validate() throws {
        guard FileManager.default.fileExists(atPath: root) else { throw ValidationError("no such folder: \(root)") }
    }

    func run() throws {
        let folder = DropFolder(root: URL(fileURLWithPath: root))
        let waiting = count(in: folder.inbox, recursive: true)
        let processing = count(in: folder.processing)
        let done = count(in: folder.done)
        let failed = count(in: folder.failed)
        var lines = [
            "root        \(folder.root.path)",
            "daemon      \(DaemonLock.isHeld(folder: folder) ? "running" : "not running")",
            "waiting     \(waiting)",
            "processing  \(processing)",
            "done        \(done)",
            "failed      \(failed)",
        ]
        let ledgerPath = folder.state.appendingPathComponent("ledger.sqlite").path
        if FileManager.default.fileExists(atPath: ledgerPath) {
            let summary = try Ledger(path: ledgerPath).summary()
            lines.append("written     \(summary.written) documents (\(summary.dropped) dropped by stages)")
            if let last = summary.lastFailure {
                lines.append("last error  \(last.time)  \(last.name): \(last.stage): \(last.reason)")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    private func count(in url: URL, recursive: Bool = false) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return 0 }
        var total = 0
        for name in names where !DropFolder.isIgnored(name: name) {
            var isDirectory: ObjCBool = false
            let path = url.appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory)
            if isDirectory.boolValue { if recursive { total += count(in: path, recursive: true) } } else { total += 1 }
        }
        return total
    }
}
