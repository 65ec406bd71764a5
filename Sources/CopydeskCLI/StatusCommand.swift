import ArgumentParser
import Copydesk
import Foundation

/// `copydesk status`: what a drop folder holds, from its folders and its ledger; a health check.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print counts and the last error of a drop folder; exit 0 only when its daemon runs.",
        discussion: """
            Exit status (as an init script's status): 0 the daemon is running, 3 it is not running, \
            4 ROOT is not a drop folder. Usable as a health check.
            """)

    /// Exit statuses, after the LSB's `status` action.
    enum Status: Int32 {
        case running = 0
        case notRunning = 3
        case notADropFolder = 4
    }

    @Argument(help: "The drop folder.")
    var root: String = "watch"

    @Flag(name: .long, help: "Print one JSON object (for scripts) instead of lines.")
    var json = false

    @Option(name: .long, help: "In a group (several daemons with a postgres:// state): exit 0 only when this node's daemon runs on this machine.")
    var node: String?

    func run() throws {
        let folder = DropFolder(root: URL(fileURLWithPath: root))
        guard folder.isLaidOut else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
            let reason = !exists ? "does not exist" : !isDirectory.boolValue ? "is a file, not a folder"
                : "is not a drop folder (no inbox/, processing/, done/, failed/, out/ and state/; `copydesk watch` lays them out)"
            if json {
                print(Self.encode(["root": folder.root.path, "drop_folder": false, "reason": reason]))
            } else {
                FileHandle.standardError.write(Data("copydesk: status: \(root) \(reason)\n".utf8))
            }
            throw ExitCode(Status.notADropFolder.rawValue)
        }
        // A group's nodes each hold state/NODE/daemon.lock; this machine sees its own daemons' locks.
        let nodes = ((try? FileManager.default.contentsOfDirectory(atPath: folder.state.path)) ?? []).sorted().filter {
            FileManager.default.fileExists(atPath: folder.state.appendingPathComponent("\($0)/daemon.lock").path)
        }
        let nodeStates = Dictionary(uniqueKeysWithValues: nodes.map { ($0, DaemonLock.isHeld(folder: DropFolder(root: folder.root, node: $0))) })
        let running = node.map { nodeStates[$0] ?? false } ?? (DaemonLock.isHeld(folder: folder) || nodeStates.values.contains(true))
        var report: [String: Any] = [
            "root": folder.root.path,
            "drop_folder": true,
            "daemon": running ? "running" : "not running",
            "waiting": count(in: folder.inbox),
            "processing": count(in: folder.processing),
            "done": count(in: folder.done),
            "failed": count(in: folder.failed),
        ]
        if !nodes.isEmpty { report["nodes"] = nodeStates.mapValues { $0 ? "running" : "not running" } }
        let ledgerPath = folder.state.appendingPathComponent("ledger.sqlite").path
        var lastError: String?
        if FileManager.default.fileExists(atPath: ledgerPath) {
            let summary = try SQLiteLedger(path: ledgerPath).summary()
            report["written"] = summary.written
            report["dropped"] = summary.dropped
            if let last = summary.lastFailure {
                report["last_error"] = ["time": last.time, "file": last.name, "stage": last.stage, "reason": last.reason]
                lastError = "\(last.time)  \(last.name): \(last.stage): \(last.reason)"
            }
        }
        if json {
            print(Self.encode(report))
        } else {
            var lines = [
                "root        \(folder.root.path)",
                "daemon      \(running ? "running" : "not running")",
            ]
            for name in nodes { lines.append("node \(name)".padding(toLength: 12, withPad: " ", startingAt: 0) + (nodeStates[name]! ? "running" : "not running")) }
            for key in ["waiting", "processing", "done", "failed"] {
                lines.append(key.padding(toLength: 12, withPad: " ", startingAt: 0) + "\(report[key]!)")
            }
            if let written = report["written"], let dropped = report["dropped"] {
                lines.append("written     \(written) documents (\(dropped) dropped by stages)")
            }
            if let lastError { lines.append("last error  \(lastError)") }
            print(lines.joined(separator: "\n"))
        }
        if !running { throw ExitCode(Status.notRunning.rawValue) }
    }

    private static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Files under `url`, leaving out hidden, temporary and error files.
    private func count(in url: URL) -> Int {
        FolderWalk.relativeFiles(below: url.path) { name, _ in DropFolder.isIgnored(name: name) }.count
    }
}
