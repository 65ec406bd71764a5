@testable import Copydesk
import CopydeskCore
import Foundation
import Logging
import Testing

@Suite("Deduplication")
struct DedupTests {
    /// A wire story of about 1.5 KB (invented), paragraph by paragraph.
    static let story = [
        "Flood waters rose across the lower valley on Sunday as the river broke its banks in three places, forcing the evacuation of about 4,200 residents from farms and villages along the eastern shore.",
        "Emergency crews worked through the night to reinforce the levee near the old mill, where water had begun to seep through a section repaired only last spring, officials said.",
        "The regional governor, Marta Kessler, told reporters that the army had been asked to send engineers and boats, and that schools in the district would stay closed until Wednesday at the earliest.",
        "Forecasters expect more rain over the hills upstream on Monday, and the river is not expected to peak before Tuesday evening, when it could stand a metre above the record set in 1998.",
        "Residents of Altdorf, the largest village in the valley, were told to move livestock to higher ground and to fill sandbags at the fire station, where volunteers handed out food and blankets.",
        "The railway line through the valley was closed after water covered the tracks near the bridge, and the main road to the coast was open to emergency vehicles only, the police said in a statement.",
    ]

    static func text(_ paragraphs: [String]) -> String { paragraphs.joined(separator: "\n\n") }

    static func document(_ text: String, key: String) -> Document {
        var document = Document(id: SHA256.hexDigest(of: Array(key.utf8)),
                                source: Source(name: "\(key).txt", bytes: text.utf8.count, format: .text, encoding: "utf-8",
                                               received: "2026-11-21T00:00:00Z"),
                                input: nil)
        document.text = text
        return document
    }

