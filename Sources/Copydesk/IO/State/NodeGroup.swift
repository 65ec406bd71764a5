import Foundation

/// This process's membership of a group: several `copydesk watch` daemons on one drop folder (on one
/// machine or several sharing it over NFS) with one shared state database.
///
/// Each node holds a lease in the database and renews it while it runs. A node whose lease expires
/// (killed, powered off, cut off from the database) is recovered by another: its torn output line cut,
/// its written lines recorded, its reservations released and its files in `processing/NODE/` put back
/// in the inbox — what a restarted daemon does for itself.
package protocol NodeGroup: Sendable {
    /// This node's name.
    var node: String { get }
    /// How long a lease lasts without renewal, in seconds.
    var leaseSeconds: Double { get }
    /// Takes this node's lease. Throws ``NodeInUse`` when a live process elsewhere holds it (the same
    /// name on two machines), and a transient error while another node is recovering this one.
    func join() throws
    /// Renews the lease. Throws ``LeaseLost`` when another node took it over: this process must stop
    /// writing at once.
    func renew() throws
    /// The nodes whose leases expired, each now leased to this node for its recovery (one node gets each).
    func takeOverExpired() throws -> [String]
    /// Releases the content reservations `node` holds (after its output was recovered).
    func releaseReservations(of node: String) throws
    /// Ends the recovery of `node`: its lease is freed for it to start again.
    func finishRecovery(of node: String) throws
    /// Frees this node's lease at a clean stop, so that no one waits for it to expire.
    func leave() throws
}

/// A node's lease is held by a live process on another host.
package struct NodeInUse: Error, CustomStringConvertible {
    package var node: String
    package var host: String
    package init(node: String, host: String) { (self.node, self.host) = (node, host) }
    package var description: String {
        "node '\(node)' is running on host \(host) (its lease in the state database is live); give this daemon another --node name"
    }
}

/// Another node took this node's lease (it was cut off from the database longer than a lease).
package struct LeaseLost: Error, CustomStringConvertible {
    package var node: String
    package init(node: String) { self.node = node }
    package var description: String {
        "node '\(node)' lost its lease: another node recovered its files while it could not reach the state database; stopping so that it restarts clean"
    }
}
