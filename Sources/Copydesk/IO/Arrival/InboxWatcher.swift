import Foundation
import Logging

/// How the daemon notices arrivals.
public enum ArrivalMode: String, Sendable, CaseIterable {
    /// inotify on local file systems, polling on network ones.
    case auto
    /// inotify events (close after write, renamed in), plus a slow safety scan.
    case inotify
    /// Scans only: size and modification time stable over the settle interval.
    case poll
}

/// Feeds an ``ArrivalQueue`` from inotify events and inbox scans.
///
/// Scans run at start, after an inotify overflow, when the queue had to turn arrivals away and has
/// room again, and every poll interval (in poll mode, or while files are still settling, and as a
/// safety net for subfolders in inotify mode).
final class InboxWatcher: Sendable {
    let folder: DropFolder
    let mode: ArrivalMode
    let settle: TimeInterval
    let pollInterval: TimeInterval
    let logger: Logger

    init(folder: DropFolder, mode: ArrivalMode, settle: TimeInterval, pollInterval: TimeInterval, logger: Logger) {
        self.folder = folder
        self.mode = mode
        self.settle = settle
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// The mode `auto` resolves to for this root.
    var resolvedMode: ArrivalMode {
        guard mode == .auto else { return mode }
        return NetworkFileSystem.isNetwork(folder.inbox.path) ? .poll : .inotify
    }

    private enum Signal: Sendable {
        case event(Inotify.Event)
        case tick
    }

    /// Runs until the queue is closed or the task is cancelled.
    func run(feeding queue: ArrivalQueue) async {
        let (signals, continuation) = AsyncStream.makeStream(of: Signal.self)
        var activeMode = resolvedMode
        #if canImport(Glibc)
        var inotify: Inotify? = nil
        if activeMode == .inotify {
            do { inotify = try Inotify(folder: folder.inbox.path) } catch {
                logger.warning("inotify unavailable; polling instead", metadata: ["error": "\(error)"])
                activeMode = .poll
            }
        }
        let forwarder = Task { [inotify] in
            guard let inotify else { return }
            for await event in inotify.events { continuation.yield(.event(event)) }
        }
        defer {
            inotify?.stop()
            forwarder.cancel()
        }
        #else
        activeMode = .poll
        #endif
        logger.info("watching", metadata: ["inbox": "\(folder.inbox.path)", "mode": "\(activeMode.rawValue)"])
        let interval = activeMode == .poll ? pollInterval : max(pollInterval, 5)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(min(interval, settle / 2 + 0.05) * 1000)))
                continuation.yield(.tick)
            }
        }
        defer { ticker.cancel() }

        var scanner = InboxScanner(inbox: folder.inbox, settle: settle)
        scanner.trustsWriterCheck = activeMode == .inotify
        var busy: Set<String> = []
        var needsScan = true
        var lastScan = Date.distantPast
        func scanIfNeeded(force: Bool = false) {
            let due = Date().timeIntervalSince(lastScan) >= interval
            guard force || needsScan || due || scanner.hasUnsettledFiles else { return }
            let room = queue.room
            guard room > 0 else { needsScan = true; return }
            let found = scanner.scan(limit: room, busy: busy, relist: force)
            for path in found { queue.offer(path) }
            needsScan = found.count >= room || queue.takeOverflow()
            lastScan = Date()
        }

        scanIfNeeded(force: true)
        for await signal in signals {
            if Task.isCancelled || queue.closedFlag { break }
            switch signal {
            case .event(.arrived(let path)):
                busy.remove(path)
                let name = (path as NSString).lastPathComponent
                // A zero-byte file is often a placeholder about to be filled: let it settle in scans.
                if DropFolder.isIgnored(name: name) || Self.isEmptyFile(path) { continue }
                if !queue.offer(path) { needsScan = true }
            case .event(.modified(let path)):
                busy.insert(path)
            case .event(.overflow):
                logger.warning("inotify queue overflowed; rescanning the inbox")
                busy.removeAll()
                needsScan = true
                scanIfNeeded(force: true)
            case .tick:
                if queue.takeOverflow() { needsScan = true }
                scanIfNeeded()
            }
        }
    }
}

extension InboxWatcher {
    static func isEmptyFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_size == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}

/// Network file systems, where inotify sees nothing written by other machines.
enum NetworkFileSystem {
    /// File-system types (as /proc/mounts names them) whose changes inotify may miss.
    static let networkTypes: Set<String> = [
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "ceph", "glusterfs", "lustre", "gpfs",
        "beegfs", "afs", "ncpfs", "coda", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse",
    ]

    /// Whether `path` lies on a network file system, by the longest mount point containing it.
    static func isNetwork(_ path: String) -> Bool {
        guard let type = fileSystemType(of: path) else { return false }
        return networkTypes.contains(type) || type.hasPrefix("nfs")
    }

    static func fileSystemType(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (mountPoint: String, type: String)? = nil
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            let inside = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
            if inside && mountPoint.count >= (best?.mountPoint.count ?? -1) {
                best = (mountPoint, String(fields[2]))
            }
        }
        return best?.type
    }
}