    /// Runs texts through a fresh dedup stage in order and returns the verdicts.
    static func verdicts(_ texts: [String], stage: DedupStage? = nil) async throws -> [DedupResult] {
        let stage = try stage ?? DedupStage()
        var results: [DedupResult] = []
        for (index, text) in texts.enumerated() {
            let document = Self.document(text, key: "\(index)|\(text)")
            guard case .keep(let kept) = try await stage.process(document, context: StageContext(logger: Logger(label: "test"), sequence: index)) else {
                Issue.record("dropped"); continue
            }
            results.append(try #require(kept.dedup))
        }
        return results
    }

    /// Tables and results from one template on different days (a league's results and standings, a
    /// market's closing prices): every figure changes, the wording does not. None is linked to another.
    @Test func templateSiblingsFromDifferentDaysAreNeverLinked() async throws {
        var generator = SeededGenerator(seed: 3)
        var teams = ["Barcelona", "Sevilla", "Real Madrid", "Valencia", "Athletic Bilbao", "Celta Vigo", "Espanyol", "Real Betis",
                     "Villarreal", "Getafe", "Osasuna", "Mallorca", "Girona", "Alaves", "Cadiz", "Granada", "Almeria", "Las Palmas",
                     "Rayo Vallecano", "Real Sociedad"]
        let stocks = ["Vodafone", "BP", "Shell", "HSBC", "Barclays", "Lloyds", "Tesco", "Unilever", "Diageo", "Rio Tinto", "Glencore",
                      "AstraZeneca", "GSK", "BAE Systems", "Rolls-Royce"]
        func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        var texts: [String] = []
        for day in 1...12 {
            teams.shuffle(using: &generator)
            var lines = ["SPANISH FIRST DIVISION RESULTS.", "MADRID 2026-03-\(String(format: "%02d", day))",
                         "Results of Spanish first division matches played on Saturday:"]
            for pair in stride(from: 0, to: teams.count, by: 2) {
                lines.append("\(teams[pair]) \(number(0...4)) \(teams[pair + 1]) \(number(0...4))")
            }
            lines.append("Standings (tabulate under played, won, drawn, lost, goals for, against, points):")
            for team in teams.sorted() {
                let won = number(0...day), drawn = number(0...(day - won))
                lines.append("\(team) \(day) \(won) \(drawn) \(day - won - drawn) \(number(0...30)) \(number(0...30)) \(3 * won + drawn)")
            }
            texts.append(lines.joined(separator: "\n\n"))
        }
        for day in 1...12 {
            var lines = ["LONDON STOCKS - FTSE 100 CLOSING PRICES.", "LONDON 2026-03-\(String(format: "%02d", day))",
                         "The FTSE 100 index closed up \(number(1...90)).\(number(0...9)) points at \(number(7000...8200)).\(number(0...9)).",
                         "Closing prices in pence (change on the day):"]
            for stock in stocks {
                lines.append("\(stock) \(number(100...9000)).\(String(format: "%02d", number(0...99))) (+\(number(0...150)).\(number(0...9)))")
            }
            texts.append(lines.joined(separator: "\n\n"))
        }
        let verdicts = try await Self.verdicts(texts)
        let linked = verdicts.enumerated().filter { $0.element.status != .unique }.map(\.offset)
        #expect(linked.isEmpty, "linked as copies: \(linked)")
    }

    @Test func exactCopiesDifferingOnlyInCaseAndPunctuationAreDuplicates() async throws {
        let original = Self.text(Self.story)
        let copy = original.uppercased().replacingOccurrences(of: " ", with: "  ").replacingOccurrences(of: ". ", with: "! ")
        let results = try await Self.verdicts([original, copy])
        #expect(results[0].status == .unique)
        #expect(results[1].status == .duplicate)
        #expect(results[1].similarity == 1)
    }

    @Test func reprintsTrimsAndUpdatesAreNearDuplicatesOfTheOriginal() async throws {
        let original = Self.text(Self.story)
        let reprinted = "LONDON (Harbour Wire) — " + Self.text(Self.story) + "\n\nReporting by A. Writer; editing by B. Editor. Copyright 2026 Harbour Wire."
        let trimmed = Self.text(Array(Self.story.prefix(3)))
        let updated = original.replacingOccurrences(of: "4,200", with: "5,100").replacingOccurrences(of: "Wednesday", with: "Thursday")
        let reordered = Self.text([Self.story[1], Self.story[0], "Photo: the levee near the old mill on Sunday.", Self.story[3], Self.story[2], Self.story[5], Self.story[4]])
        let results = try await Self.verdicts([original, reprinted, trimmed, updated, reordered])
        for result in results.dropFirst() {
            #expect(result.status == .nearDuplicate)
            #expect(result.of == results[0].cluster)
            #expect(result.cluster == results[0].cluster)
        }
        #expect((results[3].similarity ?? 0) > 0.8, "an update that changes two figures is nearly the same text")
    }

    @Test func differentStoriesOnTheSameTopicAreUnique() async throws {
        let other = [
            "The river authority said on Monday that the flood defences in the lower valley had held better than feared, though it warned that several older sections would need rebuilding before winter.",
            "Engineers inspecting the embankments found damage at two points, the authority said, and farmers asked for compensation for crops lost under water for nearly a week.",
            "Insurance companies estimated claims at several million, and the regional parliament will debate an emergency fund for the valley's villages next month.",
        ]
        let results = try await Self.verdicts([Self.text(Self.story), Self.text(other)])
        #expect(results[1].status == .unique)
    }

    @Test func aFollowUpThatRepeatsOneBackgroundParagraphIsUnique() async throws {
        let followUp = [
            "Clean-up work began in the lower valley on Friday as the water receded, leaving mud and debris in streets and houses, and the first families returned to check the damage.",
            "The governor promised quick payments from the disaster fund, and said that the army engineers would stay for another week to repair the levee and clear the railway line.",
            "Farmers said that much of the winter feed had been lost, and several asked for help to buy hay from other regions before the first frost, expected within a month.",
            "Volunteers from neighbouring towns arrived with pumps and dryers, and the fire brigade said it had answered more than 600 calls since the start of the flood.",
            Self.story[3],
        ]
        let results = try await Self.verdicts([Self.text(Self.story), Self.text(followUp)])
        #expect(results[1].status == .unique)
    }

    @Test func reportsFromOneTemplateWithOtherFiguresAreUnique() async throws {
        func report(_ day: String, _ index: String, _ points: String, _ percent: String, _ bank: String, _ oil: String) -> String {
            """
            The Harbour 50 index closed at \(index) on \(day), \(points) points or \(percent) percent from the previous session, \
            as trading volumes stayed close to their monthly average. Shares of Northern Bank moved \(bank) percent, while \
            energy companies followed crude oil, which settled at \(oil) dollars a barrel. Analysts said that investors were \
            waiting for the central bank's next rate decision. The index has moved within a narrow range over the past month.
            """
        }
        let results = try await Self.verdicts([
            report("Monday", "7,412.6", "23.5", "0.3", "2.1", "81.40"),
            report("Tuesday", "7,389.1", "18.2", "0.2", "1.4", "80.95"),
            report("Wednesday", "7,455.0", "65.9", "0.9", "3.2", "82.10"),
        ])
        #expect(results.map(\.status) == [.unique, .unique, .unique])
    }

    /// A wire story of about 150 words (invented), one sentence a paragraph, as agencies send them.
    static let brief = [
        "Police in Harbour City arrested 14 people on Saturday after protesters blocked the main bridge for six hours.",
        "About 2,000 people joined the march against higher bus fares, organisers said, while police put the figure at 900.",
        "Traffic into the city centre stopped during the morning rush, and ferries added extra crossings to carry commuters.",
        "The mayor, Ines Barros, said the fare rise would pay for new buses and that she would meet the organisers next week.",
        "Two officers were treated for minor injuries, a police spokesman said.",
        "The transport authority said the new fares, 20 percent above the old ones, would take effect on March 1.",
    ]

    /// A reprint with everything at once: the agency's header and footer, a new headline, a cut, two
    /// figures changed and a rewritten sentence. Its shingles' Jaccard similarity with the original is
    /// under 0.5, where a 48-lane estimate is as likely to fall under the threshold as over it: the
    /// exact shingles decide.
    @Test func aShortStoryReprintedWithEveryEditAtOnceIsFound() async throws {
        let original = Self.text(Self.brief)
        var edited = Array(Self.brief.prefix(5))
        edited[0] = edited[0].replacingOccurrences(of: "14 people", with: "15 people")
        edited[1] = "Organisers said about 2,500 people joined the march against the higher bus fares; police said 900."
        let reprint = (["PROTEST HALTS HARBOUR CITY TRAFFIC", "HARBOUR CITY, Feb 14 (Coast News Service) -"] + edited
            + ["(Reporting by A. Writer; Editing by B. Editor)", "© 2026 Coast News Service. All rights reserved."]).joined(separator: "\n\n")
        let comparison = try #require(TextSketch(reprint).exact).compared(with: try #require(TextSketch(original).exact))
        #expect(comparison.jaccard < 0.5 && comparison.jaccard >= 0.3, "the edits leave it in the hard range: \(comparison)")
        let results = try await Self.verdicts([original, reprint])
        #expect(results[1].status == .nearDuplicate && results[1].of == results[0].cluster)
    }

    /// A short results list shares its heading with a long table from another competition: the share
    /// of the list found in the table is what decides, measured, not estimated from the two sizes.
    @Test func aShortResultsListIsNotLinkedToALongTableSharingItsHeading() async throws {
        let heading = "Results of matches played on Saturday in the national championship, home team first:"
        let list = ([heading] + ["Northport 2 Eastfield 1", "Kingsbay 0 Riverton 0", "Millbrook 3 Stonehaven 2"]).joined(separator: "\n")
        var table = [heading]
        for round in 1...60 { table.append("Division \(round % 4 + 1) side \(round) beat side \(round + 60) by \(round % 7 + 1) goals to nil at home") }
        let results = try await Self.verdicts([table.joined(separator: "\n"), list])
        #expect(results[1].status == .unique)
    }

    /// A scoreboard and the close-of-play scoreboard of the same innings: every bowler's figures and
    /// the total changed, the names did not. Not the same copy. A correction that changes two prices in
    /// a market report is the same report.
    @Test func aScoreboardUpdateIsUniqueAndACorrectedPriceListIsAnUpdate() async throws {
        let bowlers = ["Starc", "Hazlewood", "Cummins", "Lyon", "Green", "Marsh"]
        func scoreboard(_ session: String, _ total: Int, _ wickets: Int, _ seed: Int) -> String {
            var lines = ["ENGLAND FIRST INNINGS - \(session)", "England \(total) for \(wickets)", "Bowling (overs, maidens, runs, wickets):"]
            for (index, bowler) in bowlers.enumerated() {
                lines.append("\(bowler) \(seed + index * 3) \(seed % 5 + index) \(seed * 4 + index * 11) \((seed + index) % 4)")
            }
            return lines.joined(separator: "\n")
        }
        let prices = ["Vodafone 71.42", "BP 468.10", "Shell 2,615.50", "HSBC 652.30", "Barclays 151.84", "Lloyds 46.21", "Tesco 298.40",
                      "Unilever 4,102.00", "Diageo 2,888.50", "Rio Tinto 5,120.00", "Glencore 431.15", "AstraZeneca 10,422.00",
                      "GSK 1,436.60", "BAE Systems 1,012.50", "Rolls-Royce 402.30"]
        let report = (["LONDON STOCKS - FTSE 100 CLOSING PRICES", "Closing prices in pence:"] + prices).joined(separator: "\n")
        let corrected = report.replacingOccurrences(of: "Tesco 298.40", with: "Tesco 289.40")
            .replacingOccurrences(of: "GSK 1,436.60", with: "GSK 1,463.60")
        let results = try await Self.verdicts([scoreboard("TEA", 212, 4, 17), scoreboard("CLOSE OF PLAY", 287, 6, 23), report, corrected])
        #expect(results.map(\.status) == [.unique, .unique, .unique, .nearDuplicate])
        #expect(results[3].of == results[2].cluster)
    }

    @Test func theIndexPersistsAcrossRunsAndAnsweringTwiceGivesTheSameVerdict() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copydesk-dedup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await Self.verdicts([Self.text(Self.story)], stage: DedupStage(store: SQLiteStateStore(folder: folder).dedupIndex()))
        // A new process: the index is read back from state/dedup.sqlite.
        let stage = try DedupStage(store: SQLiteStateStore(folder: folder).dedupIndex())
        #expect(stage.indexedCount == 1)
        let trimmed = Self.text(Array(Self.story.prefix(4)))
        let second = try await Self.verdicts([trimmed], stage: stage)
        #expect(second[0].status == .nearDuplicate)
        #expect(second[0].of == first[0].cluster)
        // The exact shingles are kept in the store too: a new process checks a hard case on them.
        let brief = try await Self.verdicts([Self.text(Self.brief)], stage: stage)
        var edited = Array(Self.brief.prefix(5))
        edited[1] = "Organisers said about 2,500 people joined the march against the higher bus fares; police said 900."
        let reprint = (["PROTEST HALTS TRAFFIC", "HARBOUR CITY (Coast News Service) -"] + edited + ["(Editing by B. Editor)"]).joined(separator: "\n\n")
        let later = try await Self.verdicts([reprint], stage: DedupStage(store: SQLiteStateStore(folder: folder).dedupIndex()))
        #expect(later[0].status == .nearDuplicate && later[0].of == brief[0].cluster)
        // The same document again (a crash replay) gets the verdict it got the first time, not "duplicate of itself".
        let replay = try await Self.verdicts([Self.text(Self.story)], stage: DedupStage(store: SQLiteStateStore(folder: folder).dedupIndex()))
        #expect(replay[0].status == .unique)
    }

