import Foundation
import Logging

/// Runs documents through a chain of stages.
///
/// Pure stages run concurrently across documents (at most ``width`` documents are in flight);
/// ordered stages see documents one at a time in arrival order; results come out in arrival order.
/// A stage error fails that document only. Memory stays bounded: the pipeline reads a new input
/// only when fewer than ``width`` are in flight.
public struct Pipeline: Sendable {
    /// The stages, in order.
    public let stages: [any Stage]
    /// How many documents may be in flight at once.
    public let width: Int
    /// How long each stage (and intake) may work on one document.
    public let budget: TimeBudget
    /// The largest input, which sets intake's time limit (its size is not known before it is read).
    public let maximumBytes: Int
    /// What to do when a stage or intake meets a transient fault (a full disk, a busy database).
    public let retry: RetryPolicy
    /// Tells transient faults from permanent ones.
    public let classifier: FaultClassifier
    /// Logs transient faults once per change of state.
    public let monitor: FaultMonitor
    private let logger: Logger

    /// Creates a pipeline.
    /// - Parameters:
    ///   - stages: the stages in order.
    ///   - width: documents in flight at once; defaults to twice the active processor count, so an
    ///     ordered stage or a slow document does not leave a core idle.
    ///   - budget: each stage's time limit per document (and intake's, for an input of `maximumBytes`).
    ///   - maximumBytes: the largest input intake accepts.
    ///   - retry: `.never` reports a transient fault as the document's failure (marked transient);
    ///     `.untilCleared` holds the document in its stage and retries, in its turn, until the fault
    ///     clears or the task is cancelled.
    ///   - classifier: tells transient faults from permanent ones.
    ///   - monitor: logs transient faults; one is made from `logger` when not given.
    ///   - logger: where stage failures are logged.
    public init(stages: [any Stage], width: Int? = nil, budget: TimeBudget = .standard, maximumBytes: Int = 32 << 20,
                retry: RetryPolicy = .never, classifier: FaultClassifier = FaultClassifier(), monitor: FaultMonitor? = nil,
                logger: Logger) {
        self.stages = stages
        self.width = max(1, width ?? ProcessInfo.processInfo.activeProcessorCount * 2)
        self.budget = budget
        self.maximumBytes = maximumBytes
        self.retry = retry
        self.classifier = classifier
        self.monitor = monitor ?? FaultMonitor(logger: logger)
        self.logger = logger
    }

