import Foundation

/// The C `struct sigaction` (its name alone also means the function).
typealias SignalAction = sigaction

/// Tells a crash from a kill. When the process dies of a fault signal (a Swift trap is SIGILL or
/// SIGTRAP; SIGSEGV, SIGBUS, SIGFPE, SIGABRT), a handler creates `state/crashed` and hands the
/// signal on to the handler that was there before (Swift's backtracer). `kill -9`, power loss and
/// SIGTERM leave no marker. At the next start the daemon knows whether the files left in
/// processing/ were in flight when Copydesk itself crashed — one of them may be what crashed it.
enum CrashMarker {
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// The marker's path as a C string, made before any signal can arrive (the handler may not allocate).
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    /// The handlers that were installed before, by signal number.
    nonisolated(unsafe) private static var previous: [SignalAction] = Array(repeating: SignalAction(), count: 65)

    /// The marker file in `state`.
    static func url(in state: URL) -> URL { state.appendingPathComponent("crashed") }

    /// Installs the handlers (once per process; later calls change only the path).
    static func install(state: URL) {
        let newPath = strdup(url(in: state).path)
        let first = path == nil
        path = newPath
        guard first else { return }
        for signal in signals {
            var action = SignalAction()
            action.__sigaction_handler.sa_sigaction = { number, info, context in
                if let path = CrashMarker.path {
                    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                    if fd >= 0 { close(fd) }
                }
                let old = CrashMarker.previous[Int(number)]
                if old.sa_flags & SA_SIGINFO != 0, let handler = old.__sigaction_handler.sa_sigaction {
                    handler(number, info, context)
                } else if let handler = old.__sigaction_handler.sa_handler,
                          unsafeBitCast(handler, to: Int.self) > 1 {  // neither SIG_DFL (0) nor SIG_IGN (1)
                    handler(number)
                } else {
                    Glibc.signal(number, SIG_DFL)
                    raise(number)
                }
            }
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            var old = SignalAction()
            if sigaction(signal, &action, &old) == 0 { previous[Int(signal)] = old }
        }
    }

    /// Whether the last run crashed; removes the marker.
    static func consume(state: URL) -> Bool {
        let path = url(in: state).path
        guard FileManager.default.fileExists(atPath: path) else { return false }
        _ = unlink(path)
        return true
    }
}