    /// Two byte-identical inputs (one id) from two places: the second is a duplicate of the first, not
    /// a second `unique`. The same input processed again (a retry) keeps its first answer.
    @Test func byteIdenticalInputsFromTwoPlacesAreADuplicate() async throws {
        let stage = try DedupStage()
        let context = StageContext(logger: Logger(label: "test"), sequence: 0)
        let text = Self.text(Self.story)
        var first = Self.document(text, key: "same-bytes")
        first.source.path = "desk-a/story.txt"
        var second = first
        second.source.path = "desk-b/story.txt"
        guard case .keep(let a) = try await stage.process(first, context: context),
              case .keep(let again) = try await stage.process(first, context: context),
              case .keep(let b) = try await stage.process(second, context: context) else { Issue.record("dropped"); return }
        #expect(a.dedup?.status == .unique)
        #expect(again.dedup == a.dedup, "a retry of the same input gets its first answer")
        #expect(b.dedup?.status == .duplicate && b.dedup?.of == first.id && b.dedup?.similarity == 1)
        // After a restart (the index from the store, a new process), an input processed again keeps its answer.
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStateStore(folder: folder)
        _ = try await DedupStage(store: try store.dedupIndex()).process(first, context: context)
        guard case .keep(let replayed) = try await DedupStage(store: try store.dedupIndex()).process(first, context: context) else { return }
        #expect(replayed.dedup?.status == .unique)
    }

