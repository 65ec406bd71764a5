import CopydeskCore
import Dispatch
import Foundation
import Synchronization

/// How `copydesk watch` reloads its configuration on SIGHUP, without dropping a file:
/// 1. ``check`` reads and validates the new configuration; a bad one is refused with a logged
///    reason and the running one kept;
/// 2. the daemon stops taking, finishes the files in flight with the old stages, then
///    ``build``s the new chain (a stage that cannot start is refused the same way);
/// 3. the next file is taken with the new chain; the old plugins are shut down.
public struct ConfigurationReloader: Sendable {
    /// What a reload gives: the stages and the limits they run under.
    public struct Loaded: Sendable {
        /// The stages.
        public var chain: StageChain
        /// Each stage's time budget per document.
        public var budget: TimeBudget
        /// The largest input accepted.
        public var maximumBytes: Int

        /// A loaded configuration.
        public init(chain: StageChain, budget: TimeBudget, maximumBytes: Int) {
            self.chain = chain
            self.budget = budget
            self.maximumBytes = maximumBytes
        }
    }

    /// Reads and checks the configuration without starting anything; throws what is wrong.
    public var check: @Sendable () throws -> Void
    /// Builds the chain, once the files in flight are finished.
    public var build: @Sendable () throws -> Loaded

    /// A reloader.
    public init(check: @escaping @Sendable () throws -> Void, build: @escaping @Sendable () throws -> Loaded) {
        self.check = check
        self.build = build
    }
}

/// Whether a reload is pending.
final class ReloadRequests: Sendable {
    private let pending = Mutex(false)

    /// Asks for a reload.
    func request() { pending.withLock { $0 = true } }

    /// Whether one was asked for, clearing it.
    func take() -> Bool {
        pending.withLock { value in
            defer { value = false }
            return value
        }
    }
}

/// A signal's deliveries as an async sequence (a dispatch signal source; the signal's default
/// action is turned off while the sequence is iterated). Ends when the iterating task is cancelled.
struct SignalStream: AsyncSequence, Sendable {
    let signalNumber: Int32

    init(_ signalNumber: Int32) { self.signalNumber = signalNumber }

    func makeAsyncIterator() -> AsyncStream<Void>.Iterator {
        let number = signalNumber
        let stream = AsyncStream<Void>(bufferingPolicy: .bufferingNewest(1)) { continuation in
            signal(number, SIG_IGN)
            let source = SignalSource(DispatchSource.makeSignalSource(signal: number, queue: .global()))
            source.start { continuation.yield() }
            continuation.onTermination = { _ in source.cancel() }
        }
        return stream.makeAsyncIterator()
    }
}

/// A dispatch signal source, owned here: set up once, then only cancelled (dispatch sources are
/// thread-safe, but not marked `Sendable`).
private final class SignalSource: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    init(_ source: any DispatchSourceSignal) { self.source = source }

    func start(_ handler: @escaping @Sendable () -> Void) {
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() { source.cancel() }
}
