import Copydesk
import CopydeskCore
import Foundation
import PostgresNIO
import Synchronization

/// The dedup index in PostgreSQL, shared by every daemon and `copydesk pipe` partition of a group.
///
/// Each document is decided in one transaction under an advisory lock: the process first reads what
/// the others appended since it last looked (by the entries' ordinals and the revision records'
/// change numbers), then decides, then appends. So the group's documents are decided one at a time,
/// in the order the database grants the lock, and every verdict is the one a single daemon would
/// give for that order: a story seen on node A is a duplicate on node B, and of two copies arriving
/// at both nodes at once exactly one is `unique`.
final class PostgresDedupIndex: DedupIndexStore {
    private let session: PostgresSession
    /// The last entry ordinal and revision change number this process has seen.
    private let marks = Mutex<(entries: Int64, changes: Int64)>((0, 0))

    init(session: PostgresSession) {
        self.session = session
    }

    func entries() throws -> [DedupIndex.Entry] {
        let (entries, last) = try session.withLink { link in try Self.entries(after: 0, link) }
        marks.withLock { $0.entries = max($0.entries, last) }
        return entries
    }

    func revisionState() throws -> (heads: [String: RevisionLinker.Head], revisions: [String: Revision]) {
        let additions = try session.withLink { link in try Self.revisionChanges(after: 0, link) }
        marks.withLock { $0.changes = max($0.changes, additions.last) }
        return (additions.heads, additions.revisions)
    }

    /// Two round trips a document when no other process added anything: the transaction's start, the
    /// lock and the counters in one; the additions and the commit in the other.
    func decide<T>(_ body: (GroupAdditions, any DedupIndexWriter) throws -> T) throws -> T {
        let (entryMark, changeMark) = marks.withLock { ($0.entries, $0.changes) }
        let (result, written) = try session.withLink { link -> (T, Writer) in
            let begin = link.send("BEGIN")
            let lock = link.send("SELECT pg_advisory_xact_lock(\(PostgresMigrations.dedupOrderLock))")
            // A statement of its own, after the lock: its snapshot sees whatever the lock's last holder committed.
            let counters = link.send("""
                SELECT coalesce((SELECT max(ordinal) FROM copydesk_sketches), 0),
                       (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM copydesk_revision_changes)
                """)
            do {
                try link.answer(begin)
                try link.answer(lock)
                var (lastOrdinal, lastChange): (Int64, Int64) = (0, 0)
                if let row = try link.answer(counters).first { (lastOrdinal, lastChange) = try row.decode((Int64, Int64).self) }
                let (entries, lastEntry) = lastOrdinal > entryMark ? try Self.entries(after: entryMark, link) : ([], entryMark)
                let changes = lastChange > changeMark ? try Self.revisionChanges(after: changeMark, link) : (heads: [:], revisions: [:], last: changeMark)
                // What others added is taken in by `body` whatever becomes of this transaction.
                marks.withLock { $0 = (max($0.entries, lastEntry), max($0.changes, changes.last)) }
                let writer = Writer(link: link)
                let result = try body(GroupAdditions(entries: entries, heads: changes.heads, revisions: changes.revisions), writer)
                try writer.commit()
                return (result, writer)
            } catch {
                if !((error as? StateDatabaseError)?.isConnectionLost ?? false) { _ = try? link.answer(link.send("ROLLBACK")) }
                throw error
            }
        }
        // Committed: this process's own additions need not be read back.
        marks.withLock { $0 = (max($0.entries, written.lastOrdinal), max($0.changes, written.lastChange)) }
        return result
    }

    /// What deciding adds, sent with the commit in one round trip.
    private final class Writer: DedupIndexWriter {
        let link: PostgresLink
        private var appends: [PostgresQuery] = []
        private var revisions: [PostgresQuery] = []
        var lastOrdinal: Int64 = 0
        var lastChange: Int64 = 0
        init(link: PostgresLink) { self.link = link }

