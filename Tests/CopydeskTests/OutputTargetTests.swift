import Foundation
import Testing

/// `--out` writes into what it names: a regular file is replaced whole, a device, FIFO or link is
/// written into and never replaced.
@Suite("Output targets")
struct OutputTargetTests {
    static let story = Data("The council met on Tuesday and approved the harbour budget, the mayor said.".utf8)

    @Test func devNullStaysADevice() async throws {
        let result = try await CommandRunner.copydesk(["run", "-", "--out", "/dev/null"], standardInput: Self.story)
        #expect(result.status == 0, "\(result.standardError)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "/dev/null must stay a character device")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func devStdoutReachesTheReader() async throws {
        let result = try await CommandRunner.copydesk(["run", "-", "--out", "/dev/stdout"], standardInput: Self.story)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try result.jsonLines().count == 1)
        var info = stat()
        #expect(lstat("/dev/stdout", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "/dev/stdout must stay a link")
    }

    @Test func aNamedPipeIsWrittenIntoAndItsReaderGetsTheLines() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("feed")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let received = ReceivedBytes()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: fifo.path) { received.set(handle.readDataToEndOfFile()) }
        }
        reader.start()
        let result = try await CommandRunner.copydesk(["run", "-", "--out", fifo.path], standardInput: Self.story)
        #expect(result.status == 0, "\(result.standardError)")
        let deadline = Date().addingTimeInterval(10)
        while received.get() == nil && Date() < deadline { try await Task.sleep(for: .seconds(0.01)) }
        let lines = String(decoding: received.get() ?? Data(), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("{\"schema\":\"copydesk.document/1\""))
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO must stay a FIFO")
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsMode() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("documents.jsonl")
        try Data("old line\n".utf8).write(to: out)
        chmod(out.path, 0o640)
        // A run refused before it starts leaves the old file as it was.
        let refused = try await CommandRunner.copydesk(["run", "-", "--out", out.path, "--stages", "nonsense"], standardInput: Self.story)
        #expect(refused.status == 2)
        #expect(try String(contentsOf: out, encoding: .utf8) == "old line\n")

        let result = try await CommandRunner.copydesk(["run", "-", "--out", out.path], standardInput: Self.story)
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1 && !text.contains("old line"))
        var info = stat()
        #expect(stat(out.path, &info) == 0 && info.st_mode & 0o777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["documents.jsonl"], "no temporary file left")

        let appended = try await CommandRunner.copydesk(["run", "-", "--out", out.path, "--append"], standardInput: Self.story)
        #expect(appended.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test func aLinkIsWrittenThroughNotReplaced() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.jsonl")
        try Data().write(to: target)
        let link = folder.appendingPathComponent("latest.jsonl")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let result = try await CommandRunner.copydesk(["run", "-", "--out", link.path], standardInput: Self.story)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8).split(separator: "\n").count == 1)
    }
}

/// Bytes handed from a reader thread to the test.
final class ReceivedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data? { lock.withLock { data } }
}
