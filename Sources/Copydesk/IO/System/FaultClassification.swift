import CopydeskCore
import GRDB

extension FaultClassifier {
    /// Copydesk's classifier: POSIX failures by `errno`, SQLite by result code (full, busy, locked,
    /// I/O error, cannot open, out of memory are the machine's), then the defaults.
    public static let copydesk = FaultClassifier { error in
        if let database = error as? DatabaseError {
            let transient: [ResultCode] = [.SQLITE_FULL, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_CANTOPEN,
                                               .SQLITE_NOMEM, .SQLITE_PROTOCOL, .SQLITE_READONLY, .SQLITE_INTERRUPT]
            return transient.contains(database.resultCode.primaryResultCode)
        }
        return nil
    }
}

extension POSIXFailure: ClassifiedFault {
    /// A full disk, too many open files, an I/O error: the machine's, not the input's.
    public var isTransient: Bool { FaultClassifier.transientCodes.contains(code) }
}
