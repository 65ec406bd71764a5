#if canImport(Glibc)
import Foundation
import Glibc

/// Linux inotify on one folder, read on a background thread and delivered as an `AsyncStream`.
///
/// Reports files closed after writing and files renamed in, writes in progress (so a scan does not
/// claim a file still being written) and queue overflow (16,384 events by default), after which
/// the caller must rescan.
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
    private let stopLock = NSLock()
    private var stopped = false

    /// Watches `folder`; throws when inotify is unavailable (then poll instead).
    init(folder: String) throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw POSIXFailure("inotify_init1") }
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MODIFY)
        guard inotify_add_watch(fd, folder, mask) >= 0 else {
            let failure = POSIXFailure("inotify_add_watch \(folder)")
            close(fd)
            throw failure
        }
        descriptor = fd
        self.folder = folder
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let thread = Thread { [self] in readLoop() }
        thread.name = "copydesk-inotify"
        thread.start()
    }

    /// Stops reading; the stream finishes.
    func stop() {
        stopLock.withLock { stopped = true }
    }

    private var isStopped: Bool { stopLock.withLock { stopped } }

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
                guard !name.isEmpty, event.mask & UInt32(IN_ISDIR) == 0 else { continue }
                let path = folder + "/" + name
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
