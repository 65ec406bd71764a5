import Copydesk
import PostgresNIO

/// The ledger in PostgreSQL, shared by a group: the same records as ``SQLiteLedger``, plus content
/// reservations, so that of two nodes holding the same bytes only one writes a line.
final class PostgresLedger: LedgerStore {
    private let session: PostgresSession
    private let node: String

    init(session: PostgresSession, node: String) {
        self.session = session
        self.node = node
    }

    func entry(for id: String) throws -> LedgerEntry? {
        try session.withLink { link in
            try link.rows("""
                SELECT status, source_name, output_file, output_offset FROM copydesk_documents WHERE id = \(id) AND status <> 'reserved'
                """).first.map { row in
                let (status, name, file, offset) = try row.decode((String, String, String?, Int64?).self)
                return LedgerEntry(status: status, sourceName: name, outputFile: file, offset: offset)
            }
        }
    }

    /// One statement: reserves the content for this node unless a row exists, and returns that row.
    func reserve(id: String) throws -> LedgerEntry? {
        let row = try session.withLink { link in
            try link.rows("""
                WITH reserved AS (
                    INSERT INTO copydesk_documents (id, status, node, source_name, processed_at)
                    VALUES (\(id), 'reserved', \(node), '', '') ON CONFLICT (id) DO NOTHING RETURNING id
                )
                SELECT status, node, source_name, output_file, output_offset FROM copydesk_documents
                WHERE id = \(id) AND NOT EXISTS (SELECT 1 FROM reserved)
                """).first.map { try $0.decode((String, String?, String, String?, Int64?).self) }
        }
        guard let (status, holder, name, file, offset) = row else { return nil }
        if status == "reserved" {
            if holder == node { return nil }
            throw ContentReservedElsewhere(id: id, node: holder ?? "?")
        }
        return LedgerEntry(status: status, sourceName: name, outputFile: file, offset: offset)
    }

    func recordWritten(id: String, sourceName: String, file: String, offset: Int64, length: Int64, at time: String) throws {
        let end = offset + length
        try session.withLink { link in
            try link.rows("""
                WITH document AS (
                    INSERT INTO copydesk_documents (id, status, node, source_name, output_file, output_offset, output_length, processed_at)
                    VALUES (\(id), 'written', \(node), \(sourceName), \(file), \(offset), \(length), \(time))
                    ON CONFLICT (id) DO UPDATE SET status = 'written', node = excluded.node, source_name = excluded.source_name,
                        output_file = excluded.output_file, output_offset = excluded.output_offset,
                        output_length = excluded.output_length, processed_at = excluded.processed_at
                    WHERE copydesk_documents.status = 'reserved'
                )
                INSERT INTO copydesk_outputs (file, committed_end) VALUES (\(file), \(end))
                ON CONFLICT (file) DO UPDATE SET committed_end = greatest(copydesk_outputs.committed_end, excluded.committed_end)
                """)
        }
    }

    func recordDropped(id: String, sourceName: String, at time: String) throws {
        try session.withLink { link in
            try link.rows("""
                INSERT INTO copydesk_documents (id, status, node, source_name, processed_at)
                VALUES (\(id), 'dropped', \(node), \(sourceName), \(time))
                ON CONFLICT (id) DO UPDATE SET status = 'dropped', source_name = excluded.source_name, processed_at = excluded.processed_at
                WHERE copydesk_documents.status = 'reserved'
                """)
        }
    }

    func recordFailure(sourceName: String, stage: String, reason: String, at time: String) throws {
        try session.withLink { link in
            try link.rows("""
                INSERT INTO copydesk_failures (source_name, stage, reason, failed_at) VALUES (\(sourceName), \(stage), \(reason), \(time))
                """)
        }
    }

    func failureCount(for sourceName: String) throws -> Int {
        try session.withLink { link in
            try link.rows("SELECT count(*) FROM copydesk_failures WHERE source_name = \(sourceName)").first?.decode(Int.self) ?? 0
        }
    }

    func committedEnd(of file: String) throws -> Int64 {
        try session.withLink { link in
            try link.rows("SELECT committed_end FROM copydesk_outputs WHERE file = \(file)").first?.decode(Int64.self) ?? 0
        }
    }

    func setCommittedEnd(of file: String, to end: Int64) throws {
        try session.withLink { link in
            try link.rows("""
                INSERT INTO copydesk_outputs (file, committed_end) VALUES (\(file), \(end))
                ON CONFLICT (file) DO UPDATE SET committed_end = excluded.committed_end
                """)
        }
    }

    func summary() throws -> LedgerSummary {
        try session.withLink { link in
            let counts = try link.rows("""
                SELECT (SELECT count(*) FROM copydesk_documents WHERE status = 'written'),
                       (SELECT count(*) FROM copydesk_documents WHERE status = 'dropped'),
                       (SELECT count(*) FROM copydesk_failures)
                """).first?.decode((Int, Int, Int).self) ?? (0, 0, 0)
            let last = try link.rows("SELECT source_name, stage, reason, failed_at FROM copydesk_failures ORDER BY id DESC LIMIT 1")
                .first.map { try $0.decode((String, String, String, String).self) }
                .map { (name: $0.0, stage: $0.1, reason: $0.2, time: $0.3) }
            return LedgerSummary(written: counts.0, dropped: counts.1, failures: counts.2, lastFailure: last)
        }
    }
}
