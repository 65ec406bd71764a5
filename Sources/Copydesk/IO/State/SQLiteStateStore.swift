import Foundation
import Synchronization

/// The state in a folder of SQLite files: `ledger.sqlite` and `dedup.sqlite` (the daemon's
/// `state/`, or `copydesk run --state DIR`). Each file is opened, created or migrated on first use.
package final class SQLiteStateStore: StateStore {
    /// The folder.
    package let folder: URL
    private let opened = Mutex<(ledger: SQLiteLedger?, dedup: SQLiteDedupIndex?)>((nil, nil))

    /// The store in `folder` (created when missing).
    package init(folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
    }

    /// The folder's path.
    package var location: String { folder.path }

    /// `ledger.sqlite`.
    package func ledger() throws -> any LedgerStore {
        try opened.withLock { opened in
            if let ledger = opened.ledger { return ledger }
            let ledger = try SQLiteLedger(path: folder.appendingPathComponent("ledger.sqlite").path)
            opened.ledger = ledger
            return ledger
        }
    }

    /// `dedup.sqlite`.
    package func dedupIndex() throws -> any DedupIndexStore {
        try opened.withLock { opened in
            if let dedup = opened.dedup { return dedup }
            let dedup = try SQLiteDedupIndex(path: folder.appendingPathComponent("dedup.sqlite").path)
            opened.dedup = dedup
            return dedup
        }
    }
}
