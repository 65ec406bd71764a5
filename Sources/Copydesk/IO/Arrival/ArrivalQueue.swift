import Foundation

/// Paths ready to be taken, in arrival order, without repeats, bounded.
///
/// The inbox itself is the buffer: when the queue is full, new arrivals are not kept here but the
/// queue remembers to rescan the inbox once it has room, so a backlog of a million files costs no
/// more memory than a full queue. One consumer (the daemon's take loop) waits in ``next()``.
public final class ArrivalQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []
    private var head = 0
    private var queued: Set<String> = []
    private var waiter: CheckedContinuation<String?, Never>?
    private var closed = false
    private var interrupted = false
    private var overflowed = false
    /// The most paths held at once.
    public let capacity: Int

    /// A queue holding at most `capacity` paths.
    public init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// Adds a path. Returns `false` when the queue is full (the path stays in the inbox for a rescan).
    @discardableResult
    public func offer(_ path: String) -> Bool {
        let (accepted, waiting): (Bool, CheckedContinuation<String?, Never>?) = lock.withLock {
            guard !closed else { return (false, nil) }
            if queued.contains(path) { return (true, nil) }
            if let waiter {
                self.waiter = nil
                return (true, waiter)
            }
            guard paths.count - head < capacity else {
                overflowed = true
                return (false, nil)
            }
            paths.append(path)
            queued.insert(path)
            return (true, nil)
        }
        waiting?.resume(returning: path)
        return accepted
    }

    /// The next path, waiting for one; `nil` once closed.
    public func next() async -> String? {
        await withCheckedContinuation { continuation in
            let ready: String?? = lock.withLock {
                if interrupted {
                    interrupted = false
                    return .some(nil)
                }
                if head < paths.count {
                    let path = paths[head]
                    head += 1
                    queued.remove(path)
                    if head > 256 && head * 2 > paths.count { paths.removeFirst(head); head = 0 }
                    return .some(path)
                }
                if closed { return .some(nil) }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Stops handing out paths; a waiting ``next()`` returns `nil`.
    public func close() {
        let waiting: CheckedContinuation<String?, Never>? = lock.withLock {
            closed = true
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(returning: nil)
    }

    /// Whether ``close()`` was called.
    /// Ends the current consumer's wait once, without closing: the waiting (or next) `next()`
    /// returns `nil`, later ones wait for arrivals again. The daemon uses it to stop taking while
    /// it reloads its configuration.
    public func interrupt() {
        let waiting: CheckedContinuation<String?, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter
            }
            interrupted = true
            return nil
        }
        waiting?.resume(returning: nil)
    }

    var closedFlag: Bool { lock.withLock { closed } }

    /// How many paths wait.
    public var count: Int { lock.withLock { paths.count - head } }

    /// Whether arrivals were turned away since the last call (then the inbox needs a rescan).
    public func takeOverflow() -> Bool {
        lock.withLock {
            defer { overflowed = false }
            return overflowed
        }
    }

    /// Room for more paths.
    public var room: Int { lock.withLock { capacity - (paths.count - head) } }
}
