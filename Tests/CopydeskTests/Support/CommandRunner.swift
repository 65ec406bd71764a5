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
    static func copydesk(_ arguments: [String], standardInput: Data? = nil, timeout: TimeInterval = 120) async throws -> CommandResult {
        try await run(TestPaths.binary, arguments, standardInput: standardInput, timeout: timeout)
    }

    /// Runs `executable` and waits for it without blocking a thread of Swift's cooperative pool
    /// (the suite runs many tests at once on a machine with two cores).
    static func run(_ executable: URL, _ arguments: [String], standardInput: Data? = nil,
                    timeout: TimeInterval = 120) async throws -> CommandResult {
        try await ProcessSlots.withSlot {
            try await runNow(executable, arguments, standardInput: standardInput, timeout: timeout)
        }
    }

    private static func runNow(_ executable: URL, _ arguments: [String], standardInput: Data?,
                               timeout: TimeInterval) async throws -> CommandResult {
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
        // Standard input is written from a thread of its own: a large input would block on the pipe.
        let writer = input.fileHandleForWriting
        let inputData = standardInput
        let written = Thread {
            if let inputData { writer.write(inputData) }
            try? writer.close()
        }
        written.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); throw TestFailure("\(executable.lastPathComponent) \(arguments) timed out") }
            try await Task.sleep(for: .milliseconds(10))
        }
        try out.close(); try err.close()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: try String(contentsOf: outURL, encoding: .utf8),
                             standardError: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// For the few places that cannot wait asynchronously (a `deinit` unmounting a file system):
    /// runs a short command and blocks until it exits.
    static func runBlocking(_ executable: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
