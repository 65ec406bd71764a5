import Foundation
import NIOSSL
import PostgresNIO

/// Where the shared state lives: `postgres://USER@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`
/// (or `postgresql://`; `?host=/run/postgresql` for a Unix socket folder).
///
/// The password never comes from a command line: it is read from `COPYDESK_STATE_PASSWORD`, or from
/// the file `COPYDESK_STATE_PASSWORD_FILE` names (first line), or from `PGPASSWORD`. A URL with a
/// password is accepted only from a configuration file (`allowPasswordInURL`).
package struct PostgresLocation: Sendable, CustomStringConvertible {
    package var user: String
    package var host: String
    package var port: Int
    package var database: String
    /// A Unix socket folder, when the URL gives `?host=/folder`.
    package var socketFolder: String?
    package var password: String?
    /// `disable`, `prefer` (the default) or `require`.
    package var sslMode: String

    /// Whether `text` is a PostgreSQL URL (and not a state folder's path).
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads `url`, taking the password from `environment`.
    package init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                 allowPasswordInURL: Bool = false) throws {
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw PostgresLocationError(reason: "'\(Self.redacted(url))' is not a postgres://USER@HOST/DATABASE URL")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        for name in query.keys where !["sslmode", "host"].contains(name) {
            throw PostgresLocationError(reason: "unknown parameter '\(name)' in the state URL (known: sslmode, host)")
        }
        socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? (socketFolder == nil ? "localhost" : "")
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"] ?? "copydesk"
        database = path.isEmpty ? user : path
        sslMode = query["sslmode"] ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw PostgresLocationError(reason: "sslmode '\(sslMode)' is not one of disable, prefer, require")
        }
        if let inURL = components.password {
            guard allowPasswordInURL else {
                throw PostgresLocationError(reason: "the state URL holds a password; a command line is visible to every user of the machine, "
                                            + "so give it in COPYDESK_STATE_PASSWORD or in a file named by COPYDESK_STATE_PASSWORD_FILE")
            }
            password = inURL
        } else if let value = environment["COPYDESK_STATE_PASSWORD"] {
            password = value
        } else if let file = environment["COPYDESK_STATE_PASSWORD_FILE"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw PostgresLocationError(reason: "cannot read the password file \(file) (COPYDESK_STATE_PASSWORD_FILE)")
            }
            password = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        } else {
            password = environment["PGPASSWORD"]
        }
    }

    /// The URL without its password, for messages and `copydesk status`.
    package var description: String {
        let place = socketFolder.map { "?host=\($0)" } ?? ""
        return "postgres://\(user)@\(host)\(port == 5432 ? "" : ":\(port)")/\(database)\(place)"
    }

    /// The driver's configuration: 5 s to connect, TLS as `sslmode` says.
    func configuration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketFolder {
            configuration = .init(unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch sslMode {
            case "disable": tls = .disable
            case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("application_name", "copydesk")]
        return configuration
    }

    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? url
    }
}

/// A state URL that cannot be used.
package struct PostgresLocationError: Error, CustomStringConvertible {
    package var reason: String
    package var description: String { reason }
}
