import Copydesk
import Foundation

/// Buffered writes of output lines to `--out` or standard output.
///
/// What `--out` names decides how it is written:
/// - a regular file, or a path that does not exist yet: written to a hidden temporary file beside it
///   and renamed over it when the run closes it, so a reader sees the old file or the whole new one
///   (with `--append`, lines are appended to it instead);
/// - anything else — a device (`/dev/null`), a FIFO, a socket, or a symbolic link such as
///   `/dev/stdout` — is opened and written into; it is never replaced.
final class OutputFile {
    private let fd: Int32
    private let closesDescriptor: Bool
    private var buffer: [UInt8] = []
    /// The temporary file and the target it replaces at ``close()``.
    private let replacement: (temporary: String, target: String)?
    private var closed = false

    init(path: String?, append: Bool) throws {
        buffer.reserveCapacity(1 << 20)
        guard let path, path != "-" else {
            fd = STDOUT_FILENO
            closesDescriptor = false
            replacement = nil
            return
        }
        var info = stat()
        let exists = lstat(path, &info) == 0
        let isRegular = exists && info.st_mode & S_IFMT == S_IFREG
        closesDescriptor = true
        if exists && !isRegular {
            // A device, FIFO, socket or symbolic link: write into what it names.
            fd = try OutputFile.open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | (append ? O_APPEND : 0), what: "--out \(path)")
            replacement = nil
        } else if append {
            fd = try OutputFile.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, what: "--out \(path)")
            replacement = nil
        } else {
            let url = URL(fileURLWithPath: path)
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).copydesk-\(getpid()).tmp").path
            fd = try OutputFile.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, what: "--out \(path) (its temporary file)")
            if isRegular { _ = fchmod(fd, info.st_mode & 0o7777) }
            replacement = (temporary, path)
        }
    }

    deinit {
        if !closed {
            if closesDescriptor { _ = Foundation.close(fd) }
            if let replacement { _ = unlink(replacement.temporary) }
        }
    }

    private static func open(_ path: String, _ flags: Int32, what: String) throws -> Int32 {
        while true {
            let fd = Foundation.open(path, flags, 0o666)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw POSIXFailure("cannot open \(what)")
        }
    }

    func write(_ line: [UInt8]) throws {
        buffer.append(contentsOf: line)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure("cannot write the output")
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered; a replaced file is synced and renamed into place.
    func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        if let replacement {
            guard fsync(fd) == 0 else {
                let failure = POSIXFailure("cannot sync \(replacement.target)")
                _ = Foundation.close(fd)
                _ = unlink(replacement.temporary)
                throw failure
            }
            _ = Foundation.close(fd)
            guard rename(replacement.temporary, replacement.target) == 0 else {
                let failure = POSIXFailure("cannot replace \(replacement.target)")
                _ = unlink(replacement.temporary)
                throw failure
            }
        } else if closesDescriptor {
            _ = Foundation.close(fd)
        }
    }
}
