import Foundation

/// The one wrapper Copydesk's system calls go through: retries a call interrupted by a signal
/// (`EINTR`) and turns a failure into a ``POSIXFailure`` naming what was attempted.
enum Syscall {
    /// Calls `body` until it does not fail with `EINTR`; a result of -1 with another `errno` throws.
    @discardableResult
    static func retrying<Result: BinaryInteger>(_ what: @autoclosure () -> String, _ body: () -> Result) throws -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            if errno == EINTR { continue }
            throw POSIXFailure(what())
        }
    }
}
