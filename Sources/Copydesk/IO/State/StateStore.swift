import CopydeskCore
import Foundation

/// Where Copydesk keeps what must outlive a process: the ledger (which contents were written and
/// where, how far each output file is committed, failures) and the dedup index (every document's
/// sketch and verdict, agency revisions). SQLite files in a state folder today
/// (``SQLiteStateStore``); a shared database is the next implementation.
///
/// Each part is opened on first use, so `copydesk run --state` never makes a ledger it does not use.
package protocol StateStore: Sendable {
    /// Where the state lives, for messages ("state/", a database URL without its password).
    var location: String { get }
    /// The ledger.
    func ledger() throws -> any LedgerStore
    /// The dedup index.
    func dedupIndex() throws -> any DedupIndexStore
}

/// The ledger: the daemon's memory of what it wrote.
///
/// The output line is made durable first, then the ledger row is committed; recovery
/// (``OutputJournal/recover(ledger:)``) closes the gap a crash can leave between the two.
package protocol LedgerStore: Sendable {
    /// The entry for a content hash, if any.
    func entry(for id: String) throws -> LedgerEntry?
    /// Records a written document and moves the output file's committed end, atomically.
    func recordWritten(id: String, sourceName: String, file: String, offset: Int64, length: Int64, at time: String) throws
    /// Records a document a stage dropped (no output line).
    func recordDropped(id: String, sourceName: String, at time: String) throws
    /// Records a failure (kept for `copydesk status`).
    func recordFailure(sourceName: String, stage: String, reason: String, at time: String) throws
    /// How many failures were recorded for inputs of this name.
    func failureCount(for sourceName: String) throws -> Int
    /// How far `file` (a name in out/) is known to be committed.
    func committedEnd(of file: String) throws -> Int64
    /// Sets `file`'s committed end (after recovery cut a torn tail).
    func setCommittedEnd(of file: String, to end: Int64) throws
    /// Counts and the last failure.
    func summary() throws -> LedgerSummary
}

/// What the ledger knows about one content hash.
public struct LedgerEntry: Sendable, Equatable {
    /// `written` (one output line) or `dropped` (a stage left it out).
    public var status: String
    /// The input's name when it was processed.
    public var sourceName: String
    /// The output file's name, for written documents.
    public var outputFile: String?
    /// Byte offset of the line in that file.
    public var offset: Int64?
}

/// Counts for `copydesk status`.
public struct LedgerSummary: Sendable {
    /// Documents with an output line.
    public var written: Int
    /// Documents a stage dropped.
    public var dropped: Int
    /// Failures recorded.
    public var failures: Int
    /// The most recent failure: name, stage, reason, time.
    public var lastFailure: (name: String, stage: String, reason: String, time: String)?
}

/// The dedup index on disk: loaded whole at start, appended to as documents pass.
package protocol DedupIndexStore: Sendable {
    /// Every stored entry, oldest first.
    func entries() throws -> [DedupIndex.Entry]
    /// Appends one entry.
    func append(_ entry: DedupIndex.Entry) throws
    /// The latest version seen of every agency item, and every revision found.
    func revisionState() throws -> (heads: [String: RevisionLinker.Head], revisions: [String: Revision])
    /// Records the latest version of an item, and the revision `head.id` is (if it is one), atomically.
    func saveRevision(key: String, head: RevisionLinker.Head, revision: Revision?) throws
}
