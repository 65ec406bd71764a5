import Foundation

/// One daemon per drop folder: an exclusive open-file-description lock (`F_OFD_SETLK`) on
/// `state/daemon.lock`, held for the process's life and released by the kernel even after `kill -9`.
///
/// OFD locks rather than `flock` because they can be *tested* without being taken (`F_OFD_GETLK`):
/// `copydesk status` must never hold the lock, even for an instant, or a daemon starting at that
/// moment would think another one is running.
public final class DaemonLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or throws when another daemon holds it.
    public init(folder: DropFolder) throws {
        let path = Self.path(in: folder)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFailure("open \(path)") }
        var request = Self.wholeFile(type: F_WRLCK)
        guard fcntl(fd, Self.setLock, &request) == 0 else {
            close(fd)
            throw DaemonLockError(root: folder.root.path)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Whether a daemon holds the lock of `folder` right now. Only looks; never takes the lock.
    public static func isHeld(folder: DropFolder) -> Bool {
        let fd = open(path(in: folder), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var probe = wholeFile(type: F_WRLCK)
        guard fcntl(fd, getLock, &probe) == 0 else { return false }
        return probe.l_type != Int16(F_UNLCK)
    }

    private static let setLock: Int32 = 37  // F_OFD_SETLK (Linux 3.15+)
    private static let getLock: Int32 = 36  // F_OFD_GETLK

    private static func path(in folder: DropFolder) -> String {
        folder.state.appendingPathComponent("daemon.lock").path
    }

    private static func wholeFile(type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0
        return request
    }
}

/// Another daemon already watches this root.
public struct DaemonLockError: Error, CustomStringConvertible {
    /// The root.
    public var root: String
    /// A message for the operator.
    public var description: String { "another copydesk watch is already running on \(root) (state/daemon.lock is held)" }
}
