import Foundation

/// Finds the inbox's files (recursively) that are complete and ready to take.
///
/// A file counts as complete when its modification time is older than the settle interval, when
/// its size and modification time have not changed across scans for that long, or (where the kernel
/// can tell, see ``OpenForWriting``) when nobody has it open for writing and it is not empty.
///
/// Draining a backlog of N files costs O(N) system calls, not O(N²): the inbox is listed with
/// `readdir` (names and types, no `stat`), the names are kept sorted, and each scan `stat`s only
/// the files it hands out next, up to its `limit`, plus the few still settling. The inbox is listed
/// again when that list is used up, or after ``relistInterval`` (so that polling sees newcomers
/// during a long drain). Memory: one path per queued file.
struct InboxScanner {
    let inbox: URL
    let settle: TimeInterval
    /// Trust the kernel's "nobody is writing" (local file systems) instead of waiting to settle.
    var trustsWriterCheck = false
    /// How long one listing is used before the inbox is listed again.
    var relistInterval: TimeInterval = 30
    /// Files seen changing, with what was seen: checked again on every scan until they settle.
    private var recent: [String: (size: Int64, modified: TimeInterval, firstSeen: TimeInterval)] = [:]
    /// The last listing's paths not handed out yet, in reverse name order (the next one is last).
    private var backlog: [String] = []
    private var listedAt: TimeInterval = -.infinity
    /// `stat` calls made, for the tests and the drain benchmark.
    private(set) var statCalls = 0
    /// Listings made.
    private(set) var listings = 0

    init(inbox: URL, settle: TimeInterval) {
        self.inbox = inbox
        self.settle = settle
    }

    /// Ready paths (at most `limit`), skipping `busy` ones (being written, per inotify). With
    /// `relist`, the inbox is listed anew first (after an inotify overflow, say).
    mutating func scan(limit: Int, now: TimeInterval = Date().timeIntervalSince1970, busy: Set<String> = [],
                       relist: Bool = false) -> [String] {
        guard limit > 0 else { return [] }
        if relist || backlog.isEmpty || now - listedAt >= relistInterval { list(now: now) }
        var ready: [String] = []
        // First the files that were settling.
        for (path, seen) in recent.sorted(by: { $0.key < $1.key }) where ready.count < limit {
            recent[path] = nil
            if isBusy(path, busy) { continue }
            if let path = check(path, now: now, seen: seen) { ready.append(path) }
        }
        while ready.count < limit, let path = backlog.popLast() {
            if isBusy(path, busy) || recent[path] != nil { continue }
            if let path = check(path, now: now, seen: nil) { ready.append(path) }
        }
        return ready
    }

    /// Whether inotify last saw `path` being written and it is still open. The busy set lags the file
    /// system (its close may be queued, not yet handled): skipping a file that has closed would hand
    /// out a later arrival before it. Where the kernel can tell, it decides.
    private func isBusy(_ path: String, _ busy: Set<String>) -> Bool {
        guard busy.contains(path) else { return false }
        return !(trustsWriterCheck && OpenForWriting.state(of: path) == .closed)
    }

    /// Whether `path` is ready now; if it is still changing, it is remembered in `recent`.
    private mutating func check(_ path: String, now: TimeInterval,
                                seen: (size: Int64, modified: TimeInterval, firstSeen: TimeInterval)?) -> String? {
        var info = stat()
        statCalls += 1
        guard lstat(path, &info) == 0 else { return nil }  // taken or deleted meanwhile
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { return nil }
        // A FIFO, socket or device is offered at once: intake refuses it with a reason (failed/).
        guard kind == S_IFREG || kind == S_IFLNK else { return path }
        let modified = TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9
        let size = Int64(info.st_size)
        if kind == S_IFLNK || now - modified >= settle { return path }
        if trustsWriterCheck && size > 0 && OpenForWriting.state(of: path) == .closed { return path }
        if let seen, seen.size == size, seen.modified == modified {
            if now - seen.firstSeen >= settle { return path }
            recent[path] = seen
        } else {
            recent[path] = (size, modified, now)
        }
        return nil
    }

    /// Lists the inbox: names and types from `readdir`, hidden and temporary names left out.
    private mutating func list(now: TimeInterval) {
        var paths: [String] = []
        FolderWalk.entries(below: inbox.path) { path, name, type in
            if DropFolder.isIgnored(name: name) { return false }
            if type == Int32(DT_UNKNOWN) { statCalls += 1 }
            if FolderWalk.isFolder(path, type: type) { return true }
            paths.append(path)
            return false
        }
        paths.sort(by: >)
        backlog = paths
        listedAt = now
        listings += 1
    }

    /// Files seen changing recently, to scan again soon.
    var hasUnsettledFiles: Bool { !recent.isEmpty }
}
