import Dispatch

/// A dedicated thread for blocking calls (fsync, SQLite, renames, pipe writes), so that they never
/// hold one of Swift's cooperative threads: callers await the result.
///
/// Each instance is one serial thread; work on it runs in the order it was submitted.
public final class BlockingIO: Sendable {
    private let queue: DispatchQueue

    /// A thread named `label` (it shows in `top -H` and in debuggers).
    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Runs `work` on the thread and returns its result. The wait is not cancellable (a blocking call
    /// cannot be interrupted safely), but every call this is used for returns in bounded time.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
