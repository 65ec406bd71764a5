import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// The daemon's metrics, kept with swift-metrics on a Prometheus backend (a registry of its own, so
/// that several daemons in one process — the tests — never share counts), exposed as
/// `state/metrics.prom` for node_exporter's textfile collector and on `/metrics` when
/// `--metrics-listen` is given:
///
/// - `copydesk_documents_total{result}`: inputs finished — written, duplicate, dropped, failed, returned;
/// - `copydesk_failures_total{kind[,stage]}`: failures by kind — `intake`, `stage` (with the stage's
///   name), `sink` (appending output), `ledger` (recording it); sink and ledger faults are retried;
/// - `copydesk_processing_seconds`: taken to finished, a histogram;
/// - `copydesk_stage_seconds{stage}`: each stage's time per document, a histogram;
/// - `copydesk_queue_waiting`, `copydesk_last_success_timestamp_seconds`, `copydesk_start_timestamp_seconds`.
public final class DaemonMetrics: Sendable {
    /// Where the metrics are collected; `emit(into:)` gives the exposition.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let processing: CoreMetrics.Timer
    private let waiting: CoreMetrics.Gauge
    private let lastSuccess: CoreMetrics.Gauge
    private let counts = Mutex<[String: Int]>([:])
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])

    /// The results counted in `copydesk_documents_total`.
    public static let results = ["written", "duplicate", "dropped", "failed", "returned"]

    /// Creates the metrics, every result at 0.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            .seconds(10), .seconds(30),
        ]
        self.factory = factory
        processing = CoreMetrics.Timer(label: "copydesk_processing_seconds", factory: factory)
        waiting = CoreMetrics.Gauge(label: "copydesk_queue_waiting", factory: factory)
        lastSuccess = CoreMetrics.Gauge(label: "copydesk_last_success_timestamp_seconds", factory: factory)
        CoreMetrics.Gauge(label: "copydesk_start_timestamp_seconds", factory: factory).record(Date().timeIntervalSince1970)
        lastSuccess.record(0)
        waiting.record(0)
        for result in Self.results { _ = counter("copydesk_documents_total", [("result", result)]) }
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = counter
            return counter
        }
    }

    /// Counts one finished input: `written`, `duplicate`, `dropped`, `failed` or `returned`.
    public func count(_ result: String, secondsSinceTaken: Double? = nil) {
        counter("copydesk_documents_total", [("result", result)]).increment()
        counts.withLock { $0[result, default: 0] += 1 }
        if let secondsSinceTaken { processing.recordNanoseconds(Int64(secondsSinceTaken * 1e9)) }
        if result == "written" || result == "duplicate" || result == "dropped" { lastSuccess.record(Date().timeIntervalSince1970) }
    }

    /// Where a failure arose.
    public enum FailureKind: Sendable, Equatable {
        /// Reading, sniffing, decoding the input.
        case intake
        /// A stage, by name.
        case stage(String)
        /// Appending the output line.
        case sink
        /// Recording the file in the ledger.
        case ledger
    }

    /// Counts one failure of `kind`.
    public func countFailure(_ kind: FailureKind) {
        switch kind {
        case .intake: counter("copydesk_failures_total", [("kind", "intake")]).increment()
        case .stage(let name): counter("copydesk_failures_total", [("kind", "stage"), ("stage", name)]).increment()
        case .sink: counter("copydesk_failures_total", [("kind", "sink")]).increment()
        case .ledger: counter("copydesk_failures_total", [("kind", "ledger")]).increment()
        }
    }

    /// Records a stage's time on one document.
    public func recordStage(_ name: String, milliseconds: Double) {
        let timer = timers.withLock { timers in
            if let timer = timers[name] { return timer }
            let timer = CoreMetrics.Timer(label: "copydesk_stage_seconds", dimensions: [("stage", name)], factory: factory)
            timers[name] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(milliseconds * 1e6))
    }

    /// The count for one result.
    public func value(_ result: String) -> Int { counts.withLock { $0[result] ?? 0 } }

    /// Records the number of arrivals queued for taking.
    public func setWaiting(_ count: Int) { waiting.record(count) }

    /// The Prometheus text exposition, with the queue's length now.
    public func exposition(waiting count: Int) -> [UInt8] {
        waiting.record(count)
        return exposition()
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        return buffer
    }

    /// Writes the exposition to `url` atomically (write a temporary file, then rename).
    public func write(to url: URL, waiting: Int) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".metrics.prom.tmp")
        do {
            try Data(exposition(waiting: waiting)).write(to: temporary)
            _ = rename(temporary.path, url.path)
        } catch {}
    }
}