        func append(_ entry: DedupIndex.Entry) throws {
            let row = DedupRow(entry)
            appends.append(try """
                INSERT INTO copydesk_sketches (id, exact_hash, shingles, signature, masked, status, of_id, similarity, cluster, exact)
                VALUES (\(row.id), \(row.exactHash), \(row.shingles), \(row.signature), \(row.masked), \(row.status),
                        \(row.of), \(row.similarity), \(row.cluster), \(row.exact))
                RETURNING ordinal
                """)
        }

        /// One round trip inside the transaction, only for a candidate near a threshold.
        func exactShingles(of id: [UInt8]) throws -> ExactShingles? {
            let bytes = try link.rows("SELECT exact FROM copydesk_sketches WHERE id = \(Data(id)) AND exact IS NOT NULL LIMIT 1")
                .first?.decode(Data.self)
            return bytes.flatMap { ExactShingles(bytes: [UInt8]($0)) }
        }

        func saveRevision(key: String, head: RevisionLinker.Head, revision: Revision?) throws {
            let version = head.version.map(Int64.init)
            revisions.append("""
                INSERT INTO copydesk_revision_heads (key, id, version, seen, change)
                VALUES (\(key), \(head.id), \(version), \(head.seen), nextval('copydesk_revision_changes'))
                ON CONFLICT (key) DO UPDATE SET id = excluded.id, version = excluded.version, seen = excluded.seen, change = excluded.change
                RETURNING change
                """)
            if let revision {
                revisions.append("""
                    INSERT INTO copydesk_revisions (id, of_id, version, previous, change)
                    VALUES (\(head.id), \(revision.of), \(revision.version.map(Int64.init)), \(revision.previous.map(Int64.init)),
                            nextval('copydesk_revision_changes'))
                    ON CONFLICT (id) DO UPDATE SET of_id = excluded.of_id, version = excluded.version, previous = excluded.previous,
                        change = excluded.change
                    RETURNING change
                    """)
            }
        }

        /// Sends the additions and COMMIT together, then reads every answer.
        func commit() throws {
            let sentAppends = appends.map(link.send)
            let sentRevisions = revisions.map(link.send)
            let commit = link.send("COMMIT")
            for answer in sentAppends { lastOrdinal = try link.answer(answer).first?.decode(Int64.self) ?? lastOrdinal }
            for answer in sentRevisions { lastChange = max(lastChange, try link.answer(answer).first?.decode(Int64.self) ?? 0) }
            try link.answer(commit)
        }
    }

    private static func entries(after mark: Int64, _ link: PostgresLink) throws -> ([DedupIndex.Entry], Int64) {
        var last = mark
        let entries = try link.rows("""
            SELECT ordinal, id, exact_hash, shingles, signature, masked, status, of_id, similarity, cluster
            FROM copydesk_sketches WHERE ordinal > \(mark) ORDER BY ordinal
            """).map { row in
            let (ordinal, id, exact, shingles, signature, masked, status, of, similarity, cluster) =
                try row.decode((Int64, Data, Int64, Int64, Data, Data, String, String?, Double?, String?).self)
            last = ordinal
            return DedupRow(id: id, exactHash: exact, shingles: shingles, signature: signature, masked: masked, status: status,
                            of: of, similarity: similarity, cluster: cluster).entry
        }
        return (entries, last)
    }

    private static func revisionChanges(after mark: Int64, _ link: PostgresLink)
        throws -> (heads: [String: RevisionLinker.Head], revisions: [String: Revision], last: Int64) {
        var last = mark
        var heads: [String: RevisionLinker.Head] = [:]
        for row in try link.rows("SELECT key, id, version, seen, change FROM copydesk_revision_heads WHERE change > \(mark)") {
            let (key, id, version, seen, change) = try row.decode((String, String, Int64?, Double, Int64).self)
            heads[key] = RevisionLinker.Head(id: id, version: version.map(Int.init), seen: seen)
            last = max(last, change)
        }
        var revisions: [String: Revision] = [:]
        for row in try link.rows("SELECT id, of_id, version, previous, change FROM copydesk_revisions WHERE change > \(mark)") {
            let (id, of, version, previous, change) = try row.decode((String, String, Int64?, Int64?, Int64).self)
            revisions[id] = Revision(of: of, version: version.map(Int.init), previous: previous.map(Int.init))
            last = max(last, change)
        }
        return (heads, revisions, last)
    }
}
