import Copydesk
import Foundation
import Logging
import Synchronization

/// The state in one PostgreSQL database, shared by a group of daemons and by `copydesk pipe`
/// partitions: the ledger, the dedup index and the node leases. The schema is created and migrated
/// on first use (``PostgresMigrations``). Each part has its own connection, so the dedup stage and
/// the finisher never wait for each other's answers.
package final class PostgresStateStore: StateStore {
    /// The database.
    package let database: PostgresLocation
    /// This process's node name (reservations and leases are recorded under it).
    package let node: String
    /// How long a node's lease lasts without renewal.
    package let leaseSeconds: Double
    private let logger: Logger
    private let opened = Mutex<(migrated: Bool, ledger: PostgresLedger?, dedup: PostgresDedupIndex?, group: PostgresNodeGroup?)>(
        (false, nil, nil, nil))

    /// A store in `database`; nothing is opened until a part is asked for.
    package init(database: PostgresLocation, node: String, leaseSeconds: Double = 15, logger: Logger) {
        self.database = database
        self.node = node
        self.leaseSeconds = leaseSeconds
        self.logger = logger
    }

    /// The URL, without its password.
    package var location: String { database.description }

    /// Connects, migrates, and reports the schema version (for `copydesk check-config`).
    package func check() throws -> String {
        try migrateOnce()
        let session = PostgresSession(location: database, logger: logger)
        defer { session.close() }
        let (server, version) = try session.withLink { link in
            try link.rows("SELECT current_setting('server_version'), (SELECT max(version) FROM copydesk_schema)")
                .first?.decode((String, Int).self) ?? ("?", 0)
        }
        return "PostgreSQL \(server), schema version \(version)"
    }

    package func ledger() throws -> any LedgerStore {
        try migrateOnce()
        return opened.withLock { opened in
            if let ledger = opened.ledger { return ledger }
            let ledger = PostgresLedger(session: PostgresSession(location: database, logger: logger), node: node)
            opened.ledger = ledger
            return ledger
        }
    }

    package func dedupIndex() throws -> any DedupIndexStore {
        try migrateOnce()
        return opened.withLock { opened in
            if let dedup = opened.dedup { return dedup }
            let dedup = PostgresDedupIndex(session: PostgresSession(location: database, logger: logger))
            opened.dedup = dedup
            return dedup
        }
    }

    package func group(node: String) throws -> (any NodeGroup)? {
        try migrateOnce()
        return opened.withLock { opened in
            if let group = opened.group { return group }
            let group = PostgresNodeGroup(session: PostgresSession(location: database, logger: logger), node: node,
                                          leaseSeconds: leaseSeconds)
            opened.group = group
            return group
        }
    }

    private func migrateOnce() throws {
        guard !opened.withLock({ $0.migrated }) else { return }
        let session = PostgresSession(location: database, logger: logger)
        defer { session.close() }
        let applied = try PostgresMigrations.migrate(session)
        if !applied.isEmpty { logger.notice("state database migrated", metadata: ["database": "\(location)", "versions": "\(applied)"]) }
        opened.withLock { $0.migrated = true }
    }
}
