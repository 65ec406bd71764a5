import Foundation

/// Whole-file writes that a crash leaves either old or new, never half.
enum DurableFile {
    /// Writes `bytes` to a hidden temporary name beside `url` (`.NAME.tmp`, which the drop folder
    /// ignores), fsyncs it, renames it over `url` and fsyncs the folder. On any error the temporary
    /// file is removed and the error thrown (`ENOSPC` stays a `POSIXFailure`, so it is retried).
    ///
    /// `exclusive` never replaces: the file is linked to `url` (atomic, on NFS too), and an existing
    /// `url` throws `POSIXFailure` with `EEXIST` — for folders that several daemons of a group write.
    static func replace(_ url: URL, with bytes: [UInt8], exclusive: Bool = false) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent("." + url.lastPathComponent + (exclusive ? ".\(getpid())" : "") + ".tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFailure("open \(temporary.path)") }
        var failure: POSIXFailure?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = POSIXFailure("write \(temporary.path)")
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = POSIXFailure("fsync \(temporary.path)") }
        close(fd)
        if failure == nil {
            if exclusive {
                if link(temporary.path, url.path) != 0 { failure = POSIXFailure("link \(temporary.path) → \(url.path)") }
                _ = unlink(temporary.path)
            } else if rename(temporary.path, url.path) != 0 {
                failure = POSIXFailure("rename \(temporary.path) → \(url.path)")
            }
        }
        if let failure {
            _ = unlink(temporary.path)
            throw failure
        }
        let folderFD = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 { _ = fsync(folderFD); close(folderFD) }
    }
}
