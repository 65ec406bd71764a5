import CopydeskCore
import Foundation
import GRDB

/// The dedup index in SQLite, `state/dedup.sqlite`: one row per document with its sketch and
/// verdict (about 190 bytes of row data per document, and the exact shingles: 4 bytes a word).
package final class SQLiteDedupIndex: DedupIndexStore, DedupIndexWriter {
    private let database: DatabaseQueue

    /// Opens (and creates or migrates) the store at `path`.
    package init(path: String) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sketches (
                    ordinal INTEGER PRIMARY KEY,
                    id BLOB NOT NULL,
                    exact_hash INTEGER NOT NULL,
                    shingles INTEGER NOT NULL,
                    signature BLOB NOT NULL,
                    masked BLOB NOT NULL,
                    status TEXT NOT NULL,
                    of_id TEXT,
                    similarity REAL,
                    cluster TEXT
                );
                """)
        }
        migrator.registerMigration("v2-revisions") { db in
            try db.execute(sql: """
                CREATE TABLE revision_heads (
                    key TEXT PRIMARY KEY NOT NULL, id TEXT NOT NULL, version INTEGER, seen REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE revisions (
                    id TEXT PRIMARY KEY NOT NULL, of_id TEXT NOT NULL, version INTEGER, previous INTEGER
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-exact-shingles") { db in
            try db.execute(sql: """
                ALTER TABLE sketches ADD COLUMN exact BLOB;
                CREATE INDEX sketches_id ON sketches (id);
                """)
        }
        database = try StateDatabase.open(path: path, migrator: migrator)
    }

    /// Every stored entry, oldest first.
    package func entries() throws -> [DedupIndex.Entry] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, exact_hash, shingles, signature, masked, status, of_id, similarity, cluster
                FROM sketches ORDER BY ordinal
                """).map { row in
                DedupRow(id: row[0], exactHash: row[1], shingles: row[2], signature: row[3], masked: row[4], status: row[5],
                         of: row[6], similarity: row[7], cluster: row[8]).entry
            }
        }
    }

    /// One process writes the file: nothing to catch up, each write its own transaction.
    package func decide<T>(_ body: (GroupAdditions, any DedupIndexWriter) throws -> T) throws -> T {
        try body(GroupAdditions(), self)
    }

    /// Appends one entry.
    package func append(_ entry: DedupIndex.Entry) throws {
        let row = DedupRow(entry)
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO sketches (id, exact_hash, shingles, signature, masked, status, of_id, similarity, cluster, exact)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [row.id, row.exactHash, row.shingles, row.signature, row.masked, row.status, row.of,
                                 row.similarity, row.cluster, row.exact])
        }
    }

    /// The exact shingles stored with an entry.
    package func exactShingles(of id: [UInt8]) throws -> ExactShingles? {
        let bytes = try database.read { db in
            try Data.fetchOne(db, sql: "SELECT exact FROM sketches WHERE id = ? AND exact IS NOT NULL LIMIT 1", arguments: [Data(id)])
        }
        return bytes.flatMap { ExactShingles(bytes: [UInt8]($0)) }
    }

    /// The latest version seen of every agency item, and every revision found.
    package func revisionState() throws -> (heads: [String: RevisionLinker.Head], revisions: [String: Revision]) {
        try database.read { db in
            var heads: [String: RevisionLinker.Head] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, id, version, seen FROM revision_heads") {
                heads[row[0]] = RevisionLinker.Head(id: row[1], version: row[2], seen: row[3])
            }
            var revisions: [String: Revision] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, of_id, version, previous FROM revisions") {
                revisions[row[0]] = Revision(of: row[1], version: row[2], previous: row[3])
            }
            return (heads, revisions)
        }
    }

    /// Records the latest version of an item, and the revision `id` is (if it is one), in one transaction.
    package func saveRevision(key: String, head: RevisionLinker.Head, revision: Revision?) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO revision_heads (key, id, version, seen) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET id = excluded.id, version = excluded.version, seen = excluded.seen
                """, arguments: [key, head.id, head.version, head.seen])
            if let revision {
                try db.execute(sql: "INSERT OR REPLACE INTO revisions (id, of_id, version, previous) VALUES (?, ?, ?, ?)",
                               arguments: [head.id, revision.of, revision.version, revision.previous])
            }
        }
    }
}
