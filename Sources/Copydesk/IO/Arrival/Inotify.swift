#if canImport(Glibc)
import Foundation
import Glibc

/// Linux inotify on a folder and every folder below it, read on a background thread and delivered
/// as an `AsyncStream`.
///
/// Reports files closed after writing and files renamed in, writes in progress (so a scan does not
/// take a file still being written) and queue overflow (16,384 events by default), after which
/// the caller must rescan. A folder created or moved in is watched at once, and the files already in
/// it are reported as arrived (they may have been written before its watch existed); hidden folders
/// are left alone. When a watch cannot be added (the `max_user_watches` limit), an overflow is
/// reported so that the caller's scans cover that folder.
final class Inotify: @unchecked Sendable {
    /// What happened in the folder.
    enum Event: Sendable, Equatable {
        /// A file was closed after writing, or renamed into the folder: it is complete.
        case arrived(String)
        /// A file is being written.
        case modified(String)
        /// Events were lost: rescan.
        case overflow
    }

    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let descriptor: Int32
    private let folder: String
    /// Watched folders by watch descriptor; touched by `init`, then only by the reading thread.
    private var folders: [Int32: String] = [:]
    private static let fileMask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MODIFY) | UInt32(IN_CREATE)
    private let stopLock = NSLock()
    private var stopped = false

    /// Watches `folder`; throws when inotify is unavailable (then poll instead).
    init(folder: String) throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw POSIXFailure("inotify_init1") }
        let watch = inotify_add_watch(fd, folder, Self.fileMask)
        guard watch >= 0 else {
            let failure = POSIXFailure("inotify_add_watch \(folder)")
            close(fd)
            throw failure
        }
        descriptor = fd
        self.folder = folder
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        folders[watch] = folder
        // The folders below, as they are now (their files are found by the caller's first scan).
        FolderWalk.entries(below: folder) { path, name, type in
            guard !name.hasPrefix("."), FolderWalk.isFolder(path, type: type) else { return false }
            _ = addWatch(path, reportFiles: false)
            return true
        }
        let thread = Thread { [self] in readLoop() }
        thread.name = "copydesk-inotify"
        thread.start()
    }

    /// Stops reading; the stream finishes.
    func stop() {
        stopLock.withLock { stopped = true }
    }

    private var isStopped: Bool { stopLock.withLock { stopped } }

    /// Watches `path`; with `reportFiles`, reports the files already in it (and below) as arrived
    /// and watches its own subfolders.
    private func addWatch(_ path: String, reportFiles: Bool) -> Bool {
        let watch = inotify_add_watch(descriptor, path, Self.fileMask)
        guard watch >= 0 else {
            continuation.yield(.overflow)
            return false
        }
        folders[watch] = path
        guard reportFiles else { return true }
        FolderWalk.entries(below: path) { child, name, type in
            if name.hasPrefix(".") { return false }
            if FolderWalk.isFolder(child, type: type) {
                _ = addWatch(child, reportFiles: false)
                return true
            }
            continuation.yield(.arrived(child))
            return false
        }
        return true
    }

    private func readLoop() {
        defer {
            close(descriptor)
            continuation.finish()
        }
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while !isStopped {
            let ready = poll(&poller, 1, 200)
            if ready <= 0 { continue }
            let count = read(descriptor, buffer, capacity)
            if count <= 0 { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                var name = ""
                if event.len > 0 {
                    let raw = buffer.advanced(by: nameStart).assumingMemoryBound(to: CChar.self)
                    name = String(cString: raw)
                }
                offset = nameStart + Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { continuation.yield(.overflow); continue }
                if event.mask & UInt32(IN_IGNORED) != 0 { folders[event.wd] = nil; continue }
                guard !name.isEmpty, let parent = folders[event.wd] else { continue }
                let path = parent + "/" + name
                if event.mask & UInt32(IN_ISDIR) != 0 {
                    // A new folder: watch it, and report what it already holds.
                    if event.mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, !name.hasPrefix(".") {
                        _ = addWatch(path, reportFiles: true)
                    }
                    continue
                }
                if event.mask & UInt32(IN_CREATE) != 0 && event.mask & UInt32(IN_MOVED_TO) == 0 { continue }
                if event.mask & (UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO)) != 0 {
                    continuation.yield(.arrived(path))
                } else if event.mask & UInt32(IN_MODIFY) != 0 {
                    continuation.yield(.modified(path))
                }
            }
        }
    }
}
#endif
