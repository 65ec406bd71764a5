import Foundation

/// Bounds how many commands the suite runs at once. Waiting asynchronously lets Swift Testing run
/// many tests together; without a bound, a dozen `copydesk` processes would share two cores and
/// the tests that measure a time limit (budgets, plugin timeouts) would see the machine's load
/// instead of Copydesk's behaviour.
actor ProcessSlots {
    /// The suite's slots: one per core, plus one for a process that waits on input or output.
    static let shared = ProcessSlots(limit: ProcessInfo.processInfo.activeProcessorCount + 1)

    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits for a free slot.
    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Frees a slot, handing it to the next waiter.
    func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` holding a slot.
    static func withSlot<T>(_ body: () async throws -> T) async rethrows -> T {
        await shared.acquire()
        do {
            let value = try await body()
            await shared.release()
            return value
        } catch {
            await shared.release()
            throw error
        }
    }
}
