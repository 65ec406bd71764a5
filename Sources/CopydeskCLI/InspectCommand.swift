import ArgumentParser
import Copydesk
import CopydeskCore
import Foundation
import Logging

/// `copydesk inspect`: one processed document, laid out for a person to read.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show one processed document for a person to read.",
        discussion: """
            FILE is an input (processed now) or a JSON Lines output file (its documents are shown; \
            --name picks those whose source name matches).
            """)

    @Argument(help: "An input file, or a .jsonl file of processed documents.")
    var file: String

    @Option(name: .long, help: "With a .jsonl file: show only documents with this source name.")
    var name: String?

    @OptionGroup var options: ProcessingOptions

    func validate() throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("no such file: \(file)") }
    }

    func run() async throws {
        if file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson") {
            try showOutputFile()
            return
        }
        let logger = LogSetup.logger(level: options.logLevel ?? "error")
        let (configuration, chain) = try options.chain(logger: logger)
        let pipeline = Pipeline(stages: chain.stages, width: 1, logger: logger)
        let intake = Intake(maximumBytes: options.maxBytes ?? configuration.maximumBytes)
        let path = file
        let results = try await pipeline.run([path]) { intake.documents(atPath: $0) }.first ?? []
        await chain.shutdown()
        if let failure = results.firstFailure {
            FileHandle.standardError.write(Data("copydesk: failed: \(file): \(failure.stage): \(failure.reason)\n".utf8))
            throw ExitCode(1)
        }
        for (number, result) in results.enumerated() {
            if number > 0 { print(String(repeating: "═", count: 72)) }
            switch result {
            case .processed(let document):
                print(DocumentReport.render(document))
            case .dropped(let document, let stage, let reason):
                print(DocumentReport.render(document))
                print("DROPPED by \(stage): \(reason)")
            case .failed:
                break
            }
        }
    }

    private func showOutputFile() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw ValidationError("cannot read \(file): \(plainReason(error))")
        }
        var shown = 0
        for (number, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
            let document: Document
            do { document = try Document(jsonLine: line) } catch {
                throw ValidationError("\(file):\(number + 1): not Copydesk output (a copydesk.document/1 line): \(plainReason(error)). "
                    + "inspect shows .jsonl files that copydesk run or watch wrote; to process a file, give it another extension")
            }
            if let name, document.source.name != name { continue }
            if shown > 0 { print(String(repeating: "═", count: 72)) }
            print(DocumentReport.render(document))
            shown += 1
        }
        if shown == 0 { throw ValidationError("no matching document in \(file)") }
    }
}

