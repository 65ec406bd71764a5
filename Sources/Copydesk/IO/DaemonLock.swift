import Foundation

/// One daemon per drop folder: an exclusive `flock` on `state/daemon.lock`, held for the process's
/// life and released by the kernel even after `kill -9`.
public final class DaemonLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or throws when another daemon holds it.
    public init(folder: DropFolder) throws {
        let path = folder.state.appendingPathComponent("daemon.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFailure("open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw DaemonLockError(root: folder.root.path)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Whether a daemon holds the lock of `folder` right now.
    public static func isHeld(folder: DropFolder) -> Bool {
        let path = folder.state.appendingPathComponent("daemon.lock").path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}

/// Another daemon already watches this root.
public struct DaemonLockError: Error, CustomStringConvertible {
    /// The root.
    public var root: String
    /// A message for the operator.
    public var description: String { "another copydesk watch is already running on \(root) (state/daemon.lock is held)" }
}
