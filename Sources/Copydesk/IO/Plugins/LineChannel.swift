import Foundation

/// Lines read from a child's output on a background thread, handed to one async reader at a time,
/// with a timeout. A line longer than ``maximumLineBytes`` is not kept: memory stays bounded however
/// much a confused child writes without a newline.
final class LineChannel: @unchecked Sendable {
    enum Next: Sendable {
        case line(Data)
        case closed
        case timedOut
        /// The child wrote more than the limit without ending the line.
        case tooLong(limit: Int)
    }

    /// The longest line kept.
    let maximumLineBytes: Int
    /// Set when a line ran past the limit; the rest of the output is ignored (the child is killed).
    private var overflowed = false

    /// A channel keeping lines of at most `maximumLineBytes`.
    init(maximumLineBytes: Int = 64 << 20) {
        self.maximumLineBytes = maximumLineBytes
    }

    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var lines: [Data] = []
    private var closed = false
    private var waiter: (id: Int, continuation: CheckedContinuation<Next, Never>, timer: Task<Void, Never>?)?
    private var nextID = 0

    /// Adds bytes read from the child.
    func feed(_ data: Data) {
        var resume: (CheckedContinuation<Next, Never>, Next, Task<Void, Never>?)?
        lock.withLock {
            if overflowed { return }
            var searchFrom = pending.count
            pending.append(contentsOf: data)
            var lineStart = 0
            while let newline = pending[searchFrom...].firstIndex(of: 0x0A) {
                lines.append(Data(pending[lineStart..<newline]))
                lineStart = newline + 1
                searchFrom = lineStart
            }
            if lineStart > 0 { pending.removeFirst(lineStart) }
            if pending.count > maximumLineBytes {
                overflowed = true
                pending = []
            }
            if let waiter, !lines.isEmpty || overflowed {
                resume = (waiter.continuation, lines.isEmpty ? .tooLong(limit: maximumLineBytes) : .line(lines.removeFirst()), waiter.timer)
                self.waiter = nil
            }
        }
        if let (continuation, next, timer) = resume {
            timer?.cancel()
            continuation.resume(returning: next)
        }
    }

    /// The child closed its output.
    func finish() {
        let waiting = lock.withLock {
            closed = true
            defer { waiter = nil }
            return waiter
        }
        waiting?.timer?.cancel()
        waiting?.continuation.resume(returning: .closed)
    }

    /// Drops lines nobody asked for (after a timeout, a late answer must not be taken for the next one).
    func discardPending() {
        lock.withLock { lines.removeAll() }
    }

    /// The next line, `.closed` at end of output, or `.timedOut` after `timeout`.
    func next(timeout: Duration) async -> Next {
        await withCheckedContinuation { continuation in
            let ready: Next? = lock.withLock {
                if !lines.isEmpty { return .line(lines.removeFirst()) }
                if overflowed { return .tooLong(limit: maximumLineBytes) }
                if closed { return .closed }
                nextID += 1
                let id = nextID
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { self?.expire(id) }
                }
                waiter = (id, continuation, timer)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func expire(_ id: Int) {
        let waiting: CheckedContinuation<Next, Never>? = lock.withLock {
            guard let waiter, waiter.id == id else { return nil }
            self.waiter = nil
            return waiter.continuation
        }
        waiting?.resume(returning: .timedOut)
    }
}
