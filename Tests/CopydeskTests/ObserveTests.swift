import Foundation
import Testing

/// The daemon seen from outside: `/metrics` read by Prometheus's own Python parser, `/healthz`
/// through recovery, and configuration reloads on SIGHUP.
@Suite("Observe and reload")
struct ObserveTests {
    /// Fetches `url` with Python; for `/metrics`, parses it with `prometheus_client.parser` and
    /// prints `{"status": …, "samples": [[name, labels, value], …]}`, else `{"status": …, "body": …}`.
    static func fetch(_ url: String) async throws -> [String: Any] {
        let script = """
            import json, sys, urllib.request, urllib.error
            from prometheus_client.parser import text_string_to_metric_families
            url = sys.argv[1]
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    status, body, kind = response.status, response.read().decode(), response.headers.get("Content-Type")
            except urllib.error.HTTPError as error:
                status, body, kind = error.code, error.read().decode(), error.headers.get("Content-Type")
            out = {"status": status, "body": body, "type": kind}
            if url.endswith("/metrics") and status == 200:
                out["samples"] = [[s.name, s.labels, s.value] for f in text_string_to_metric_families(body) for s in f.samples]
                out["families"] = {f.name: f.type for f in text_string_to_metric_families(body)}
            print(json.dumps(out))
            """
        let result = try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [CommandLineTests.python, "-c", script, url], timeout: 30)
        guard result.status == 0, let object = try result.jsonLines().first else {
            throw TestFailure("fetching \(url) failed: \(result.standardError)")
        }
        return object
    }

    /// The port the daemon logged for `--metrics-listen HOST:0`.
    static func port(of daemon: DaemonHarness) async throws -> Int {
        var port: Int?
        try await daemon.waitUntil("the metrics listener is up") {
            port = daemon.log.firstMatch(of: /port=([0-9]+) .*metrics listening/).flatMap { Int($0.output.1) }
            return port != nil
        }
        return port!
    }

    static func sample(_ report: [String: Any], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for case let entry as [Any] in report["samples"] as? [Any] ?? [] {
            guard entry.count == 3, entry[0] as? String == name, let sampleLabels = entry[1] as? [String: String] else { continue }
            if labels.allSatisfy({ sampleLabels[$0.key] == $0.value }) { return (entry[2] as? NSNumber)?.doubleValue }
        }
        return nil
    }

    @Test func metricsAreScrapedByPrometheusParser() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start(["--metrics-listen", "127.0.0.1:0"])
        let port = try await Self.port(of: daemon)
        try daemon.write("good.txt", "The mayor said on Tuesday that the bridge over the harbour would reopen in May.")
        try daemon.write("empty.txt", "")
        try await daemon.waitUntil("both are finished") { daemon.names(in: "done").count == 1 && daemon.names(in: "failed").count == 2 }

        let report = try await Self.fetch("http://127.0.0.1:\(port)/metrics")
        #expect(report["status"] as? Int == 200)
        #expect((report["type"] as? String)?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(Self.sample(report, "copydesk_documents_total", ["result": "written"]) == 1)
        #expect(Self.sample(report, "copydesk_documents_total", ["result": "failed"]) == 1)
        #expect(Self.sample(report, "copydesk_failures_total", ["kind": "intake"]) == 1)
        #expect(Self.sample(report, "copydesk_processing_seconds_count") == 2)
        let families = report["families"] as? [String: String] ?? [:]
        #expect(families["copydesk_stage_seconds"] == "histogram")
        #expect(families["copydesk_processing_seconds"] == "histogram")
        for stage in ["clean", "dedup", "entities", "claims"] {
            #expect(Self.sample(report, "copydesk_stage_seconds_count", ["stage": stage]) == 1, "\(stage)")
        }
        #expect(Self.sample(report, "copydesk_last_success_timestamp_seconds").map { $0 > 1_700_000_000 } == true)

        let health = try await Self.fetch("http://127.0.0.1:\(port)/healthz")
        #expect(health["status"] as? Int == 200)
        #expect(health["body"] as? String == "ready\n")
        let missing = try await Self.fetch("http://127.0.0.1:\(port)/nothing")
        #expect(missing["status"] as? Int == 404)
        try await daemon.stopCleanly()
    }

    @Test func healthzAnswers503UntilRecoveryIsDone() async throws {
        let daemon = try DaemonHarness()
        let hold = daemon.root.appendingPathComponent("hold-recovery")
        try Data().write(to: hold)
        try await daemon.start(["--metrics-listen", "127.0.0.1:0"], environment: ["COPYDESK_TEST_HOLD_RECOVERY": hold.path], waitForUp: false)
        let port = try await Self.port(of: daemon)
        let during = try await Self.fetch("http://127.0.0.1:\(port)/healthz")
        #expect(during["status"] as? Int == 503)
        #expect(during["body"] as? String == "recovering\n")
        try FileManager.default.removeItem(at: hold)
        try await daemon.waitUntil("the daemon is ready") { daemon.log.contains("] ready") }
        let after = try await Self.fetch("http://127.0.0.1:\(port)/healthz")
        #expect(after["status"] as? Int == 200)
        try await daemon.stopCleanly()
    }

    @Test func sighupReloadsForTheNextFileAndRefusesABrokenConfiguration() async throws {
        let daemon = try DaemonHarness()
        try FileManager.default.createDirectory(at: daemon.inbox, withIntermediateDirectories: true)
        let config = daemon.root.appendingPathComponent("copydesk.yaml")
        try Data("stages:\n  - clean\n".utf8).write(to: config)
        try await daemon.start()
        func stages(of name: String) throws -> [String] {
            let line = try daemon.outputLines().first { (($0["source"] as? [String: Any])?["name"] as? String) == name }
            return ((line?["stages"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        }
        try daemon.write("a.txt", "The council met on Tuesday, Ana Ruiz said.")
        try await daemon.waitUntil("a.txt is written") { try daemon.outputLines().count == 1 }
        #expect(try stages(of: "a.txt") == ["clean"])

        try Data("stages:\n  - clean\n  - entities\n".utf8).write(to: config)
        kill(daemon.process!.processIdentifier, SIGHUP)
        try await daemon.waitUntil("the configuration is reloaded") { daemon.log.contains("configuration reloaded") }
        try daemon.write("b.txt", "The harbour board met on Wednesday, Ana Ruiz said.")
        try await daemon.waitUntil("b.txt is written") { try daemon.outputLines().count == 2 }
        #expect(try stages(of: "b.txt") == ["clean", "entities"])

        for broken in ["stages:\n  - clean\n  - claims\n", "stages: [clean\n", "limits:\n  max_bytes: -3\n"] {
            try Data(broken.utf8).write(to: config)
            let refusals = daemon.log.components(separatedBy: "the new configuration is refused").count
            kill(daemon.process!.processIdentifier, SIGHUP)
            try await daemon.waitUntil("the broken configuration is refused") {
                daemon.log.components(separatedBy: "the new configuration is refused").count == refusals + 1
            }
        }
        try daemon.write("c.txt", "The port authority met on Thursday, Ana Ruiz said.")
        try await daemon.waitUntil("c.txt is written") { try daemon.outputLines().count == 3 }
        #expect(try stages(of: "c.txt") == ["clean", "entities"], "the running configuration is kept")
        #expect(daemon.isRunning)
        try await daemon.stopCleanly()
    }
}
