// Streams texts (one JSON string per line on standard input) through the dedup stage in memory:
// shingle, sketch, query, insert. Prints documents, CPU seconds, documents per CPU-second, index
// bytes and verdict counts as one JSON object. Used by bench/dedup_bench.py. With `--verdicts`, first
// prints each document's verdict as a line (status, the line number it repeats, similarity), for
// checking that a change to the index keeps the answers.
import Copydesk
import CopydeskCore
import Foundation

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var documents: [Document] = []
while let line = readLine(strippingNewline: true) {
    guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else { continue }
    var document = Document(id: SHA256.hexDigest(of: Array(line.utf8)),
                            source: Source(name: "\(documents.count).txt", bytes: text.utf8.count, format: .text,
                                           encoding: "utf-8", received: "2026-11-21T00:00:00Z"),
                            input: nil)
    document.text = text
    documents.append(document)
}
let stage = try DedupStage()
var counts: [String: Int] = [:]
var verdicts: [DedupResult] = []
verdicts.reserveCapacity(documents.count)
let start = cpuSeconds()
for document in documents {
    let verdict = try stage.verdict(id: document.id, text: document.text)
    counts[verdict.status.rawValue, default: 0] += 1
    verdicts.append(verdict)
}
let seconds = cpuSeconds() - start
if CommandLine.arguments.contains("--verdicts") {
    let lines = Dictionary(documents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    for verdict in verdicts {
        print(verdict.status.rawValue, verdict.of.flatMap { lines[$0] }.map(String.init) ?? "-", verdict.similarity ?? 0)
    }
}
let result: [String: Any] = [
    "documents": documents.count, "cpu_seconds": seconds, "documents_per_cpu_second": Double(documents.count) / seconds,
    "index_bytes": stage.indexBytes, "exact_shingle_bytes": stage.exactShingleBytes, "verdicts": counts,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
