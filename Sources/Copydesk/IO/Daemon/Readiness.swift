import Synchronization

/// Where the daemon is in its life: recovering (not ready), ready (taking files), stopping.
/// Read by `/healthz`; set by ``DropFolderDaemon``.
public final class Readiness: Sendable {
    /// The phases.
    public enum Phase: UInt8, Sendable {
        /// Starting: recovering output, failed/ and processing/.
        case recovering
        /// Taking and processing files.
        case ready
        /// Graceful shutdown has begun.
        case stopping
    }

    private let phase = Atomic<UInt8>(Phase.recovering.rawValue)

    /// Starts in ``Phase/recovering``.
    public init() {}

    /// The current phase.
    public var current: Phase { Phase(rawValue: phase.load(ordering: .acquiring)) ?? .recovering }

    /// Recovery is done.
    public func markReady() { phase.store(Phase.ready.rawValue, ordering: .releasing) }

    /// Shutdown has begun.
    public func markStopping() { phase.store(Phase.stopping.rawValue, ordering: .releasing) }
}
