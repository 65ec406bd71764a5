import Foundation
import GRDB

/// The daemon's memory, in `state/ledger.sqlite`: which contents were processed (by SHA-256) and
/// where their output line is, how far each output file is committed, and recent failures.
///
/// The output line is made durable first, then the ledger row is committed; recovery
/// (``OutputJournal/recover(ledger:)``) closes the gap a crash can leave between the two.
public final class Ledger: Sendable {
    private let database: DatabaseQueue

    /// What the ledger knows about one content hash.
    public struct Entry: Sendable, Equatable {
        /// `written` (one output line) or `dropped` (a stage left it out).
        public var status: String
        /// The input's name when it was processed.
        public var sourceName: String
        /// The output file's name, for written documents.
        public var outputFile: String?
        /// Byte offset of the line in that file.
        public var offset: Int64?
    }

    /// Opens (and creates or migrates) the ledger at `path`.
    public init(path: String) throws {
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
    public func entry(for id: String) throws -> Entry? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT status, source_name, output_file, output_offset FROM documents WHERE id = ?",
                             arguments: [id]).map {
                Entry(status: $0[0], sourceName: $0[1], outputFile: $0[2], offset: $0[3])
            }
        }
    }

    /// Records a written document and moves the output file's committed end, in one transaction.
    public func recordWritten(id: String, sourceName: String, file: String, offset: Int64, length: Int64, at time: String) throws {
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
    public func recordDropped(id: String, sourceName: String, at time: String) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO documents (id, status, source_name, processed_at) VALUES (?, 'dropped', ?, ?)
                """, arguments: [id, sourceName, time])
        }
    }

    /// Records a failure (kept for `copydesk status`).
    public func recordFailure(sourceName: String, stage: String, reason: String, at time: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO failures (source_name, stage, reason, failed_at) VALUES (?, ?, ?, ?)",
                           arguments: [sourceName, stage, reason, time])
        }
    }

    /// How many failures were recorded for inputs of this name.
    public func failureCount(for sourceName: String) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM failures WHERE source_name = ?", arguments: [sourceName]) ?? 0
        }
    }

    /// How far `file` (a name in out/) is known to be committed.
    public func committedEnd(of file: String) throws -> Int64 {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT committed_end FROM outputs WHERE file = ?", arguments: [file]) ?? 0
        }
    }

    /// Sets `file`'s committed end (after recovery cut a torn tail).
    public func setCommittedEnd(of file: String, to end: Int64) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO outputs (file, committed_end) VALUES (?, ?)
                ON CONFLICT(file) DO UPDATE SET committed_end = excluded.committed_end
                """, arguments: [file, end])
        }
    }

    /// Counts for `copydesk status`.
    public struct Summary: Sendable {
        /// Documents with an output line.
        public var written: Int
        /// Documents a stage dropped.
        public var dropped: Int
        /// Failures recorded.
        public var failures: Int
        /// The most recent failure: name, stage, reason, time.
        public var lastFailure: (name: String, stage: String, reason: String, time: String)?
    }

    /// Counts and the last failure.
    public func summary() throws -> Summary {
        try database.read { db in
            let written = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'written'") ?? 0
            let dropped = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'dropped'") ?? 0
            let failures = try Int.fetchOne(db, sql: "SELECT count(*) FROM failures") ?? 0
            let last = try Row.fetchOne(db, sql: "SELECT source_name, stage, reason, failed_at FROM failures ORDER BY id DESC LIMIT 1")
                .map { (name: $0[0] as String, stage: $0[1] as String, reason: $0[2] as String, time: $0[3] as String) }
            return Summary(written: written, dropped: dropped, failures: failures, lastFailure: last)
        }
    }
}
