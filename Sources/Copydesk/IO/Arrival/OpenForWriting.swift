import Foundation

/// Whether some process still has a file open for writing: ``State/open``, ``State/closed``, or
/// ``State/unknown`` where the kernel will not say.
///
/// Uses a Linux read lease: `fcntl(F_SETLEASE, F_RDLCK)` is refused with `EAGAIN` while any
/// process holds the file open for writing. A writer that pauses longer than the settle time is
/// therefore not taken half-way. Where leases are unavailable (another owner without
/// CAP_LEASE, network file systems) the answer is `false` and the settle time alone decides.
enum OpenForWriting {
    private static let setLease: Int32 = 1024  // F_SETLEASE
    private static let readLease: Int32 = 0    // F_RDLCK
    private static let unlock: Int32 = 2       // F_UNLCK

    enum State: Equatable {
        case open, closed, unknown
    }

    static func state(of path: String) -> State {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return .unknown }
        defer { close(fd) }
        if fcntl(fd, setLease, readLease) == 0 {
            _ = fcntl(fd, setLease, unlock)
            return .closed
        }
        return errno == EAGAIN ? .open : .unknown
    }

    /// `true` only when a writer is known to hold the file open.
    static func check(_ path: String) -> Bool { state(of: path) == .open }
}
