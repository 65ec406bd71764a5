import Foundation

/// Files that were in processing/ when Copydesk itself crashed (``CrashMarker``): one of them may
/// be what crashed it, and without care the daemon would crash on it at every start, and every file
/// after it would wait for ever.
///
/// After a crash the suspects are processed one at a time, each named in `state/suspect` while it is
/// in flight. If Copydesk crashes again, the file named there crashed it alone: at the next start it
/// goes to failed/ with that reason, and the other suspects go on, still one at a time. A file that
/// finishes clears itself. A kill, a power cut or SIGTERM leaves no crash marker, so files left by
/// them are processed as usual, in parallel.
actor CrashSuspects {
    private let marker: URL
    private var remaining: Set<String>
    private var running: String?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Suspects `names`, tracked in `state/suspect`.
    init(names: [String], state: URL) {
        marker = Self.markerURL(in: state)
        remaining = Set(names)
    }

    static func markerURL(in state: URL) -> URL { state.appendingPathComponent("suspect") }

    /// The file that crashed Copydesk while it was processed alone, if the last run ended so; the
    /// marker is removed whatever it held.
    static func culprit(in state: URL, crashed: Bool) -> String? {
        let url = markerURL(in: state)
        defer { _ = unlink(url.path) }
        guard crashed, let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let name = String(decoding: data, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    /// Whether `name` is a suspect still to finish.
    func isSuspect(_ name: String) -> Bool { remaining.contains(name) }

    /// Waits until no other suspect is in flight, then names `name` in the marker.
    func begin(_ name: String) async {
        guard remaining.contains(name) else { return }
        while running != nil { await withCheckedContinuation { waiters.append($0) } }
        running = name
        try? Data(name.utf8).write(to: marker)
    }

    /// `name` finished (done/, failed/, or handed back): the next suspect may start.
    func finished(_ name: String) {
        guard remaining.remove(name) != nil else { return }
        if running == name { running = nil }
        if remaining.isEmpty { _ = unlink(marker.path) }
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
