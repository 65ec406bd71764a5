import Copydesk
import CopydeskPostgres
import Foundation
import Logging

/// Where `run`, `pipe` and `watch` keep their state: a folder of SQLite files, or a PostgreSQL
/// database given as `postgres://…` (`--state`, or `state:` in the configuration).
enum StateChoice {
    /// The state for `spec`, or `nil` without one. `fromCommandLine` refuses a password in the URL.
    static func open(_ spec: String?, fromCommandLine: Bool, node: String, leaseSeconds: Double = 15,
                     logger: Logger) throws -> (any StateStore)? {
        guard let spec else { return nil }
        if PostgresLocation.isURL(spec) {
            do {
                let location = try PostgresLocation(url: spec, allowPasswordInURL: !fromCommandLine)
                return PostgresStateStore(database: location, node: node, leaseSeconds: leaseSeconds, logger: logger)
            } catch {
                throw ConfigurationFailure("\(fromCommandLine ? "--state" : "state:"): \(error)")
            }
        }
        do { return try SQLiteStateStore(folder: URL(fileURLWithPath: spec)) } catch {
            throw ConfigurationFailure("\(fromCommandLine ? "--state" : "state:") \(spec): \(error)")
        }
    }

    /// Whether `spec` names a database that several processes share.
    static func isShared(_ spec: String?) -> Bool {
        spec.map(PostgresLocation.isURL) ?? false
    }

    /// The host name, as a node name (its first label, characters a node name cannot hold replaced).
    static var hostNode: String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "node"
        let cleaned = String(host.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        return DropFolder.isValidNodeName(cleaned) ? cleaned : "node"
    }

    /// A node name for a one-shot process (`run`, `pipe`): the host's and the process id.
    static var processNode: String { "\(hostNode)-\(getpid())" }
}
