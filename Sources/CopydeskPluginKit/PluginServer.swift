import CopydeskCore
import Foundation
import Logging

/// Serves a ``Stage`` over the plugin protocol (`copydesk.plugin/1`, see plugins/README.md), so
/// a Swift plugin is a `Stage` and one line:
///
/// ```swift
/// @main struct Main {
///     static func main() async { await PluginServer.serve(WordCount()) }
/// }
/// ```
///
/// It writes the hello line, then answers each request line on standard input with one line on
/// standard output: the updated document, `{"drop": reason}`, or `{"error": message}`. Log lines
/// go to standard error, which Copydesk forwards to its log.
public enum PluginServer {
    /// Runs until standard input closes.
    public static func serve(_ stage: some Stage) async {
        var hello = JSONWriter()
        hello.beginObject()
        hello.key("hello"); hello.string("copydesk.plugin/1")
        hello.key("name"); hello.string(stage.name)
        hello.key("version"); hello.string(stage.version)
        hello.key("concurrency"); hello.string(stage.concurrency.rawValue)
        hello.endObject()
        send(hello.bytes)
        let logger = Logger(label: stage.name) { label in StreamLogHandler.standardError(label: label) }
        var sequence = 0
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            send(await answer(line, stage: stage, context: StageContext(logger: logger, sequence: sequence)))
            sequence += 1
        }
    }

    /// The answer line for one request line.
    static func answer(_ line: String, stage: some Stage, context: StageContext) async -> [UInt8] {
        var json = JSONWriter()
        do {
            let document = try Document(jsonLine: Data(line.utf8))
            switch try await stage.process(document, context: context) {
            case .keep(let updated):
                return DocumentEncoder.line(for: updated).dropLast()
            case .drop(let reason):
                json.beginObject(); json.key("drop"); json.string(reason); json.endObject()
            }
        } catch {
            json.beginObject(); json.key("error"); json.string("\(error)"); json.endObject()
        }
        return json.bytes
    }

    private static func send(_ bytes: [UInt8]) {
        var line = bytes
        line.append(0x0A)
        FileHandle.standardOutput.write(Data(line))
    }
}
