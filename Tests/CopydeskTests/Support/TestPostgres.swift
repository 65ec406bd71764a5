import Foundation

/// The PostgreSQL server `scripts/test` starts for the group tests (a throwaway cluster). Tests that
/// need it fail, never skip, when it is not there.
enum TestPostgres {
    /// The cluster's URL, or a failure that says how to get one.
    static func url() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["COPYDESK_TEST_POSTGRES"], !url.isEmpty { return url }
        throw TestFailure("no PostgreSQL for the group tests: " + (environment["COPYDESK_TEST_POSTGRES_ERROR"]
            ?? "run the suite with scripts/test, which starts a throwaway cluster (scripts/postgres start DIR), or set COPYDESK_TEST_POSTGRES to a URL"))
    }

    /// A new, empty database on the test server; its URL.
    static func freshDatabase(on server: String? = nil) async throws -> String {
        let base = try server ?? url()
        guard var components = URLComponents(string: base) else { throw TestFailure("bad URL \(base)") }
        let name = "copydesk_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        components.path = "/postgres"
        try await psql(components.string!, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return components.string!
    }

    /// Runs one statement with psql; returns its unaligned output.
    @discardableResult
    static func psql(_ url: String, _ sql: String) async throws -> String {
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["psql", url, "-qAtc", sql], timeout: 60)
        guard result.status == 0 else { throw TestFailure("psql \(sql): \(result.standardError)") }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `scripts/postgres COMMAND DIR` (a test's own cluster: start, stop, destroy).
    @discardableResult
    static func cluster(_ command: String, _ folder: URL) async throws -> String {
        let script = TestPaths.root.appendingPathComponent("scripts/postgres").path
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["bash", script, command, folder.path], timeout: 180)
        guard result.status == 0 else { throw TestFailure("scripts/postgres \(command): \(result.standardError)") }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
