import Foundation

/// A small tmpfs mounted over a folder, to fill up for real: the full-disk tests need `ENOSPC` from
/// the kernel, not a simulation. Needs root (CI runs as root); a test that cannot mount fails.
final class SmallFileSystem {
    let folder: URL
    private var filler: URL { folder.appendingPathComponent(".filler") }

    init(at folder: URL, megabytes: Int = 2) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let status = try CommandRunner.runBlocking(URL(fileURLWithPath: "/bin/mount"),
                                                   ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder.path])
        guard status == 0 else {
            throw TestFailure("cannot mount a tmpfs on \(folder.path) (the full-disk tests need root; mount exited \(status))")
        }
    }

    deinit { unmount() }

    /// Writes a filler file until the file system is full.
    func fill() {
        let fd = open(filler.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) > 0 {}
        fsync(fd)
    }

    /// Frees the space again.
    func free() { _ = unlink(filler.path) }

    func unmount() {
        _ = try? CommandRunner.runBlocking(URL(fileURLWithPath: "/bin/umount"), ["-l", folder.path])
    }
}
