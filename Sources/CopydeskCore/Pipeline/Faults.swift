import Dispatch
import Foundation
import Logging
import Synchronization

/// An error that says whether it will pass on its own.
///
/// A *transient* fault is the machine's, not the input's: a full disk, a database that is busy or
/// unreachable, too many open files, an interrupted call. The input is good; try it again later.
/// A *permanent* fault is the input's (it cannot be read, a stage refuses it): retrying gives the
/// same answer, so it goes to `failed/` with its reason.
public protocol ClassifiedFault: Error {
    /// Whether the fault will pass on its own, so the work should be tried again rather than failed.
    var isTransient: Bool { get }
}

/// Tells transient faults from permanent ones.
public struct FaultClassifier: Sendable {
    private let extra: @Sendable (any Error) -> Bool?

    /// A classifier that asks `extra` first (for error types this module cannot see, a database
    /// driver's for one); `nil` from it means "not mine".
    public init(_ extra: @escaping @Sendable (any Error) -> Bool? = { _ in nil }) {
        self.extra = extra
    }

    /// `errno` values that describe the machine, not the input.
    public static let transientCodes: Set<Int32> = [
        ENOSPC, EDQUOT, EMFILE, ENFILE, EINTR, EAGAIN, EBUSY, ENOMEM, EIO, EROFS, ETIMEDOUT,
        ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ENETUNREACH, ENETDOWN, ENOLCK, ESTALE,
    ]

    /// Whether `error` is transient. Cancellation is neither: callers check it first.
    public func isTransient(_ error: any Error) -> Bool {
        if let answer = extra(error) { return answer }
        if let classified = error as? any ClassifiedFault { return classified.isTransient }
        if let posix = error as? POSIXError { return Self.transientCodes.contains(posix.code.rawValue) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Self.transientCodes.contains(Int32(nsError.code)) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Self.transientCodes.contains(Int32(underlying.code))
        }
        return false
    }
}

/// How long a stage may work on one document: ``base`` plus ``perMegabyte`` for each MB of the input.
///
/// Every stage, built-in or plugin, gets this much per document; the pipeline fails the document with
/// a clear reason when it runs out, so one slow input never holds back the files after it for long.
public struct TimeBudget: Sendable, Equatable {
    /// The allowance of any document, however small.
    public var base: Duration
    /// The allowance per MB (10⁶ bytes) of input.
    public var perMegabyte: Duration

    /// The default: 5 s plus 4 s per MB. The built-in chain needs well under 0.1 s per MB.
    public static let standard = TimeBudget(base: .seconds(5), perMegabyte: .seconds(4))

    /// No limit (tests that need it, benchmarks).
    public static let unlimited = TimeBudget(base: .seconds(1 << 40), perMegabyte: .zero)

    /// A budget.
    public init(base: Duration, perMegabyte: Duration) {
        self.base = base
        self.perMegabyte = perMegabyte
    }

    /// The limit for an input of `bytes` bytes.
    public func limit(bytes: Int) -> Duration {
        base + perMegabyte * (Double(max(bytes, 0)) / 1_000_000)
    }
}

/// A stage (or intake) ran past its time budget.
public struct TimeBudgetExceeded: Error, CustomStringConvertible, Sendable, Equatable {
    /// The limit it had.
    public var limit: Duration

    /// The limit, for the reason in `failed/`.
    public var description: String {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        return "ran past its time budget of \(String(format: "%.1f", seconds)) s for this document"
    }
}

/// Runs `work` with a time limit.
///
/// `work` runs in its own task; when the limit passes first, that task is cancelled and left behind
/// (code that checks for cancellation stops; code that does not runs to its end with nobody waiting)
/// and ``TimeBudgetExceeded`` is thrown at once. Cancelling the caller cancels `work` and throws
/// `CancellationError` at once.
public func withTimeLimit<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = TimeLimitRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            // The work runs on its own threads, not Swift's cooperative pool: code that computes for
            // a long time without suspending must not keep the timer below (or anything else) from running.
            let worker = Task(executorPreference: StageExecutor()) { race.finish(await Result(catching: { try await work() })) }
            // The timer is a dispatch timer, not a sleeping task: it fires on time even when every
            // thread of the cooperative pool is busy. It is a timer source, cancelled (and its handler
            // released) as soon as the work finishes: a pending `asyncAfter` item would keep the
            // finished task, and the document in its result, alive until the deadline — 25 KB a
            // document, gigabytes over a long drain.
            let timer = DispatchSource.makeTimerSource(queue: TimeLimitTimers.queue)
            timer.schedule(deadline: .now() + limit.dispatchInterval)
            timer.setEventHandler { [weak race] in race?.finish(.failure(TimeBudgetExceeded(limit: limit))) }
            timer.resume()
            race.attach(worker: worker, timer: PendingTimer(source: timer))
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// A time limit's timer, cancelled when the work finishes first (dispatch sources are
/// thread-safe; the source is only ever cancelled through this).
final class PendingTimer: @unchecked Sendable {
    private let source: any DispatchSourceTimer
    init(source: any DispatchSourceTimer) { self.source = source }
    func cancel() { source.cancel() }
}

/// The queue the time limits' timers fire on (a serial queue: its own thread, whatever the load).
enum TimeLimitTimers {
    static let queue = DispatchQueue(label: "copydesk.time-limits")
}

