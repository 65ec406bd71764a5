import Copydesk
import CopydeskCore
import Foundation
import Testing

/// A pure stage that sleeps longer for earlier documents, so documents finish out of order.
struct ScramblingStage: Stage {
    let name = "scramble"
    let version = "1"
    let concurrency = StageConcurrency.pure
    let count: Int

    func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        try await Task.sleep(for: .milliseconds(2 * (count - context.sequence % count)))
        return .keep(document)
    }
}

/// Records which documents a stage saw, in order, and how many were inside it at once.
final class StageProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    private var inside = 0
    private var peak = 0

    var seen: [String] { lock.withLock { names } }
    var maximumInside: Int { lock.withLock { peak } }

    func enter(_ name: String) {
        lock.withLock {
            inside += 1
            peak = max(peak, inside)
            names.append(name)
        }
    }

    func leave() { lock.withLock { inside -= 1 } }
}

/// Fails, drops or passes documents by name.
struct JudgingStage: Stage {
    let name = "judge"
    let version = "2"
    let concurrency = StageConcurrency.pure

    func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        if document.source.name.hasPrefix("fail") { throw StageError("refused \(document.source.name)") }
        if document.source.name.hasPrefix("drop") { return .drop(reason: "not news") }
        var document = document
        document.text += "judged"
        return .keep(document)
    }
}

/// Records each document it sees in a ``StageProbe``, pausing inside so overlaps would show.
struct ProbingStage: Stage {
    var name = "probe"
    let version = "1"
    var concurrency = StageConcurrency.pure
    var pause: Duration = .milliseconds(5)
    let probe: StageProbe

    func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        probe.enter(document.source.name)
        try await Task.sleep(for: pause)
        probe.leave()
        return .keep(document)
    }
}

/// An ordered stage that records the order it sees documents in.
func recordingOrderedStage(_ probe: StageProbe) -> ProbingStage {
    ProbingStage(name: "record", concurrency: .ordered, pause: .microseconds(200), probe: probe)
}

func makeDocument(_ name: String) -> Document {
    Document(id: String(repeating: "0", count: 64),
             source: Source(name: name, bytes: 1, format: .text, encoding: "utf-8", received: "2026-01-01T00:00:00Z"),
             input: nil)
}

@Suite("Pipeline guarantees")
struct PipelineTests {
    @Test func orderedStagesSeeArrivalOrderAndOutputKeepsInputOrder() async throws {
        let count = 60
        let names = (0..<count).map { String(format: "doc-%03d", $0) }
        let recorder = StageProbe()
        let pipeline = Pipeline(stages: [ScramblingStage(count: 8), recordingOrderedStage(recorder),
                                         ScramblingStage(count: 5)],
                                width: 8, logger: LogRecorder().logger())
        let results = try await pipeline.run(names) { .success([makeDocument($0)]) }.map { $0[0] }
        #expect(recorder.seen == names)
        #expect(recorder.maximumInside == 1)
        let output = results.compactMap { result -> String? in
            if case .processed(let document) = result { return document.source.name }
            return nil
        }
        #expect(output == names)
    }

    @Test func pureStagesRunConcurrently() async throws {
        let probe = StageProbe()
        let pipeline = Pipeline(stages: [ProbingStage(probe: probe)], width: 8, logger: LogRecorder().logger())
        _ = try await pipeline.run((0..<32).map { "d\($0)" }) { .success([makeDocument($0)]) }
        #expect(probe.maximumInside > 1)
        #expect(probe.maximumInside <= 8)
    }

    @Test func aStageErrorFailsOnlyThatDocumentAndNamesTheStage() async throws {
        let recorder = StageProbe()
        let log = LogRecorder()
        let pipeline = Pipeline(stages: [JudgingStage(), recordingOrderedStage(recorder)], width: 4,
                                logger: log.logger())
        let names = ["a", "fail-b", "c", "drop-d", "e"]
        let results = try await pipeline.run(names) { .success([makeDocument($0)]) }.map { $0[0] }
        #expect(results.count == 5)
        guard case .failed(let failure) = results[1] else { Issue.record("fail-b did not fail"); return }
        #expect(failure.stage == "judge")
        #expect(failure.reason == "refused fail-b")
        #expect(failure.sourceName == "fail-b")
        guard case .dropped(_, let stage, let reason) = results[3] else { Issue.record("drop-d was not dropped"); return }
        #expect(stage == "judge" && reason == "not news")
        for index in [0, 2, 4] {
            guard case .processed(let document) = results[index] else { Issue.record("\(names[index]) lost"); continue }
            #expect(document.text == "judged")
            #expect(document.stages.map(\.name) == ["judge", "record"])
            #expect(document.stages[0].version == "2")
        }
        // Failed and dropped documents skip later stages but never block them.
        #expect(recorder.seen == ["a", "c", "e"])
        let warning = try #require(log.entries.first { $0.level == .warning })
        #expect(warning.metadata["stage"] == "judge")
        #expect(warning.metadata["file"] == "fail-b")
    }

