import Foundation

/// Runs the built `copydesk` binary and captures what it prints.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Output lines of JSON, decoded.
    func jsonLines() throws -> [[String: Any]] {
        try standardOutput.split(separator: "\n").map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw TestFailure("not a JSON object: \($0.prefix(80))")
            }
            return object
        }
    }
}

enum CommandRunner {
    static func copydesk(_ arguments: [String], standardInput: Data? = nil, timeout: TimeInterval = 120) throws -> CommandResult {
        try run(TestPaths.binary, arguments, standardInput: standardInput, timeout: timeout)
    }

    static func run(_ executable: URL, _ arguments: [String], standardInput: Data? = nil,
                    timeout: TimeInterval = 120) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); throw TestFailure("\(executable.lastPathComponent) \(arguments) timed out") }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try out.close(); try err.close()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: try String(contentsOf: outURL, encoding: .utf8),
                             standardError: try String(contentsOf: errURL, encoding: .utf8))
    }
}
