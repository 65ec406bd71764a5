import CopydeskCore
import CopydeskPluginKit
import Foundation

/// A house-style checker: flags words and phrases a style guide rules out, with the suggested
/// replacement and code-point offsets, in the document's `house_style` field.
///
/// The rules are the common newsroom ones below, or a JSON file given as the first argument:
/// `[{"find": "irregardless", "suggest": "regardless", "why": "not standard English"}, …]`.
/// Matching is case-insensitive and on whole words.
struct HouseStyle: Stage {
    struct Rule: Decodable {
        var find: String
        var suggest: String
        var why: String
    }

    let name = "house-style"
    let version = "1"
    let concurrency = StageConcurrency.pure
    let rules: [Rule]

    static let defaultRules: [Rule] = [
        Rule(find: "irregardless", suggest: "regardless", why: "not standard English"),
        Rule(find: "could of", suggest: "could have", why: "grammar"),
        Rule(find: "should of", suggest: "should have", why: "grammar"),
        Rule(find: "alot", suggest: "a lot", why: "spelling"),
        Rule(find: "very unique", suggest: "unique", why: "unique cannot be graded"),
        Rule(find: "12 noon", suggest: "noon", why: "redundant"),
        Rule(find: "past history", suggest: "history", why: "redundant"),
        Rule(find: "end result", suggest: "result", why: "redundant"),
        Rule(find: "future plans", suggest: "plans", why: "redundant"),
        Rule(find: "allegedly", suggest: "say who alleges it", why: "attribute allegations"),
        Rule(find: "sources say", suggest: "name or describe the sources", why: "attribution"),
        Rule(find: "slammed", suggest: "criticised", why: "headline cliché"),
        Rule(find: "blasted", suggest: "criticised", why: "headline cliché"),
    ]

    func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        var document = document
        let text = Array(document.text.unicodeScalars)
        let lowered = text.map { Unicode.Scalar(String($0).lowercased().unicodeScalars.first!.value) ?? $0 }
        var findings: [JSONValue] = []
        for rule in rules {
            let needle = Array(rule.find.lowercased().unicodeScalars)
            guard !needle.isEmpty, needle.count <= lowered.count else { continue }
            var start = 0
            while start + needle.count <= lowered.count {
                if lowered[start] == needle[0], Array(lowered[start..<(start + needle.count)]) == needle,
                   isBoundary(lowered, before: start), isBoundary(lowered, at: start + needle.count) {
                    let found = String(String.UnicodeScalarView(text[start..<(start + needle.count)]))
                    findings.append(.object(["start": .integer(start), "end": .integer(start + needle.count), "text": .string(found),
                                             "suggest": .string(rule.suggest), "why": .string(rule.why)]))
                    start += needle.count
                } else {
                    start += 1
                }
            }
        }
        findings.sort { (startOf($0)) < (startOf($1)) }
        document.extensions["house_style"] = .array(findings)
        return .keep(document)
    }

    private func startOf(_ value: JSONValue) -> Int {
        if case .object(let members) = value, case .integer(let start)? = members["start"] { return start }
        return 0
    }

    private func isBoundary(_ text: [Unicode.Scalar], before index: Int) -> Bool {
        index == 0 || !text[index - 1].properties.isAlphabetic
    }

    private func isBoundary(_ text: [Unicode.Scalar], at index: Int) -> Bool {
        index >= text.count || !text[index].properties.isAlphabetic
    }
}

@main
struct HouseStylePlugin {
    static func main() async {
        var rules = HouseStyle.defaultRules
        if CommandLine.arguments.count > 1 {
            do {
                rules = try JSONDecoder().decode([HouseStyle.Rule].self, from: Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1])))
            } catch {
                FileHandle.standardError.write(Data("house-style: cannot read rules from \(CommandLine.arguments[1]): \(error)\n".utf8))
                exit(1)
            }
        }
        await PluginServer.serve(HouseStyle(rules: rules))
    }
}
