/// Lets documents through one at a time, in arrival order.
///
/// Every sequence number from 0 upward must pass exactly once (a failed document passes without
/// work), or later ones wait forever. The ``Pipeline`` guarantees that.
actor ArrivalGate {
    private var next = 0
    private var waiting: [Int: CheckedContinuation<Void, Never>] = [:]

    /// Returns when every earlier sequence number has passed.
    func waitForTurn(_ sequence: Int) async {
        if sequence == next { return }
        await withCheckedContinuation { waiting[sequence] = $0 }
    }

    /// Marks `sequence` as passed and wakes the next one.
    func finishTurn(_ sequence: Int) {
        precondition(sequence == next, "arrival gate: \(sequence) finished out of turn (next is \(next))")
        next += 1
        waiting.removeValue(forKey: next)?.resume()
    }
}
