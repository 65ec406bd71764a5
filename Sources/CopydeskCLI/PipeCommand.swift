import ArgumentParser
import Copydesk
import CopydeskCore
import Foundation
import Synchronization

/// `copydesk pipe`: JSON Lines in, JSON Lines out, for Spark's `RDD.pipe()`, `xargs` or any
/// streaming engine.
struct PipeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Process documents given as JSON Lines on standard input; write one result line each, in order.",
        discussion: """
            Each input line is {"name": …, "content": "text"} or {"name": …, "content_base64": "…"}, \
            with an optional "path". Each gives, in input order and flushed as soon as it is ready, its \
            document line (one per story: a file that holds several gives several), or \
            {"name": …, "stage": …, "error": …} when it fails, or {"name": …, "stage": …, "dropped": …}. \
            A line that is not such an object gives {"line": N, "error": …}. Exit status 0, also when \
            some inputs failed (their lines say so); 1 when a fault of the machine (a full disk, \
            unreachable state) stopped it, so that the engine retries the task.
            """)

    @Option(name: .long, help: "Where stages keep state across runs: a folder, or postgres://USER@HOST/DB shared by every partition and machine (password from COPYDESK_STATE_PASSWORD or COPYDESK_STATE_PASSWORD_FILE).")
    var state: String?

    @OptionGroup var options: ProcessingOptions

    func run() async throws {
        let logger = LogSetup.logger(level: options.logLevel ?? "error")
        let (configuration, chain) = try options.chain(state: try options.openState(state, logger: logger), logger: logger)
        let intake = Intake(maximumBytes: options.maxBytes ?? configuration.maximumBytes)
        let pipeline = Pipeline(stages: chain.stages, width: options.jobs, budget: configuration.budget,
                                maximumBytes: intake.maximumBytes, classifier: .copydesk, logger: logger)
        // Base64 makes 3 bytes 4; the JSON around the content adds a little.
        let lines = StdinLines(maximumBytes: intake.maximumBytes / 3 * 4 + 65_536, buffered: 64)
        // The pipeline calls `emit` one result at a time; the lock makes that visible to the compiler.
        let output = Mutex(try OutputFile(path: nil, append: false))
        let requests = NumberedRequests(lines: lines)
        do {
            try await pipeline.run(requests, intake: { request in
                switch request.content {
                case .failure(let reason):
                    return .failure(PipelineFailure(sourceName: request.name ?? "line \(request.number)", stage: "input", reason: reason.description))
                case .success(let bytes):
                    let name = request.name ?? "line \(request.number)"
                    do {
                        return .success(try intake.documents(from: bytes, name: (name as NSString).lastPathComponent,
                                                             path: request.path ?? name))
                    } catch {
                        return .failure(PipelineFailure(sourceName: name, stage: "intake", reason: "\(error)"))
                    }
                }
            }, emit: { request, results in
                if let failure = results.firstFailure, failure.isTransient {
                    try output.withLock { try $0.flush() }
                    throw PipeStopped(failure: failure)
                }
                if let failure = results.firstFailure {
                    var json = JSONWriter(capacity: 256)
                    json.beginObject()
                    if request.name == nil, case .failure = request.content {
                        json.key("line"); json.number(request.number)
                    } else {
                        json.key("name"); json.string(request.name ?? "line \(request.number)")
                    }
                    json.key("stage"); json.string(failure.stage)
                    json.key("error"); json.string(failure.reason)
                    json.endObject()
                    try output.withLock { try $0.write(json.bytes + [0x0A]) }
                } else {
                    for result in results {
                        switch result {
                        case .processed(let document):
                            try output.withLock { try $0.write(DocumentEncoder.line(for: document)) }
                        case .dropped(let document, let stage, let reason):
                            var json = JSONWriter(capacity: 256)
                            json.beginObject()
                            json.key("name"); json.string(request.name ?? document.source.name)
                            json.key("id"); json.string(document.id)
                            json.key("stage"); json.string(stage)
                            json.key("dropped"); json.string(reason)
                            json.endObject()
                            try output.withLock { try $0.write(json.bytes + [0x0A]) }
                        case .failed:
                            break
                        }
                    }
                }
                try output.withLock { try $0.flush() }
            })
        } catch let stopped as PipeStopped {
            await chain.shutdown()
            try? output.withLock { try $0.close() }
            FileHandle.standardError.write(Data("copydesk: stopped: \(stopped)\n".utf8))
            throw ExitCode(1)
        }
        await chain.shutdown()
        try output.withLock { try $0.close() }
    }
}

/// A fault of the machine stopped `copydesk pipe`.
struct PipeStopped: Error, CustomStringConvertible {
    var failure: PipelineFailure
    var description: String {
        "\(failure.sourceName): \(failure.stage): \(failure.reason) — a fault of the machine, not of the input; the lines before it were written"
    }
}

/// One input line, read.
struct PipeRequest: Sendable, CustomStringConvertible {
    /// Its line number, from 1.
    var number: Int
    var name: String?
    var path: String?
    /// The bytes, or why the line is not a request.
    var content: Result<[UInt8], PipeLineError>

    var description: String { name ?? "line \(number)" }

    /// Reads one line.
    init(number: Int, line: StdinLines.Line) {
        self.number = number
        switch line {
        case .tooLong(let length):
            content = .failure(PipeLineError("the line is \(length) bytes, more than --max-bytes allows"))
            return
        case .text(let bytes):
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                content = .failure(PipeLineError("not a JSON object"))
                return
            }
            name = object["name"] as? String
            path = object["path"] as? String
            guard let name, !name.isEmpty else {
                content = .failure(PipeLineError("no \"name\" (a string)"))
                self.name = nil
                return
            }
            if let text = object["content"] as? String {
                content = .success(Array(text.utf8))
            } else if let encoded = object["content_base64"] as? String {
                guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                    content = .failure(PipeLineError("\"content_base64\" is not base64"))
                    return
                }
                content = .success([UInt8](data))
            } else {
                content = .failure(PipeLineError("no \"content\" (text) or \"content_base64\""))
            }
        }
    }
}

/// Why an input line is not a request.
struct PipeLineError: Error, CustomStringConvertible, Sendable {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The lines as numbered requests.
struct NumberedRequests: AsyncSequence, Sendable {
    let lines: StdinLines

    struct Iterator: AsyncIteratorProtocol {
        var base: StdinLines.Iterator
        var number = 0

        mutating func next() async -> PipeRequest? {
            while let line = await base.next() {
                number += 1
                if case .text(let bytes) = line, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                return PipeRequest(number: number, line: line)
            }
            return nil
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(base: lines.makeAsyncIterator()) }
}
