import CopydeskCore
import Foundation
import Logging

/// A stage run by an external program (any language) over the plugin protocol (plugins/README.md).
///
/// To the pipeline it is a stage like any other. Each document is sent as one
/// `copydesk.document/1` line and answered by one line: the updated document, `{"drop": reason}`
/// or `{"error": message}`. The answer is checked (JSON, same id, the schema) and the document
/// fails with a reason naming the plugin otherwise; a crash or a timeout fails that document, and
/// the instance restarts with backoff.
public final class ExternalStage: Stage {
    /// The plugin's name in the pipeline.
    public let name: String
    /// Pure plugins run in several instances at once; ordered ones in one.
    public let concurrency: StageConcurrency
    private let pool: PluginPool
    private let timeout: Duration
    private let contract: StageContract
    private let versionLock = NSLock()
    private nonisolated(unsafe) var handshakeVersion = "unknown"

    /// The version the plugin gave in its hello (`unknown` before it first ran).
    public var version: String { versionLock.withLock { handshakeVersion } }

    /// A stage for `configuration`; instances start when the first document arrives.
    public init(configuration: PluginConfiguration, logger: Logger) {
        name = configuration.name
        concurrency = configuration.concurrency
        pool = PluginPool(configuration: configuration, logger: logger)
        timeout = .milliseconds(Int(configuration.timeout * 1000))
        contract = configuration.contract
    }

    /// The configuration's `requires:`.
    public var requires: [String] { contract.requires }
    /// The configuration's `assigns:` (default `extensions.NAME`).
    public var assigns: [String] { contract.assigns }

    /// The plugin's own timeout governs; the pipeline's limit is a backstop that also covers waiting
    /// for a free instance.
    public var timeLimit: Duration? { timeout * 3 }

    /// Sends the document to an instance and checks the answer.
    public func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        let instance = try await pool.acquire()
        let version = await pool.version
        versionLock.withLock { handshakeVersion = version }
        let request = DocumentEncoder.line(for: document)
        switch await instance.exchange(request, timeout: timeout) {
        case .timedOut:
            await pool.release(instance, healthy: false)
            throw StageError("plugin \(name) did not answer within \(timeout.seconds) s; it was restarted")
        case .tooLong(let limit):
            await pool.release(instance, healthy: false)
            throw StageError("plugin \(name) wrote more than \(limit >> 20) MiB without ending its answer line; it was restarted")
        case .closed:
            // On a loaded machine the child may be reaped a little after its output closes.
            await instance.waitForExit()
            let exit = instance.exitDescription
            await pool.release(instance, healthy: false)
            throw StageError("plugin \(name) \(exit) while processing this document; it was restarted")
        case .line(let line):
            do {
                let outcome = try interpret(line, for: document)
                await pool.release(instance, healthy: true)
                return outcome
            } catch let error as ResponseError {
                // Output that is not JSON means the plugin and Copydesk are out of step: restart it.
                await pool.release(instance, healthy: !error.outOfStep)
                throw StageError("plugin \(name): \(error.message)")
            }
        }
    }

    /// Starts one instance and returns the version from its hello (for `copydesk check-config`).
    public func checkHandshake() async throws -> String {
        let instance = try await pool.acquire()
        await pool.release(instance, healthy: true)
        return await pool.version
    }

    /// Stops the plugin's instances (close stdin, grace period, SIGTERM, SIGKILL).
    public func shutdown() async { await pool.shutdown() }

    private struct ResponseError: Error {
        var message: String
        var outOfStep = false
    }

    /// Reads one answer. The usual answer, a document, is parsed once; only an answer without
    /// `schema` (a drop, an error, or garbage) is looked at a second time.
    private func interpret(_ line: Data, for request: Document) throws -> StageOutcome {
        do {
            var answer = try Document(jsonLine: line)
            guard answer.id == request.id else {
                throw ResponseError(message: "changed the document id (sent \(request.id.prefix(16))…, got \(answer.id.prefix(16))…)")
            }
            try checkOffsets(answer)
            if answer.text == request.text {
                answer.segmentation = request.segmentation
                answer.derived = request.derived
            }
            return .keep(answer)
        } catch let error as ResponseError {
            throw error
        } catch let decoding {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                throw ResponseError(message: "answered with something that is not a JSON object: \(PluginProcess.excerpt(line))",
                                    outOfStep: true)
            }
            if object["schema"] != nil {
                throw ResponseError(message: "answered with a document that does not follow \(Document.schema): \(decoding)")
            }
            if let reason = object["drop"] { return .drop(reason: "\(reason)") }
            if let message = object["error"] { throw ResponseError(message: "\(message)") }
            throw ResponseError(message: "answered without schema, drop or error: \(PluginProcess.excerpt(line))")
        }
    }

    /// Every mention must lie inside the text.
    private func checkOffsets(_ document: Document) throws {
        let length = document.text.unicodeScalars.count
        let mentions = document.entities.flatMap(\.mentions)
            + document.claims.flatMap { [$0.content] + [$0.cue, $0.speaker?.mention].compactMap { $0 } }
        for mention in mentions where mention.start < 0 || mention.end < mention.start || mention.end > length {
            throw ResponseError(message: "answered with a mention outside the text (\(mention.start)–\(mention.end) of \(length))")
        }
    }
}