extension Duration {
    /// The duration for `DispatchTime` arithmetic.
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow, nanoseconds.partialValue < Int64(Int.max / 2) else { return .never }
        return .nanoseconds(Int(nanoseconds.partialValue + attoseconds / 1_000_000_000))
    }
}

/// The one continuation of ``withTimeLimit(_:_:)``, resumed by whichever finishes first.
private final class TimeLimitRace<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var pending: Result<T, any Error>?
        var worker: Task<Void, Never>?
        var timer: PendingTimer?
        var done = false
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            if let pending = state.pending { return pending }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func attach(worker: Task<Void, Never>, timer: PendingTimer) {
        let finished = state.withLock { state in
            state.worker = worker
            state.timer = timer
            return state.done
        }
        if finished { worker.cancel(); timer.cancel() }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, worker, timer): (CheckedContinuation<T, any Error>?, Task<Void, Never>?, PendingTimer?) = state.withLock { state in
            guard !state.done else { return (nil, nil, nil) }
            state.done = true
            defer { state.continuation = nil }
            if state.continuation == nil { state.pending = result }
            return (state.continuation, state.worker, state.timer)
        }
        timer?.cancel()
        if case .failure = result { worker?.cancel() }
        continuation?.resume(with: result)
    }
}

extension Result where Failure == any Error {
    /// Catches `body`'s error into a result.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// What to do when work meets a transient fault.
public struct RetryPolicy: Sendable {
    /// Whether transient faults are retried (the daemon) or reported at once (`copydesk run`).
    public var retries: Bool
    /// The first wait; each failed attempt doubles it, up to ``maximumWait``.
    public var firstWait: Duration
    /// The longest wait between attempts.
    public var maximumWait: Duration

    /// Report transient faults at once.
    public static let never = RetryPolicy(retries: false, firstWait: .zero, maximumWait: .zero)
    /// Retry until the fault clears or the task is cancelled: 0.2 s, doubling, at most 10 s apart.
    public static let untilCleared = RetryPolicy(retries: true, firstWait: .milliseconds(200), maximumWait: .seconds(10))

    /// A policy.
    public init(retries: Bool, firstWait: Duration, maximumWait: Duration) {
        self.retries = retries
        self.firstWait = firstWait
        self.maximumWait = maximumWait
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func wait(after attempt: Int) -> Duration {
        var wait = firstWait
        for _ in 1..<max(attempt, 1) where wait < maximumWait { wait = wait * 2 }
        return min(wait, maximumWait)
    }
}

/// Logs transient faults once per change of state, not once per attempt: an error when the first
/// fault begins ("holding files; retrying"), a notice when the last one clears.
public final class FaultMonitor: Sendable {
    private struct State {
        var active: [String: Int] = [:]
        var episodes = 0
    }
    private let state = Mutex(State())
    private let logger: Logger

    /// A monitor logging to `logger`.
    public init(logger: Logger) { self.logger = logger }

    /// Whether any transient fault is being retried now (the daemon does not take new files then).
    public var isHolding: Bool { state.withLock { !$0.active.isEmpty } }

    /// How many times the machine went from healthy to faulty.
    public var episodes: Int { state.withLock { $0.episodes } }

    /// `place` (a stage, the finisher) met a transient fault.
    public func began(_ place: String, error: any Error) {
        let (first, newPlace) = state.withLock { state -> (Bool, Bool) in
            let first = state.active.isEmpty
            if first { state.episodes += 1 }
            state.active[place, default: 0] += 1
            return (first, state.active[place] == 1)
        }
        if first {
            logger.error("transient fault: holding files in processing/ and retrying until it clears",
                         metadata: ["at": "\(place)", "error": "\(error)"])
        } else if newPlace {
            logger.warning("transient fault also here", metadata: ["at": "\(place)", "error": "\(error)"])
        }
    }

    /// The fault `place` met has cleared (or its work was cancelled).
    public func ended(_ place: String, attempts: Int) {
        let last = state.withLock { state -> Bool in
            if let count = state.active[place] {
                state.active[place] = count > 1 ? count - 1 : nil
            }
            return state.active.isEmpty
        }
        if last { logger.notice("transient fault cleared; carrying on", metadata: ["at": "\(place)", "attempts": "\(attempts)"]) }
    }

    /// Runs `work`, retrying transient faults under `policy` (logging through this monitor) until it
    /// succeeds, throws a permanent fault, or the task is cancelled (`CancellationError`).
    public func retrying<T>(_ place: String, policy: RetryPolicy, classifier: FaultClassifier,
                            _ work: () async throws -> T) async throws -> T {
        var attempt = 1
        var inFault = false
        defer { if inFault { ended(place, attempts: attempt) } }
        while true {
            do {
                return try await work()
            } catch {
                guard policy.retries, !(error is CancellationError), classifier.isTransient(error) else { throw error }
                if !inFault { began(place, error: error); inFault = true }
                try await Task.sleep(for: policy.wait(after: attempt))
                attempt += 1
            }
        }
    }
}

/// Where one piece of stage work runs: a serial dispatch queue of its own, which libdispatch backs
/// with a thread of its own even when every core is busy. A stage computing for a long time without
/// suspending therefore never starves Swift's cooperative pool, where the daemon's timers (the time
/// budget's among them), taking and finishing run. One executor per piece of work; queues are cheap.
public final class StageExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "copydesk.stage")

    /// An executor with a queue of its own.
    public init() {}

    /// Runs `job` on the executor's queue.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
