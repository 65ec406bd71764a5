import PostgresNIO

/// The schema, as numbered migrations applied in order, each once, in its own transaction under an
/// advisory lock (daemons starting together migrate once). `copydesk_schema` records what was applied.
/// A database migrated by a newer Copydesk is refused rather than used half-understood.
enum PostgresMigrations {
    /// Advisory lock keys (arbitrary, fixed): the migrations', and the dedup order's.
    static let migrationLock: Int64 = 0x636F_7079_6465_736B   // "copydesk"
    static let dedupOrderLock: Int64 = 0x636F_7079_6465_6475  // "copydedu"

    /// Every migration, oldest first. Append; never edit one that has shipped.
    static let all: [(version: Int, name: String, sql: [String])] = [
        (1, "ledger, dedup index, node leases", [
            """
            CREATE TABLE copydesk_documents (
                id text PRIMARY KEY,
                status text NOT NULL,          -- reserved | written | dropped
                node text,                     -- the node that reserved or wrote it
                source_name text NOT NULL,
                output_file text,
                output_offset bigint,
                output_length bigint,
                processed_at text NOT NULL
            )
            """,
            "CREATE INDEX copydesk_documents_reserved ON copydesk_documents (node) WHERE status = 'reserved'",
            "CREATE TABLE copydesk_outputs (file text PRIMARY KEY, committed_end bigint NOT NULL)",
            """
            CREATE TABLE copydesk_failures (
                id bigserial PRIMARY KEY, source_name text NOT NULL, stage text NOT NULL, reason text NOT NULL, failed_at text NOT NULL
            )
            """,
            "CREATE INDEX copydesk_failures_name ON copydesk_failures (source_name)",
            """
            CREATE TABLE copydesk_sketches (
                ordinal bigserial PRIMARY KEY,
                id bytea NOT NULL,
                exact_hash bigint NOT NULL,
                shingles bigint NOT NULL,
                signature bytea NOT NULL,
                masked bytea NOT NULL,
                status text NOT NULL,
                of_id text,
                similarity double precision,
                cluster text
            )
            """,
            "CREATE SEQUENCE copydesk_revision_changes",
            """
            CREATE TABLE copydesk_revision_heads (
                key text PRIMARY KEY, id text NOT NULL, version bigint, seen double precision NOT NULL, change bigint NOT NULL
            )
            """,
            """
            CREATE TABLE copydesk_revisions (
                id text PRIMARY KEY, of_id text NOT NULL, version bigint, previous bigint, change bigint NOT NULL
            )
            """,
            """
            CREATE TABLE copydesk_nodes (
                name text PRIMARY KEY,
                token text,                    -- the process holding the lease; NULL when free
                host text NOT NULL,
                expires timestamptz NOT NULL,
                recovering_by text             -- the node recovering this one, while it does
            )
            """,
        ]),
        (2, "exact shingles of dedup entries", [
            "ALTER TABLE copydesk_sketches ADD COLUMN exact bytea",
            "CREATE INDEX copydesk_sketches_id ON copydesk_sketches (id)",
        ]),
    ]

    /// The newest version this build knows.
    static var latest: Int { all.last?.version ?? 0 }

    /// Brings the database to ``latest``; returns the versions applied now.
    @discardableResult
    static func migrate(_ session: PostgresSession) throws -> [Int] {
        try session.transaction { link in
            try link.rows("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try link.execute("""
                CREATE TABLE IF NOT EXISTS copydesk_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let current = try link.rows("SELECT coalesce(max(version), 0) FROM copydesk_schema").first?.decode(Int.self) ?? 0
            guard current <= latest else {
                throw StateDatabaseError(kind: .refused(sqlState: "copydesk"), message:
                    "the state database \(session.location) is at schema version \(current), newer than this copydesk knows (\(latest)): upgrade copydesk")
            }
            var applied: [Int] = []
            for migration in all where migration.version > current {
                for statement in migration.sql { try link.execute(statement) }
                try link.rows("INSERT INTO copydesk_schema (version, name) VALUES (\(migration.version), \(migration.name))")
                applied.append(migration.version)
            }
            return applied
        }
    }
}
