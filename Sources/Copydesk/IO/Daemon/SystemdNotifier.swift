import Foundation
import Logging

/// Tells systemd how the daemon is doing (`sd_notify(3)`) when it runs as a `Type=notify` unit:
/// `READY=1` once recovery is done and files are being taken, `STOPPING=1` on shutdown, and a
/// one-line `STATUS=`. Without `NOTIFY_SOCKET` (not under systemd) every call does nothing.
///
/// The message is one datagram on a Unix socket, sent without blocking.
public struct SystemdNotifier: Sendable {
    /// The socket's path (`@name` for an abstract socket), or `nil` when not under systemd.
    public let socketPath: String?

    /// A notifier for `NOTIFY_SOCKET` in `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"] ?? ""
        socketPath = (path.hasPrefix("/") || path.hasPrefix("@")) ? path : nil
    }

    /// Recovery is done; the daemon takes files.
    public func ready(status: String) throws { try send("READY=1\nSTATUS=\(status)") }

    /// Shutdown has begun.
    public func stopping() throws { try send("STOPPING=1\nSTATUS=shutting down: finishing files in flight") }

    /// A new status line.
    public func status(_ text: String) throws { try send("STATUS=\(text)") }

    /// Sends `state` as one datagram.
    public func send(_ state: String) throws {
        guard let socketPath else { return }
        let fd = try Syscall.retrying("socket for NOTIFY_SOCKET") { socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw POSIXFailure("NOTIFY_SOCKET \(socketPath)", code: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let message = Array(state.utf8)
        _ = try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                try Syscall.retrying("send to NOTIFY_SOCKET \(socketPath)") {
                    message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), socketAddress, length) }
                }
            }
        }
    }
}