    @Test func cancellationIsToldApartFromFailure() async throws {
        struct CancelledStage: Stage {
            let name = "cancelled"
            let version = "1"
            let concurrency = StageConcurrency.pure
            func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
                if document.source.name == "stop" { throw CancellationError() }
                throw StageError("bad document")
            }
        }
        let pipeline = Pipeline(stages: [CancelledStage()], width: 2, logger: LogRecorder().logger())
        let results = try await pipeline.run(["stop", "bad"]) { .success([makeDocument($0)]) }.map { $0[0] }
        guard case .failed(let stopped) = results[0], case .failed(let failed) = results[1] else {
            Issue.record("expected two failures")
            return
        }
        #expect(stopped.wasCancelled)
        #expect(!failed.wasCancelled)
    }

    @Test func intakeFailuresPassThroughInOrder() async throws {
        let pipeline = Pipeline(stages: [JudgingStage()], width: 2, logger: LogRecorder().logger())
        let results = try await pipeline.run(["ok", "bad", "ok2"]) { name in
            name == "bad" ? .failure(PipelineFailure(sourceName: name, stage: "intake", reason: "empty")) : .success([makeDocument(name)])
        }.map { $0[0] }
        guard case .failed(let failure) = results[1] else { Issue.record("intake failure lost"); return }
        #expect(failure.stage == "intake")
        guard case .processed(let last) = results[2] else { Issue.record("ok2 lost"); return }
        #expect(last.source.name == "ok2")
    }

    @Test(.timeLimit(.minutes(1)))
    func aLiveSourceSeesEachResultBeforeItSendsTheNextJob() async throws {
        // A drop folder sends the next file whenever one arrives; results must not wait for it.
        let (jobs, feed) = AsyncStream.makeStream(of: String.self)
        let (emitted, emittedFeed) = AsyncStream.makeStream(of: String.self)
        let pipeline = Pipeline(stages: [JudgingStage()], width: 4, logger: LogRecorder().logger())
        async let running: Void = pipeline.run(jobs, intake: { .success([makeDocument($0)]) }, emit: { _, results in
            if case .processed(let document) = results[0] { emittedFeed.yield(document.source.name) }
        })
        var iterator = emitted.makeAsyncIterator()
        for name in ["one", "two", "three"] {
            feed.yield(name)
            #expect(await iterator.next() == name)
        }
        feed.finish()
        try await running
    }

    @Test func aFileOfSeveralDocumentsPassesOrderedStagesInItsOrderAndIsEmittedWhole() async throws {
        let recorder = StageProbe()
        let pipeline = Pipeline(stages: [ScramblingStage(count: 4), recordingOrderedStage(recorder), JudgingStage()],
                                width: 4, logger: LogRecorder().logger())
        let files: [[String]] = [["a1", "a2", "a3"], ["b1"], ["c1", "fail-c2"], ["d1", "d2"]]
        let results = try await pipeline.run(files) { names in .success(names.map(makeDocument)) }
        #expect(recorder.seen == files.flatMap { $0 })
        #expect(results.map(\.count) == [3, 1, 2, 2])
        #expect(results[2].firstFailure?.sourceName == "fail-c2")
        #expect(results[0].firstFailure == nil)
        let names = results[3].compactMap { result -> String? in
            if case .processed(let document) = result { return document.source.name }
            return nil
        }
        #expect(names == ["d1", "d2"])
    }

    @Test func memoryIsBoundedByWidth() async throws {
        // At most `width` documents are in flight: the intake is never more than `width` ahead of output.
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var read = 0
            var emitted = 0
            var maxAhead = 0
        }
        let counter = Counter()
        let pipeline = Pipeline(stages: [ScramblingStage(count: 4)], width: 3, logger: LogRecorder().logger())
        try await pipeline.run(AsyncJobs(Array(0..<40)), intake: { index in
            counter.lock.withLock { counter.read += 1 }
            return .success([makeDocument("d\(index)")])
        }, emit: { _, _ in
            counter.lock.withLock {
                counter.emitted += 1
                counter.maxAhead = max(counter.maxAhead, counter.read - counter.emitted)
            }
        })
        #expect(counter.emitted == 40)
        #expect(counter.maxAhead <= 3)
    }
}

