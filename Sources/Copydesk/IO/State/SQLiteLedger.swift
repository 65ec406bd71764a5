import Foundation
import GRDB

/// The ledger in SQLite, `state/ledger.sqlite`: which contents were processed (by SHA-256) and
/// where their output line is, how far each output file is committed, and recent failures.
package final class SQLiteLedger: LedgerStore {
    private let database: DatabaseQueue

    /// Opens (and creates or migrates) the ledger at `path`.
    package init(path: String) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE documents (
                    id TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL,
                    source_name TEXT NOT NULL,
                    output_file TEXT,
                    output_offset INTEGER,
                    output_length INTEGER,
                    processed_at TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE outputs (file TEXT PRIMARY KEY NOT NULL, committed_end INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE failures (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_name TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL, failed_at TEXT NOT NULL
                );
                """)
        }
        database = try StateDatabase.open(path: path, migrator: migrator)
    }

    /// The ledger entry for a content hash, if any.
    package func entry(for id: String) throws -> LedgerEntry? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT status, source_name, output_file, output_offset FROM documents WHERE id = ?",
                             arguments: [id]).map {
                LedgerEntry(status: $0[0], sourceName: $0[1], outputFile: $0[2], offset: $0[3])
            }
        }
    }

    /// Records a written document and moves the output file's committed end, in one transaction.
    package func recordWritten(id: String, sourceName: String, file: String, offset: Int64, length: Int64, at time: String) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO documents (id, status, source_name, output_file, output_offset, output_length, processed_at)
                VALUES (?, 'written', ?, ?, ?, ?, ?)
                """, arguments: [id, sourceName, file, offset, length, time])
            try db.execute(sql: """
                INSERT INTO outputs (file, committed_end) VALUES (?, ?)
                ON CONFLICT(file) DO UPDATE SET committed_end = max(committed_end, excluded.committed_end)
                """, arguments: [file, offset + length])
        }
    }

    /// Records a document a stage dropped (no output line).
    package func recordDropped(id: String, sourceName: String, at time: String) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO documents (id, status, source_name, processed_at) VALUES (?, 'dropped', ?, ?)
                """, arguments: [id, sourceName, time])
        }
    }

    /// Records a failure (kept for `copydesk status`).
    package func recordFailure(sourceName: String, stage: String, reason: String, at time: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO failures (source_name, stage, reason, failed_at) VALUES (?, ?, ?, ?)",
                           arguments: [sourceName, stage, reason, time])
        }
    }

    /// How many failures were recorded for inputs of this name.
    package func failureCount(for sourceName: String) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM failures WHERE source_name = ?", arguments: [sourceName]) ?? 0
        }
    }

    /// How far `file` (a name in out/) is known to be committed.
    package func committedEnd(of file: String) throws -> Int64 {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT committed_end FROM outputs WHERE file = ?", arguments: [file]) ?? 0
        }
    }

    /// Sets `file`'s committed end (after recovery cut a torn tail).
    package func setCommittedEnd(of file: String, to end: Int64) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO outputs (file, committed_end) VALUES (?, ?)
                ON CONFLICT(file) DO UPDATE SET committed_end = excluded.committed_end
                """, arguments: [file, end])
        }
    }

    /// Counts and the last failure.
    package func summary() throws -> LedgerSummary {
        try database.read { db in
            let written = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'written'") ?? 0
            let dropped = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'dropped'") ?? 0
            let failures = try Int.fetchOne(db, sql: "SELECT count(*) FROM failures") ?? 0
            let last = try Row.fetchOne(db, sql: "SELECT source_name, stage, reason, failed_at FROM failures ORDER BY id DESC LIMIT 1")
                .map { (name: $0[0] as String, stage: $0[1] as String, reason: $0[2] as String, time: $0[3] as String) }
            return LedgerSummary(written: written, dropped: dropped, failures: failures, lastFailure: last)
        }
    }
}
