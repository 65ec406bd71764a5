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
    /// For a store shared by several daemons: the group this process joins as `node` (leases, and the
    /// recovery of dead nodes). `nil` for a store only one daemon uses.
    func group(node: String) throws -> (any NodeGroup)?
}

extension StateStore {
    /// No group: one daemon owns the store.
    package func group(node: String) throws -> (any NodeGroup)? { nil }
}

/// The ledger: the daemon's memory of what it wrote.
///
/// The output line is made durable first, then the ledger row is committed; recovery
/// (``OutputJournal/recover(ledger:)``) closes the gap a crash can leave between the two.
package protocol LedgerStore: Sendable {
    /// The entry for a content hash, if any.
    func entry(for id: String) throws -> LedgerEntry?
    /// Before a document's line is written: the entry when the content is recorded already, else
    /// `nil`, and the content is this process's to write. A store shared by several daemons reserves
    /// the content for this node, and throws a transient ``ContentReservedElsewhere`` while another
    /// live node is writing the same content (the finisher retries until it is written, or that node
    /// is recovered).
    func reserve(id: String) throws -> LedgerEntry?
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

extension LedgerStore {
    /// One daemon: nothing to reserve.
    package func reserve(id: String) throws -> LedgerEntry? { try entry(for: id) }
}

/// Another node of the group is writing the same content right now (the same bytes arrived under
/// two names on two nodes). Transient: the finisher retries until that node records it.
package struct ContentReservedElsewhere: Error, ClassifiedFault, CustomStringConvertible {
    /// The content hash.
    package var id: String
    /// The node writing it.
    package var node: String
    package init(id: String, node: String) {
        self.id = id
        self.node = node
    }
    /// Transient.
    package var isTransient: Bool { true }
    package var description: String { "content \(id.prefix(12)) is being written by node \(node)" }
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

    package init(status: String, sourceName: String, outputFile: String?, offset: Int64?) {
        (self.status, self.sourceName, self.outputFile, self.offset) = (status, sourceName, outputFile, offset)
    }
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

    package init(written: Int, dropped: Int, failures: Int, lastFailure: (name: String, stage: String, reason: String, time: String)?) {
        (self.written, self.dropped, self.failures, self.lastFailure) = (written, dropped, failures, lastFailure)
    }
}

/// The dedup index on disk: loaded whole at start, appended to as documents pass.
package protocol DedupIndexStore: Sendable {
    /// Every stored entry, oldest first.
    func entries() throws -> [DedupIndex.Entry]
    /// The latest version seen of every agency item, and every revision found.
    func revisionState() throws -> (heads: [String: RevisionLinker.Head], revisions: [String: Revision])
    /// Decides one document. `body` gets what other processes added since this one last looked (always
    /// empty for a store only this process writes) and the writer for what it adds. For a store shared
    /// by several processes the whole call is one transaction under the group's lock, so the group's
    /// documents are decided one at a time, in one order that the database gives, never the clock.
    func decide<T>(_ body: (GroupAdditions, any DedupIndexWriter) throws -> T) throws -> T
}

/// What deciding one document reads from the store and adds to it.
package protocol DedupIndexWriter {
    /// The exact shingles stored with an entry (by its id's 32 bytes), read only when an estimate
    /// lands near a threshold; nil for an entry stored without them.
    func exactShingles(of id: [UInt8]) throws -> ExactShingles?
    /// Appends one entry, with its exact shingles.
    func append(_ entry: DedupIndex.Entry) throws
    /// Records the latest version of an item, and the revision `head.id` is (if it is one).
    func saveRevision(key: String, head: RevisionLinker.Head, revision: Revision?) throws
}

/// What other processes of a group added to a shared dedup store since this process last looked.
package struct GroupAdditions {
    /// New index entries, in the group's order.
    package var entries: [DedupIndex.Entry] = []
    /// Items whose latest version changed.
    package var heads: [String: RevisionLinker.Head] = [:]
    /// New revision links.
    package var revisions: [String: Revision] = [:]
    package init(entries: [DedupIndex.Entry] = [], heads: [String: RevisionLinker.Head] = [:], revisions: [String: Revision] = [:]) {
        self.entries = entries
        self.heads = heads
        self.revisions = revisions
    }
}
