import CopydeskCore
import Foundation
import Logging
import Synchronization

/// A group daemon's lease, kept alive while it runs, and the recovery of nodes that died.
///
/// Every third of a lease the lease is renewed. The node writes and takes files only while its last
/// renewal is younger than 80% of a lease (``isFresh``): cut off from the database longer, it stops,
/// keeps its files and waits, so that no other node can recover it while it is still writing. A node
/// recovers others' expired leases only after renewing its own without a break for a whole lease:
/// after an outage of the database every live node has had the time to renew before anyone is
/// declared dead.
final class GroupLease: Sendable {
    let group: any NodeGroup
    private let folder: DropFolder
    private let ledger: any LedgerStore
    private let logger: Logger
    private let io = BlockingIO(label: "copydesk.lease")
    /// The start of the last successful renewal, and since when renewals have not failed.
    private let renewals = Mutex<(last: ContinuousClock.Instant?, unbrokenSince: ContinuousClock.Instant?)>((nil, nil))

    init(group: any NodeGroup, folder: DropFolder, ledger: any LedgerStore, logger: Logger) {
        self.group = group
        self.folder = folder
        self.ledger = ledger
        self.logger = logger
    }

    /// Takes the node's lease, retrying while the database cannot be reached or another node is
    /// recovering this one; throws when the node name is live elsewhere.
    func join(monitor: FaultMonitor, retry: RetryPolicy) async throws {
        try await monitor.retrying("state", policy: retry, classifier: .copydesk) {
            let started = ContinuousClock.now
            try await io.run { [group] in try group.join() }
            renewals.withLock { $0 = (started, started) }
        }
    }

    /// Whether the lease was renewed recently enough for this node to take and write files.
    var isFresh: Bool {
        guard let last = renewals.withLock({ $0.last }) else { return false }
        return ContinuousClock.now - last < .seconds(group.leaseSeconds * 0.8)
    }

    /// Throws ``LeaseNotFresh`` (transient) unless ``isFresh``.
    func checkFresh() throws {
        if !isFresh { throw LeaseNotFresh(node: group.node) }
    }

    /// Renews until cancelled; recovers dead nodes on the way. Throws ``LeaseLost`` when another
    /// node took this one's lease.
    func run() async throws {
        let period = Duration.seconds(group.leaseSeconds / 3)
        var failing = false
        while !Task.isCancelled {
            do { try await Task.sleep(for: period) } catch { return }
            let started = ContinuousClock.now
            do {
                try await io.run { [group] in try group.renew() }
                // A failed renewal cleared `unbrokenSince`: the unbroken run starts again here.
                renewals.withLock { $0 = (started, $0.unbrokenSince ?? started) }
                if failing { logger.notice("state database reachable again: lease renewed", metadata: ["node": "\(group.node)"]) }
                failing = false
            } catch let lost as LeaseLost {
                logger.critical("\(lost)")
                throw lost
            } catch {
                if !failing {
                    logger.error("cannot renew the node's lease; files wait until the state database answers",
                                 metadata: ["node": "\(group.node)", "error": "\(error)"])
                }
                failing = true
                renewals.withLock { $0.unbrokenSince = nil }
                continue
            }
            let unbroken = renewals.withLock { $0.unbrokenSince }
            guard let unbroken, ContinuousClock.now - unbroken >= .seconds(group.leaseSeconds) else { continue }
            do {
                try await io.run { [self] in try recoverDeadNodes() }
            } catch {
                logger.error("recovering a dead node failed; it is tried again once its lease expires",
                             metadata: ["error": "\(error)"])
            }
        }
    }

    /// Recovers every node whose lease expired, as that node would recover itself on restart.
    private func recoverDeadNodes() throws {
        for dead in try group.takeOverExpired() {
            let theirs = folder.seen(by: dead)
            let recovery = try OutputJournal(folder: theirs.out, ledgerPrefix: theirs.outputPrefix).recover(ledger: ledger)
            try group.releaseReservations(of: dead)
            let left = theirs.filesInProcessing()
            for name in left {
                try theirs.move(theirs.processing.appendingPathComponent(name), into: folder.inbox, name: name)
            }
            try group.finishRecovery(of: dead)
            logger.notice("recovered a dead node", metadata: [
                "node": "\(dead)", "filesReturnedToInbox": "\(left.count)",
                "linesRecorded": "\(recovery.linesRecorded)", "tornBytesCut": "\(recovery.tornBytesCut)"])
        }
    }

    /// Frees the lease at a clean stop.
    func leave() async {
        do { try await io.run { [group] in try group.leave() } } catch {
            logger.warning("cannot free the node's lease; it expires by itself", metadata: ["error": "\(error)"])
        }
    }
}

/// The node has not renewed its lease recently enough to write (transient: it waits for the database).
struct LeaseNotFresh: Error, ClassifiedFault, CustomStringConvertible {
    var node: String
    var isTransient: Bool { true }
    var description: String { "node '\(node)' has not renewed its lease recently (the state database does not answer); waiting" }
}