    /// Processes every job from `jobs` and hands each job's results to `emit`, in arrival order.
    ///
    /// A job is one input; intake may unpack it into several documents (a news message with several
    /// stories, an e-mail with an attached story). They pass every stage in their order within the
    /// job, and an ordered stage sees all of them in the job's turn. `emit` gets one result per
    /// document, in order (one `.failed` when intake failed).
    ///
    /// A job is emitted as soon as it and every earlier one are ready, so a live source (a drop
    /// folder) sees each file finished promptly, not when the next one arrives. The next job is
    /// pulled only when fewer than ``width`` are in flight (emitted or not).
    ///
    /// - Parameters:
    ///   - jobs: the inputs, in arrival order.
    ///   - intake: turns a job into its documents (reading, decoding, unpacking); its error fails the job.
    ///   - emit: called once per job with the job and its results, in arrival order, never concurrently.
    public func run<Jobs: AsyncSequence & Sendable>(
        _ jobs: Jobs,
        intake: @escaping @Sendable (Jobs.Element) async -> Result<[Document], PipelineFailure>,
        emit: @escaping @Sendable (Jobs.Element, [PipelineResult]) async throws -> Void
    ) async throws where Jobs.Element: Sendable {
        let gates = stages.map { $0.concurrency == .ordered ? ArrivalGate() : nil }
        let emission = ArrivalGate()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            var sequence = 0
            for try await job in jobs {
                if inFlight >= width {
                    try await group.next()
                    inFlight -= 1
                }
                let current = sequence
                group.addTask {
                    let results = await self.process(job, sequence: current, gates: gates, intake: intake)
                    await emission.waitForTurn(current)
                    do {
                        try await emit(job, results)
                    } catch {
                        await emission.finishTurn(current)
                        throw error
                    }
                    await emission.finishTurn(current)
                }
                inFlight += 1
                sequence += 1
            }
            try await group.waitForAll()
        }
    }

    /// Processes an array of jobs and returns each job's results, in the same order.
    public func run<Job: Sendable>(
        _ jobs: [Job],
        intake: @escaping @Sendable (Job) async -> Result<[Document], PipelineFailure>
    ) async throws -> [[PipelineResult]] {
        let collected = ResultCollector()
        try await run(AsyncJobs(jobs), intake: intake) { collected.append($1) }
        return collected.results
    }

    private func process<Job: Sendable>(
        _ job: Job, sequence: Int, gates: [ArrivalGate?],
        intake: @escaping @Sendable (Job) async -> Result<[Document], PipelineFailure>
    ) async -> [PipelineResult] {
        var results: [PipelineResult]
        switch await read(job, intake: intake) {
        case .success(let documents): results = documents.map { .processed($0) }
        case .failure(let failure): results = [.failed(failure)]
        }
        for (index, stage) in stages.enumerated() {
            let gate = gates[index]
            await gate?.waitForTurn(sequence)
            for position in results.indices {
                if case .processed(let document) = results[position] {
                    results[position] = await run(stage, on: document, sequence: sequence)
                }
            }
            await gate?.finishTurn(sequence)
        }
        return results
    }

    /// Intake under its time limit, retried while it meets a transient fault (when the policy retries).
    private func read<Job: Sendable>(
        _ job: Job, intake: @escaping @Sendable (Job) async -> Result<[Document], PipelineFailure>
    ) async -> Result<[Document], PipelineFailure> {
        let limit = budget.limit(bytes: maximumBytes)
        var attempt = 1
        var inFault = false
        defer { if inFault { monitor.ended("intake", attempts: attempt) } }
        while true {
            let result: Result<[Document], PipelineFailure>
            do {
                result = try await withTimeLimit(limit) { await intake(job) }
            } catch {
                let name = (job as? CustomStringConvertible)?.description ?? "input"
                return .failure(PipelineFailure(sourceName: name, stage: "intake", reason: "\(error)",
                                                wasCancelled: error is CancellationError))
            }
            guard case .failure(let failure) = result, failure.isTransient, retry.retries else { return result }
            if !inFault { monitor.began("intake", error: failure); inFault = true }
            do { try await Task.sleep(for: retry.wait(after: attempt)) } catch {
                var cancelled = failure
                cancelled.wasCancelled = true
                return .failure(cancelled)
            }
            attempt += 1
        }
    }

    private func run(_ stage: any Stage, on document: Document, sequence: Int) async -> PipelineResult {
        var documentLogger = logger
        // One merge, not three subscripts: a handler may render its metadata on every change
        // (swift-log's stream handler does), and this runs for every stage of every document.
        documentLogger.handler.metadata.merge([
            "file": "\(document.source.name)",
            "document": "\(document.id.prefix(16))",
            "stage": "\(stage.name)",
        ]) { $1 }
        let context = StageContext(logger: documentLogger, sequence: sequence)
        let limit = stage.timeLimit.map { $0 + .seconds(1) } ?? budget.limit(bytes: document.source.bytes)
        let started = ContinuousClock.now
        do {
            let outcome = try await monitor.retrying("stage \(stage.name)", policy: retry, classifier: classifier) {
                try await withTimeLimit(limit) { try await stage.process(document, context: context) }
            }
            switch outcome {
            case .keep(var updated):
                let elapsed = ContinuousClock.now - started
                updated.stages.append(StageRecord(
                    name: stage.name, version: stage.version, milliseconds: elapsed.milliseconds))
                return .processed(updated)
            case .drop(let reason):
                documentLogger.info("dropped", metadata: ["reason": "\(reason)"])
                return .dropped(document, stage: stage.name, reason: reason)
            }
        } catch {
            let cancelled = error is CancellationError
            let transient = !cancelled && classifier.isTransient(error)
            if !cancelled { documentLogger.warning("stage failed", metadata: ["error": "\(error)"]) }
            return .failed(PipelineFailure(sourceName: document.source.name, stage: stage.name, reason: "\(error)",
                                           wasCancelled: cancelled, isTransient: transient))
        }
    }
}

/// Results gathered by ``Pipeline/run(_:intake:)`` (appends are serialised by the emission gate).
private final class ResultCollector: @unchecked Sendable {
    private(set) var results: [[PipelineResult]] = []
    func append(_ result: [PipelineResult]) { results.append(result) }
}

/// An array served as an `AsyncSequence`, for feeding a ``Pipeline`` a known list of jobs.
public struct AsyncJobs<Element: Sendable>: AsyncSequence, Sendable {
    private let elements: [Element]

    /// Wraps `elements`.
    public init(_ elements: [Element]) { self.elements = elements }

    /// Iterates over the array.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[Element]>
        /// The next element, or `nil` at the end.
        public mutating func next() async -> Element? { base.next() }
    }

    /// Makes an iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: elements.makeIterator()) }
}

extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