/// Transient faults, time budgets and what the pipeline hands back with each job.
@Suite("Pipeline under faults")
struct PipelineFaultTests {
    /// Fails with a full disk `failures` times, then works.
    final class FlakyStage: Stage, @unchecked Sendable {
        let name = "flaky"
        let version = "1"
        let concurrency = StageConcurrency.ordered
        private let lock = NSLock()
        private var remaining: Int
        private(set) var attempts = 0
        init(failures: Int) { remaining = failures }
        func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
            try lock.withLock {
                attempts += 1
                if remaining > 0 { remaining -= 1; throw POSIXFailure("write state", code: ENOSPC) }
            }
            return .keep(document)
        }
    }

    struct SlowStage: Stage {
        let name = "slow"
        let version = "1"
        let concurrency = StageConcurrency.pure
        func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
            if document.source.name == "slow" { try await Task.sleep(for: .seconds(30)) }
            return .keep(document)
        }
    }

    @Test func aTransientFaultIsRetriedInItsTurnAndLoggedOnce() async throws {
        let log = LogRecorder()
        let stage = FlakyStage(failures: 3)
        let policy = RetryPolicy(retries: true, firstWait: .milliseconds(5), maximumWait: .milliseconds(20))
        let pipeline = Pipeline(stages: [stage], width: 2, retry: policy, classifier: .copydesk, logger: log.logger())
        let results = try await pipeline.run(["a", "b"]) { .success([makeDocument($0)]) }.map { $0[0] }
        #expect(results.allSatisfy { $0.failure == nil })
        #expect(stage.attempts == 5)
        #expect(log.entries.filter { $0.level == .error }.count == 1)
        #expect(log.entries.contains { $0.message.contains("cleared") })
    }

    @Test func withoutRetriesATransientFaultIsReportedAsTransient() async throws {
        let pipeline = Pipeline(stages: [FlakyStage(failures: 1)], width: 1, classifier: .copydesk, logger: LogRecorder().logger())
        let results = try await pipeline.run(["a", "b"]) { .success([makeDocument($0)]) }.map { $0[0] }
        #expect(results[0].failure?.isTransient == true)
        #expect(results[1].failure == nil)
    }

    @Test func aPermanentErrorIsNotRetried() async throws {
        let policy = RetryPolicy(retries: true, firstWait: .milliseconds(5), maximumWait: .milliseconds(20))
        let pipeline = Pipeline(stages: [JudgingStage()], width: 1, retry: policy, classifier: .copydesk, logger: LogRecorder().logger())
        let results = try await pipeline.run(["fail-a"]) { .success([makeDocument($0)]) }.map { $0[0] }
        #expect(results[0].failure?.isTransient == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func aStagePastItsBudgetFailsTheDocumentAndTheRestGoOn() async throws {
        let budget = TimeBudget(base: .milliseconds(200), perMegabyte: .zero)
        let pipeline = Pipeline(stages: [SlowStage()], width: 2, budget: budget, logger: LogRecorder().logger())
        let started = ContinuousClock.now
        let results = try await pipeline.run(["slow", "quick"]) { .success([makeDocument($0)]) }.map { $0[0] }
        // The stage sleeps 30 s; a loaded test machine may be slow to run the timer, never that slow.
        #expect(ContinuousClock.now - started < .seconds(25))
        #expect(results[0].failure?.reason.contains("time budget") == true)
        #expect(results[1].failure == nil)
    }

    /// Stages that compute without ever suspending, more of them than there are cores: the budget
    /// still fires on time, because stage work does not run on the cooperative pool.
    @Test(.timeLimit(.minutes(1)))
    func aBudgetFiresWhileStagesSpinOnEveryCore() async throws {
        struct SpinningStage: Stage {
            let name = "spin"
            let version = "1"
            let concurrency = StageConcurrency.pure
            func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
                let end = ContinuousClock.now + .seconds(8)
                var sink = 0
                while ContinuousClock.now < end { sink &+= 1 }  // no suspension point, no cancellation check
                return sink == -1 ? .drop(reason: "never") : .keep(document)
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let budget = TimeBudget(base: .milliseconds(300), perMegabyte: .zero)
        let pipeline = Pipeline(stages: [SpinningStage()], width: cores + 2, budget: budget, logger: LogRecorder().logger())
        let results = try await pipeline.run((0..<(cores + 2)).map { "spin-\($0)" }) { .success([makeDocument($0)]) }
        // Had the spinning starved the timers, each stage would have finished its 8 s and succeeded.
        // (How soon they fail depends on the machine's load, so the test does not time it.)
        #expect(results.allSatisfy { $0[0].failure?.reason.contains("time budget") == true })
    }

    @Test func emitGetsEachJobWithItsResults() async throws {
        final class Seen: @unchecked Sendable { var pairs: [(String, String)] = [] }
        let seen = Seen()
        let pipeline = Pipeline(stages: [ScramblingStage(count: 3)], width: 4, logger: LogRecorder().logger())
        try await pipeline.run(AsyncJobs((0..<20).map { "j\($0)" }), intake: { .success([makeDocument($0)]) }, emit: { job, results in
            if case .processed(let document) = results[0] { seen.pairs.append((job, document.source.name)) }
        })
        #expect(seen.pairs.count == 20)
        #expect(seen.pairs.allSatisfy { $0.0 == $0.1 })
    }

    @Test func theClassifierKnowsTheMachinesFaults() async {
        let classifier = FaultClassifier.copydesk
        #expect(classifier.isTransient(POSIXFailure("write", code: ENOSPC)))
        #expect(classifier.isTransient(POSIXFailure("open", code: EMFILE)))
        #expect(!classifier.isTransient(POSIXFailure("open", code: ENOENT)))
        #expect(!classifier.isTransient(IntakeError.empty))
        #expect(!classifier.isTransient(StageError("bad document")))
    }
}
