import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
struct Progress {
    private let total: Int
    private let enabled: Bool
    private var lastDraw = ContinuousClock.now - .seconds(1)

    init(total: Int) {
        self.total = total
        enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    mutating func update(done: Int, failed: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) || done == total else { return }
        lastDraw = now
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let failures = failed > 0 ? "  \(failed) failed" : ""
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)\(failures)\u{1B}[K".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
