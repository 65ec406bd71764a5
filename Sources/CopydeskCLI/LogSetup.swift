import Foundation
import Logging

/// Logging for the command-line tool: swift-log to standard error. Only the executable bootstraps.
enum LogSetup {
    static func level(named name: String) -> Logger.Level? { Logger.Level(rawValue: name.lowercased()) }

    /// A logger that discards everything (for checks whose results are printed instead).
    static let silent = Logger(label: "copydesk.silent") { _ in SwiftLogNoOpLogHandler() }

    static func logger(level: String) -> Logger {
        let resolved = self.level(named: level) ?? .error
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = resolved
            return handler
        }
        return Logger(label: "copydesk")
    }
}
