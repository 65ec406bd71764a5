import CopydeskCore
import Foundation
import GRDB

/// The dedup index in SQLite, `state/dedup.sqlite`: one row per document with its sketch and
/// verdict (about 190 bytes of row data per document).
package final class SQLiteDedupIndex: DedupIndexStore {
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
        database = try StateDatabase.open(path: path, migrator: migrator)
    }

    /// Every stored entry, oldest first.
    package func entries() throws -> [DedupIndex.Entry] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, exact_hash, shingles, signature, masked, status, of_id, similarity, cluster
                FROM sketches ORDER BY ordinal
                """).map { row in
                let id: Data = row[0]
                let signature: Data = row[3]
                let masked: Data = row[4]
                let sketch = TextSketch(exactHash: UInt64(bitPattern: row[1]), signature: Self.words(signature),
                                        shingleCount: UInt32(truncatingIfNeeded: row[2] as Int64), maskedSignature: [UInt8](masked))
                let verdict = DedupResult(status: DedupResult.Status(rawValue: row[5]) ?? .unique, of: row[6],
                                          similarity: row[7], cluster: row[8])
                return DedupIndex.Entry(id: [UInt8](id), sketch: sketch, verdict: verdict)
            }
        }
    }

    /// Appends one entry.
    package func append(_ entry: DedupIndex.Entry) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO sketches (id, exact_hash, shingles, signature, masked, status, of_id, similarity, cluster)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Data(entry.id), Int64(bitPattern: entry.sketch.exactHash), Int64(entry.sketch.shingleCount),
                                 Self.data(entry.sketch.signature), Data(entry.sketch.maskedSignature),
                                 entry.verdict.status.rawValue, entry.verdict.of,
                                 entry.verdict.similarity, entry.verdict.cluster])
        }
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

    private static func data(_ words: [UInt16]) -> Data {
        var data = Data(capacity: words.count * 2)
        for word in words { data.append(UInt8(word >> 8)); data.append(UInt8(word & 0xFF)) }
        return data
    }

    private static func words(_ data: Data) -> [UInt16] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }
}