/// A plain-text layout of a document: header, metadata, paragraphs, entities and claims.
enum DocumentReport {
    static func render(_ document: Document) -> String {
        var out: [String] = []
        out.append(document.meta.title.map { "TITLE     \($0)" } ?? "TITLE     (none found)")
        out.append("SOURCE    \(document.source.name) · \(document.source.format.rawValue) · \(document.source.encoding) · \(document.source.bytes) bytes")
        out.append("ID        \(document.id)")
        if let item = document.source.item {
            out.append("ITEM      \(item.index) of \(item.count) · \(item.kind)" + (item.name.map { " · \($0)" } ?? ""))
        }
        let meta = document.meta
        var fields: [(String, String?)] = [("published", meta.published), ("site", meta.site), ("url", meta.url),
                                           ("language", meta.language)]
        if !meta.authors.isEmpty { fields.append(("authors", meta.authors.joined(separator: "; "))) }
        if let dateline = meta.dateline {
            fields.append(("dateline", [dateline.place, dateline.date, dateline.agency.map { "(\($0))" }]
                .compactMap { $0 }.joined(separator: ", ")))
        }
        let agency = meta.agency
        fields += [("subtitle", agency.subtitle), ("slug", agency.slugline), ("from", agency.from),
                   ("agency id", agency.itemID.map { id in id + (agency.version.map { " v\($0)" } ?? "") }),
                   ("urgency", agency.urgency.map(String.init)), ("summary", agency.summary)]
        if !agency.markers.isEmpty { fields.append(("markers", agency.markers.joined(separator: "; "))) }
        if !agency.keywords.isEmpty { fields.append(("keywords", agency.keywords.joined(separator: "; "))) }
        if !agency.subjects.isEmpty {
            fields.append(("subjects", agency.subjects.map { [$0.name, $0.code.map { "[\($0)]" }].compactMap { $0 }.joined(separator: " ") }
                .joined(separator: "; ")))
        }
        for note in agency.notes { fields.append(("note", note)) }
        for attachment in agency.attachments {
            fields.append(("attached", "\(attachment.name ?? "(no name)") · \(attachment.type) · \(attachment.bytes) bytes"
                           + (attachment.read ? " · read" : "")))
        }
        for (label, value) in fields { if let value { out.append(label.uppercased().padding(toLength: 10, withPad: " ", startingAt: 0) + value) } }
        if let revision = document.revision {
            out.append("REVISION  of \(revision.of.prefix(16))…" + (revision.version.map { ", version \($0)" } ?? ""))
        }
        if let dedup = document.dedup {
            out.append("DEDUP     \(dedup.status.rawValue)" + (dedup.of.map { " of \($0.prefix(16))…" } ?? ""))
        }
        if !document.stages.isEmpty {
            out.append("STAGES    " + document.stages.map { "\($0.name) \(String(format: "%.2f", $0.milliseconds)) ms" }.joined(separator: " · "))
        }
        for warning in document.warnings { out.append("WARNING   \(warning)") }
        for key in document.extensions.keys.sorted() {
            var json = JSONWriter()
            json.value(document.extensions[key]!)
            let text = String(decoding: json.bytes, as: UTF8.self)
            let label = key.uppercased()
            out.append("\(label.padding(toLength: max(9, label.count), withPad: " ", startingAt: 0)) \(text.count > 300 ? text.prefix(300) + "…" : text)")
        }

        let paragraphs = document.text.components(separatedBy: "\n\n")
        out.append("")
        out.append("TEXT (\(paragraphs.count) paragraphs, \(document.segmentation?.sentences.count ?? 0) sentences, \(document.segmentation?.tokens.count ?? 0) tokens)")
        for (index, paragraph) in paragraphs.enumerated() {
            out.append(wrap(paragraph, prefix: String(format: "%3d  ", index + 1)))
        }
        if !document.entities.isEmpty {
            out.append("")
            out.append("ENTITIES")
            for entity in document.entities {
                let forms = Set(entity.mentions.map(\.text)).sorted().joined(separator: " / ")
                let roles = Set(entity.mentions.compactMap(\.role)).sorted()
                var line = "  \(entity.id)  \(entity.type.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entity.name)  ×\(entity.mentions.count)  [\(forms)]"
                if !roles.isEmpty { line += "  role: " + roles.joined(separator: "; ") }
                if let value = entity.value { line += "  value: \(value == value.rounded() ? String(Int64(value)) : String(value))" + (entity.counted.map { " \($0)" } ?? "") }
                out.append(line)
            }
        }
        if !document.claims.isEmpty {
            out.append("")
            out.append("CLAIMS")
            for claim in document.claims {
                let speaker = claim.speaker.map { "\($0.name) (\($0.resolution.rawValue))" } ?? "(no source)"
                let cue = claim.cue?.text ?? "—"
                out.append(wrap("\(speaker) — \(cue) — \(claim.content.text)", prefix: "  \(claim.id)  "))
            }
        }
        return out.joined(separator: "\n")
    }

    private static func wrap(_ text: String, prefix: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = prefix
        let indent = String(repeating: " ", count: prefix.count)
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line.count > prefix.count {
                lines.append(line)
                line = indent
            }
            line += (line.count > prefix.count && line != indent ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
