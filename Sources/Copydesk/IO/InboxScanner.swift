import Foundation

/// Lists the inbox (recursively) for files that are complete and ready to claim.
///
/// A file counts as complete when its modification time is older than the settle interval, when
/// its size and modification time have not changed across scans for that long, or (where the kernel
/// can tell, see ``OpenForWriting``) when nobody has it open for writing and it is not empty. Only files
/// that changed recently are remembered between scans, so memory stays small whatever the backlog.
/// Each scan returns at most `limit` paths, the first in name order.
struct InboxScanner {
    let inbox: URL
    let settle: TimeInterval
    /// Trust the kernel's "nobody is writing" (local file systems) instead of waiting to settle.
    var trustsWriterCheck = false
    private var recent: [String: (size: Int64, modified: TimeInterval, firstSeen: TimeInterval)] = [:]

    init(inbox: URL, settle: TimeInterval) {
        self.inbox = inbox
        self.settle = settle
    }

    /// Ready paths (at most `limit`, sorted), skipping `busy` ones (being written, per inotify).
    mutating func scan(limit: Int, now: TimeInterval = Date().timeIntervalSince1970, busy: Set<String> = []) -> [String] {
        var ready = BoundedSortedList(limit: limit)
        var stillRecent: [String: (size: Int64, modified: TimeInterval, firstSeen: TimeInterval)] = [:]
        FolderWalk.entries(below: inbox.path) { path, name, _ in
            if DropFolder.isIgnored(name: name) { return false }
            var info = stat()
            guard lstat(path, &info) == 0 else { return false }
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { return true }
            guard !busy.contains(path) else { return false }
            // A FIFO, socket or device is offered at once: intake refuses it with a reason (failed/).
            guard kind == S_IFREG || kind == S_IFLNK else { ready.insert(path); return false }
            let modified = TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9
            let size = Int64(info.st_size)
            if kind == S_IFLNK || now - modified >= settle {
                ready.insert(path)
            } else if trustsWriterCheck && size > 0 && OpenForWriting.state(of: path) == .closed {
                ready.insert(path)
            } else if let seen = recent[path], seen.size == size, seen.modified == modified {
                if now - seen.firstSeen >= settle { ready.insert(path) } else { stillRecent[path] = seen }
            } else {
                stillRecent[path] = (size, modified, now)
            }
            return false
        }
        recent = stillRecent
        return ready.items
    }

    /// Files seen changing recently, to scan again soon.
    var hasUnsettledFiles: Bool { !recent.isEmpty }
}

/// The `limit` smallest strings seen, in order.
struct BoundedSortedList {
    let limit: Int
    private(set) var items: [String] = []

    init(limit: Int) { self.limit = limit }

    mutating func insert(_ item: String) {
        guard limit > 0 else { return }
        if items.count == limit, let last = items.last, item >= last { return }
        items.insert(item, at: items.insertionIndex(of: item))
        if items.count > limit { items.removeLast() }
    }
}