    @Test func duplicatesCanBeDropped() async throws {
        var settings = DedupSettings()
        settings.dropDuplicates = true
        let stage = try DedupStage(settings: settings)
        let context = StageContext(logger: Logger(label: "test"), sequence: 0)
        let first = Self.document(Self.text(Self.story), key: "a")
        let second = Self.document(Self.text(Self.story), key: "b")
        guard case .keep = try await stage.process(first, context: context) else { Issue.record("first dropped"); return }
        guard case .drop(let reason) = try await stage.process(second, context: context) else { Issue.record("kept"); return }
        #expect(reason.hasPrefix("duplicate of "))
    }

    @Test func theSharedEvaluationSetScoresAtLeastTheTarget() async throws {
        let articles = try TestPaths.shared("eval/dedup/articles.jsonl")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("copydesk-dedup-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
            [CommandLineTests.python, articles.deletingLastPathComponent().appendingPathComponent("score.py").path,
             "--export-texts", folder.appendingPathComponent("texts").path], timeout: 120)
        #expect(export.status == 0)
        let output = folder.appendingPathComponent("out.jsonl").path
        let run = try await CommandRunner.copydesk(["run", "--stages", "dedup", folder.appendingPathComponent("texts").path, "--out", output], timeout: 300)
        #expect(run.status == 0, "\(run.standardError)")
        let score = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
            [CommandLineTests.python, articles.deletingLastPathComponent().appendingPathComponent("score.py").path, output], timeout: 120)
        let line = try #require(score.standardOutput.split(separator: "\n").first { $0.contains("all-pairs") })
        let fields = line.split(separator: " ").map(String.init)
        let precision = try #require(Double(fields[fields.firstIndex(of: "P")! + 1]))
        let f1 = try #require(Double(fields[fields.firstIndex(of: "F1")! + 1]))
        #expect(precision >= 99.5 && f1 >= 99.3, "\(line)")
    }

    /// A sketch of random lanes, as an unrelated text would have.
    static func randomSketch(_ generator: inout some RandomNumberGenerator) -> TextSketch {
        TextSketch(exactHash: generator.next(),
                   signature: (0..<TextSketch.signatureLength).map { _ in UInt16.random(in: 0...UInt16.max, using: &generator) },
                   shingleCount: 250,
                   maskedSignature: (0..<TextSketch.maskedLength).map { _ in UInt8.random(in: 0...UInt8.max, using: &generator) })
    }

    static func hexID(_ number: Int) -> String { SHA256.hexDigest(of: Array("document \(number)".utf8)) }

    @Test func theIndexStaysUnder300BytesADocumentAndFindsEarlyDocumentsAfterGrowing() async throws {
        var generator = SystemRandomNumberGenerator()
        var index = DedupIndex()
        var first: TextSketch? = nil
        var largest = 0.0
        for number in 0..<30_000 {
            let sketch = Self.randomSketch(&generator)
            if first == nil { first = sketch }
            let id = Self.hexID(number)
            try index.insert(DedupIndex.Entry(id: DedupIndex.bytes(ofHexID: id), sketch: sketch,
                                              verdict: DedupResult(status: .unique, cluster: id)))
            if number >= 1_000 { largest = max(largest, Double(index.approximateBytes) / Double(index.count)) }
        }
        // Every point of the tables' growth cycle, not just one size.
        #expect(largest < 300, "\(largest) bytes a document")
        // The first document, indexed before the tables were rebuilt many times, is still found: as
        // itself (a replay), and as the original of an exact copy and of a near copy.
        let firstID = Self.hexID(0)
        let replay = try index.check(id: firstID, idBytes: DedupIndex.bytes(ofHexID: firstID), sketch: first!, settings: DedupSettings())
        #expect(replay.isNew == false && replay.verdict.status == .unique)
        let copyID = Self.hexID(-1)
        let copy = try index.check(id: copyID, idBytes: DedupIndex.bytes(ofHexID: copyID), sketch: first!, settings: DedupSettings())
        #expect(copy.isNew && copy.verdict.status == .duplicate && copy.verdict.of == firstID)
        var near = first!
        // A quarter of the lanes differ, with numbers masked too (so it is not a template sibling):
        // Jaccard 0.75, so containment 0.75 × 500 / 1.75 / 250.
        for lane in stride(from: 0, to: TextSketch.signatureLength, by: 4) {
            near.signature[lane] &+= 1
            near.maskedSignature[lane] &+= 1
        }
        near.exactHash &+= 1
        let nearCopy = try index.check(id: copyID, idBytes: DedupIndex.bytes(ofHexID: copyID), sketch: near, settings: DedupSettings())
        #expect(nearCopy.verdict.status == .nearDuplicate && nearCopy.verdict.of == firstID && nearCopy.verdict.similarity == 0.857)
    }

    @Test func manyExactCopiesAllPointAtTheOriginalAndANearCopyStillFindsIt() async throws {
        let original = Self.text(Self.story)
        let updated = original.replacingOccurrences(of: "4,200", with: "5,100")
        let results = try await Self.verdicts(Array(repeating: original, count: 40) + [updated])
        #expect(results[0].status == .unique)
        #expect(results[1..<40].allSatisfy { $0.status == .duplicate && $0.of == results[0].cluster })
        #expect(results[40].status == .nearDuplicate && results[40].of == results[0].cluster)
    }
}

