import CopydeskCore
import Foundation

/// The `dedup` stage: exact and near duplicates, against every document seen before.
///
/// Ordered: each document is checked against all earlier ones in arrival order, then added. With a
/// ``DedupIndexStore`` the index survives restarts and days; without one it lives for the run.
///
/// Verdicts: `duplicate` when the word sequence is the same (case, punctuation and spacing aside);
/// `near_duplicate` when the estimated Jaccard similarity of word 5-shingles reaches the threshold or
/// the shorter text is mostly contained in the longer (a trim, a reprint with a header or footer, an
/// update that changes a few figures); else `unique`. `of` and `cluster` name the earliest document
/// of the group, so every copy of a story points at the same original.
///
/// An agency's new version of an item seen before (``RevisionLinker``) gets `revision` naming the
/// version it replaces, and is an update of it (`near_duplicate` of its group) whatever it shares.
public final class DedupStage: Stage, @unchecked Sendable {
    /// `dedup`.
    public let name = "dedup"
    /// Bumped whenever verdicts change.
    public static let currentVersion = "6"
    /// ``currentVersion``.
    public let version = DedupStage.currentVersion
    /// Needs documents one at a time, in arrival order.
    public let concurrency = StageConcurrency.ordered
    /// The cleaned text.
    public static let requiredFields: [String] = ["text"]
    /// ``requiredFields``.
    public var requires: [String] { Self.requiredFields }
    /// The verdict (and a revision link).
    public static let assignedFields: [String] = ["dedup"]
    /// ``assignedFields``.
    public var assigns: [String] { Self.assignedFields }

    /// With a store, the time a document may take includes the database's answers: a database
    /// that restarts or fails over must make documents wait (and retry), not fail. Each call to it
    /// is bounded (5 s to connect, 30 s an answer), so two minutes still bound the stage.
    public var timeLimit: Duration? { store == nil ? nil : .seconds(120) }

    private let settings: DedupSettings
    private let store: (any DedupIndexStore)?
    private let lock = NSLock()
    private var index: DedupIndex
    private var revisions: RevisionLinker
    /// The documents this process indexed, by their id's first 8 bytes, with a hash of where they came
    /// from: the same bytes again from elsewhere in this process are a duplicate of the first, while
    /// the same input processed again (a retry, or after a crash in a new process) gets its first answer.
    private var sourcesSeenHere: [UInt64: Int] = [:]
    private let io = BlockingIO(label: "copydesk.dedup")

    /// Creates the stage; with `store`, loads its index and adds every new document to it.
    package init(settings: DedupSettings = DedupSettings(), store: (any DedupIndexStore)? = nil) throws {
        self.settings = settings
        self.store = store
        index = DedupIndex(keepsExactShingles: store == nil)
        if let store {
            for entry in try store.entries() { try index.insert(entry) }
        }
        revisions = try RevisionLinker(store: store)
    }

    /// Documents indexed so far.
    public var indexedCount: Int { lock.withLock { index.count } }

    /// Bytes the in-memory index uses (arrays and tables), for the benchmark's size figure.
    public var indexBytes: Int { lock.withLock { index.approximateBytes } }

    /// Bytes of the exact shingles kept in memory: a run without a store keeps them here, a store on disk.
    public var exactShingleBytes: Int { lock.withLock { index.exactBytes } }

    /// Checks the document and adds it to the index. With a store, the work runs on the stage's own
    /// thread (it waits on the database), never on Swift's cooperative threads.
    public func process(_ document: Document, context: StageContext) async throws -> StageOutcome {
        var document = document
        let sketch = TextSketch(document.text)
        let input = document
        let (revision, verdict) = store == nil
            ? try decide(input, id: input.id, sketch: sketch)
            : try await io.run { [self] in try decide(input, id: input.id, sketch: sketch) }
        document.dedup = verdict
        document.revision = revision
        if settings.dropDuplicates && verdict.status != .unique {
            return .drop(reason: "\(verdict.status.rawValue) of \(verdict.of ?? "an earlier document")")
        }
        return .keep(document)
    }

    /// The verdict for one text, which joins the index: shingle, sketch, query, insert. With
    /// `previous`, the text is a new version of that document: an update of it.
    public func verdict(id: String, text: String, revising previous: String? = nil) throws -> DedupResult {
        try decide(nil, id: id, sketch: TextSketch(text), revising: previous).verdict
    }

    /// Links and checks one document (or a bare text), in the group's order when the store is shared:
    /// first what other processes added is taken in, then the verdict is made and stored. The
    /// in-memory index takes the new entry only once the store has it.
    private func decide(_ document: Document?, id: String, sketch: TextSketch,
                        revising given: String? = nil) throws -> (revision: Revision?, verdict: DedupResult) {
        let idBytes = DedupIndex.bytes(ofHexID: id)
        return try lock.withLock {
            let work = { (additions: GroupAdditions, writer: (any DedupIndexWriter)?) throws -> (Revision?, DedupResult, DedupIndex.Entry?) in
                for entry in additions.entries { try self.index.insert(entry) }
                self.revisions.absorb(additions)
                let revision = try document.flatMap { try self.revisions.link($0, writer: writer) }
                var (verdict, isNew) = try self.index.check(id: id, idBytes: idBytes, sketch: sketch, settings: self.settings,
                                                            exactShingles: { try writer?.exactShingles(of: $0) })
                let key = idBytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let source = document.map { $0.source.path.hashValue }
                guard isNew else {
                    if let source, let first = self.sourcesSeenHere[key], first != source {
                        let original = verdict.cluster ?? id
                        verdict = DedupResult(status: .duplicate, of: original, similarity: 1, cluster: original)
                    }
                    return (revision, verdict, nil)
                }
                if let source { self.sourcesSeenHere[key] = source }
                if let previous = revision?.of ?? given {
                    verdict = self.index.revisionVerdict(revising: previous, sketch: sketch, normal: verdict)
                }
                let entry = DedupIndex.Entry(id: idBytes, sketch: sketch, verdict: verdict)
                try writer?.append(entry)
                return (revision, verdict, entry)
            }
            let (revision, verdict, entry) = try store.map { try $0.decide { try work($0, $1) } } ?? work(GroupAdditions(), nil)
            if let entry { try index.insert(entry) }
            return (revision, verdict)
        }
    }
}
