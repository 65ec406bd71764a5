import Copydesk
import CopydeskCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// One connection to PostgreSQL for blocking callers (the finisher's and the dedup stage's own
/// threads, never Swift's cooperative ones): each call waits for its answer, at most
/// ``answerTimeout``. Calls are serialised. After a failure the connection is dropped and the next
/// call opens a new one, so a restarted server is picked up without a restart of Copydesk.
final class PostgresSession: Sendable {
    /// The longest wait for one answer; a server that stops answering (SIGSTOP, a cut network) is
    /// given up on and the call fails, transiently.
    static let answerTimeout: TimeAmount = .seconds(30)

    let location: PostgresLocation
    private let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)
    private static let nextID = Atomic<Int>(1)

    init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    deinit {
        connection.withLock { current in current.map(Self.release) }
    }

    /// Closes the connection and waits until it is closed.
    func close() {
        let closing = connection.withLock { current -> PostgresConnection? in
            defer { current = nil }
            return current
        }
        if let closing {
            let done: EventLoopFuture<Void> = closing.close()
            _ = try? done.wait()
        }
    }

    /// Closes `connection` in the background; the closure keeps it alive until it is closed (the
    /// driver requires a connection to be closed before it is freed).
    private static func release(_ connection: PostgresConnection) {
        let done: EventLoopFuture<Void> = connection.close()
        done.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Runs `body` with the connection (opened if needed), holding it for the whole call.
    @discardableResult
    func withLink<T>(_ body: (PostgresLink) throws -> T) throws -> T {
        try connection.withLock { (current: inout PostgresConnection?) throws -> T in
            let open: PostgresConnection
            if let current, !current.isClosed {
                open = current
            } else {
                current = nil
                open = try Self.wait(PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                                configuration: try location.configuration(),
                                                                id: Self.nextID.add(1, ordering: .relaxed).oldValue, logger: logger),
                                     what: "connecting to \(location)")
                current = open
            }
            do {
                return try body(PostgresLink(connection: open, logger: logger, location: location))
            } catch let failure as StateDatabaseError where failure.isConnectionLost {
                Self.release(open)
                current = nil
                throw failure
            }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: (PostgresLink) throws -> T) throws -> T {
        try withLink { link in
            try link.execute("BEGIN")
            do {
                let result = try body(link)
                try link.execute("COMMIT")
                return result
            } catch {
                if !((error as? StateDatabaseError)?.isConnectionLost ?? false) { try? link.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Waits for `future`, at most ``answerTimeout``, turning the driver's errors into ``StateDatabaseError``.
    static func wait<T: Sendable>(_ future: EventLoopFuture<T>, what: @autoclosure () -> String) throws -> T {
        let promise = future.eventLoop.makePromise(of: T.self)
        let timer = future.eventLoop.scheduleTask(in: answerTimeout) {
            promise.fail(StateDatabaseError(kind: .unreachable, message: "no answer in \(answerTimeout.nanoseconds / 1_000_000_000) s"))
        }
        future.whenComplete { result in
            timer.cancel()
            promise.completeWith(result)
        }
        do {
            return try promise.futureResult.wait()
        } catch let error as StateDatabaseError {
            throw StateDatabaseError(kind: error.kind, message: "\(what()): \(error.message)")
        } catch {
            throw StateDatabaseError(error, while: what())
        }
    }
}

/// The connection during one call of ``PostgresSession``.
struct PostgresLink {
    let connection: PostgresConnection
    let logger: Logger
    let location: PostgresLocation

    /// Runs `query` and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        try PostgresSession.wait(connection.query(query, logger: logger), what: "state database \(location)").rows
    }

    /// Runs `query` and returns how many rows it changed.
    func changed(_ query: PostgresQuery) throws -> Int {
        try PostgresSession.wait(connection.query(query, logger: logger), what: "state database \(location)").metadata.rows ?? 0
    }

    /// Runs a statement without parameters.
    func execute(_ sql: String) throws {
        try rows(PostgresQuery(unsafeSQL: sql))
    }

    /// Sends `query` without waiting for its answer: the server runs a connection's statements in the
    /// order they were sent, so several can go in one round trip. Wait with ``answer(_:)``.
    func send(_ query: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
        connection.query(query, logger: logger)
    }

    /// The answer to a statement sent with ``send(_:)``.
    @discardableResult
    func answer(_ future: EventLoopFuture<PostgresQueryResult>) throws -> [PostgresRow] {
        try PostgresSession.wait(future, what: "state database \(location)").rows
    }
}

/// A failure of the state database, with what was being done. Transient (the file waits in
/// processing/ and the call is retried with backoff) unless the server refused the statement itself.
package struct StateDatabaseError: Error, ClassifiedFault, CustomStringConvertible {
    package enum Kind: Sendable {
        /// The server cannot be reached, or the connection broke.
        case unreachable
        /// The server answered with an error (SQLSTATE in the message).
        case refused(sqlState: String)
        /// The password or the role was refused.
        case authentication
    }
    package var kind: Kind
    package var message: String

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ error: any Error, while what: String) {
        guard let psql = error as? PSQLError else {
            self.init(kind: .unreachable, message: "\(what): \(error)")
            return
        }
        if psql.code == .server, let state = psql.serverInfo?[.sqlState] {
            let text = psql.serverInfo?[.message] ?? "error"
            let kind: Kind = state.hasPrefix("28") ? .authentication : .refused(sqlState: state)
            self.init(kind: kind, message: "\(what): \(text) (SQLSTATE \(state))")
        } else if [.authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError].contains(psql.code) {
            self.init(kind: .authentication, message: "\(what): authentication failed (\(psql.code)); set COPYDESK_STATE_PASSWORD or COPYDESK_STATE_PASSWORD_FILE")
        } else {
            let cause = psql.underlying.map { ": \($0)" } ?? ""
            self.init(kind: .unreachable, message: "\(what): \(psql.code)\(cause)")
        }
    }

    /// Whether the connection must be dropped (it broke, or the server is shutting down).
    var isConnectionLost: Bool {
        switch kind {
        case .unreachable: return true
        case .refused(let state): return state.hasPrefix("08") || state.hasPrefix("57P")
        case .authentication: return true
        }
    }

    /// A broken connection, a server shutting down or out of resources, a serialization failure or a
    /// lock timeout clear by themselves; a refused statement or password does not.
    package var isTransient: Bool {
        switch kind {
        case .unreachable: return true
        case .authentication: return false
        case .refused(let state):
            return ["08", "40", "53", "55", "57"].contains { state.hasPrefix($0) }
        }
    }

    package var description: String { message }
}
