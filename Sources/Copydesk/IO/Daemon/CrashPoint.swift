import Foundation

/// Named points between the daemon's finishing steps where a test can make it die as `kill -9`
/// would: with `COPYDESK_CRASH_AT=<name>` in its environment, the process aborts (SIGKILL to itself)
/// the first time it reaches that point. Used by the end-to-end tests that prove every step is
/// recovered exactly once; unset in production, where it costs one comparison.
enum CrashPoint: String, CaseIterable, Sendable {
    /// The output line is written and fsynced; the ledger does not know it yet.
    case afterAppend = "after-append"
    /// The ledger holds the line; the input is still in processing/.
    case afterLedger = "after-ledger"
    /// The input is in done/ (or deleted).
    case afterDone = "after-done"
    /// `NAME.error.json` is in failed/; the input is still in processing/.
    case afterErrorFile = "after-error-file"
    /// The input is in failed/ beside its reason; the ledger does not count it yet.
    case afterFailedMove = "after-failed-move"

    private static let armed: CrashPoint? = ProcessInfo.processInfo.environment["COPYDESK_CRASH_AT"].flatMap(CrashPoint.init(rawValue:))

    /// Dies here when this point is armed.
    static func reach(_ point: CrashPoint) {
        guard armed == point else { return }
        kill(getpid(), SIGKILL)
    }

    /// With `COPYDESK_TRAP_ON=<file name>`, reading that file traps as a Swift crash would (the
    /// tests of ``CrashSuspects``); unset in production.
    static let trapName: String? = ProcessInfo.processInfo.environment["COPYDESK_TRAP_ON"]
}
