import Foundation

/// Counters the daemon keeps, written as a Prometheus text file (`state/metrics.prom`) that
/// node_exporter's textfile collector, or any scraper that reads files, can pick up.
public final class DaemonMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [String: Int] = [:]
    private var latencySum = 0.0
    private var latencyCount = 0
    private var lastSuccess: TimeInterval = 0
    private let started = Date().timeIntervalSince1970

    /// Creates empty counters.
    public init() {}

    /// Counts one finished input: `written`, `duplicate`, `dropped`, `failed` or `returned`.
    public func count(_ result: String, secondsSinceClaim: Double? = nil) {
        lock.withLock {
            counters[result, default: 0] += 1
            if let secondsSinceClaim {
                latencySum += secondsSinceClaim
                latencyCount += 1
            }
            if result == "written" || result == "duplicate" || result == "dropped" { lastSuccess = Date().timeIntervalSince1970 }
        }
    }

    /// The count for one result.
    public func value(_ result: String) -> Int { lock.withLock { counters[result] ?? 0 } }

    /// The Prometheus text exposition.
    public func exposition(waiting: Int) -> String {
        lock.withLock {
            var lines = [
                "# HELP copydesk_documents_total Inputs finished, by result.",
                "# TYPE copydesk_documents_total counter",
            ]
            for result in ["written", "duplicate", "dropped", "failed", "returned"] {
                lines.append("copydesk_documents_total{result=\"\(result)\"} \(counters[result] ?? 0)")
            }
            lines += [
                "# HELP copydesk_processing_seconds Time from claim to finish.",
                "# TYPE copydesk_processing_seconds summary",
                "copydesk_processing_seconds_sum \(latencySum)",
                "copydesk_processing_seconds_count \(latencyCount)",
                "# HELP copydesk_queue_waiting Arrivals queued for claiming.",
                "# TYPE copydesk_queue_waiting gauge",
                "copydesk_queue_waiting \(waiting)",
                "# HELP copydesk_last_success_timestamp_seconds When an input last finished successfully.",
                "# TYPE copydesk_last_success_timestamp_seconds gauge",
                "copydesk_last_success_timestamp_seconds \(lastSuccess)",
                "# HELP copydesk_start_timestamp_seconds When the daemon started.",
                "# TYPE copydesk_start_timestamp_seconds gauge",
                "copydesk_start_timestamp_seconds \(started)",
            ]
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Writes the exposition to `url` atomically (write a temporary file, then rename).
    public func write(to url: URL, waiting: Int) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".metrics.prom.tmp")
        do {
            try Data(exposition(waiting: waiting).utf8).write(to: temporary)
            _ = rename(temporary.path, url.path)
        } catch {}
    }
}