/// Copy from one template: the index stays bounded per lookup and still finds real copies.
@Suite("Dedup on templated copy")
struct TemplatedCopyTests {
    private func brief(_ n: Int) -> String {
        "Brief \(n): The council met on Tuesday and approved item \(n) on the agenda, a budget of \(n * 37 % 900 + 100),\(n * 53 % 900 + 100) pounds "
            + "for road repairs. The vote was \(n % 7 + 5) to \(n % 4). Councillors said work would start in week \(n % 52 + 1) "
            + "and take \(n % 28 + 2) days. The next meeting is on \(n % 27 + 1) March at \(n % 9 + 9):00 in the town hall."
    }

    @Test func siblingsStayUniqueAndCopiesAreStillFound() async throws {
        let stage = try DedupStage()
        for n in 1...1_500 {
            let verdict = try stage.verdict(id: SHA256.hexDigest(of: Array("brief-\(n)".utf8)), text: brief(n))
            #expect(verdict.status == .unique, "brief \(n) was \(verdict.status)")
        }
        // A copy of a late brief, under another id, with a header: found, though its bands are shared by hundreds.
        let late = SHA256.hexDigest(of: Array("brief-1400".utf8))
        let copy = try stage.verdict(id: SHA256.hexDigest(of: Array("copy".utf8)), text: "COUNCIL NEWS. " + brief(1400))
        #expect(copy.status == .nearDuplicate && copy.of == late, "\(copy)")
        let exact = try stage.verdict(id: SHA256.hexDigest(of: Array("exact".utf8)), text: brief(1450))
        #expect(exact.status == .duplicate && exact.of == SHA256.hexDigest(of: Array("brief-1450".utf8)), "\(exact)")
    }
}
