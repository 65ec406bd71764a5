import Copydesk
import Foundation
import PostgresNIO

/// Node leases in `copydesk_nodes`: one row per node name, held by one process (its token) until
/// `expires`. The database's clock decides expiry, so the nodes' clocks need not agree.
final class PostgresNodeGroup: NodeGroup {
    let node: String
    let leaseSeconds: Double
    private let session: PostgresSession
    private let host: String
    /// This process: a lease taken by an earlier process of the same node is told apart.
    private let token = UUID().uuidString

    init(session: PostgresSession, node: String, leaseSeconds: Double) {
        self.session = session
        self.node = node
        self.leaseSeconds = leaseSeconds
        self.host = ProcessInfo.processInfo.hostName
    }

    private var interval: String { "\(leaseSeconds) seconds" }

    func join() throws {
        try session.transaction { link in
            try link.rows("""
                INSERT INTO copydesk_nodes (name, token, host, expires) VALUES (\(node), NULL, \(host), now())
                ON CONFLICT (name) DO NOTHING
                """)
            guard let row = try link.rows("""
                SELECT host, token IS NOT NULL AND expires > now(), recovering_by FROM copydesk_nodes WHERE name = \(node) FOR UPDATE
                """).first else { return }
            let (holder, live, recoverer) = try row.decode((String, Bool, String?).self)
            if let recoverer, live {
                throw StateDatabaseError(kind: .refused(sqlState: "55000"), message:
                    "node '\(node)' is being recovered by node '\(recoverer)'; waiting for it to finish")
            }
            // A live lease from this host is an earlier process of this node: the drop folder's lock for
            // the node, taken before this, shows that process has ended.
            if live && holder != host { throw NodeInUse(node: node, host: holder) }
            try link.rows("""
                UPDATE copydesk_nodes SET token = \(token), host = \(host), expires = now() + \(interval)::interval, recovering_by = NULL
                WHERE name = \(node)
                """)
        }
    }

    func renew() throws {
        let renewed = try session.withLink { link in
            try link.changed("""
                UPDATE copydesk_nodes SET expires = now() + \(interval)::interval WHERE name = \(node) AND token = \(token)
                """)
        }
        if renewed == 0 { throw LeaseLost(node: node) }
    }

    func takeOverExpired() throws -> [String] {
        try session.withLink { link in
            try link.rows("""
                UPDATE copydesk_nodes SET token = \(token + ":recovery"), recovering_by = \(node), expires = now() + \(interval)::interval
                WHERE name <> \(node) AND token IS NOT NULL AND expires < now()
                RETURNING name
                """).map { try $0.decode(String.self) }
        }
    }

    func releaseReservations(of other: String) throws {
        try session.withLink { link in
            try link.rows("DELETE FROM copydesk_documents WHERE status = 'reserved' AND node = \(other)")
        }
    }

    func finishRecovery(of other: String) throws {
        try session.withLink { link in
            try link.rows("""
                UPDATE copydesk_nodes SET token = NULL, recovering_by = NULL, expires = now()
                WHERE name = \(other) AND token = \(token + ":recovery")
                """)
        }
    }

    func leave() throws {
        try session.withLink { link in
            try link.rows("UPDATE copydesk_nodes SET token = NULL, expires = now() WHERE name = \(node) AND token = \(token)")
        }
    }
}
