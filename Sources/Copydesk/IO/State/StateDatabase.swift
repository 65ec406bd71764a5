import GRDB

/// How Copydesk opens an SQLite file in a state folder: a 5 s busy timeout, write-ahead logging and
/// `synchronous = NORMAL` (durable across process crashes; the output journal guards the rest).
enum StateDatabase {
    /// Opens (creating if needed) the database at `path` and applies `migrator`.
    static func open(path: String, migrator: DatabaseMigrator) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try migrator.migrate(database)
        return database
    }
}
