// Times the clean stage's extraction (`Cleaner.clean`: libxml2 parse, metadata, article extraction)
// page by page on decoded pages, the way bench/extraction_bench.py times the Python peers: each page
// is read and decoded first (untimed), then only the call is timed, after one untimed warm-up call.
// Writes {page id: {"articleBody": text}} for ../shared/eval/extraction/score.py and prints the CPU
// seconds. Used by bench/extraction_bench.py.
//
// Usage: copydesk-clean-bench PAGES_DIR OUTPUT_JSON
import Copydesk
import CopydeskCore
import Foundation

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: copydesk-clean-bench PAGES_DIR OUTPUT_JSON\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1])
let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }.sorted()
let pages = try names.map { name in
    (String(name.dropLast(5)), String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self))
}
if let first = pages.first { _ = Cleaner.clean(DecodedInput(format: .html, content: first.1)) }
var cpu = 0.0
var results: [String: [String: String]] = [:]
for (id, html) in pages {
    let start = cpuSeconds()
    let cleaned = Cleaner.clean(DecodedInput(format: .html, content: html))
    cpu += cpuSeconds() - start
    results[id] = ["articleBody": cleaned.paragraphs.joined(separator: "\n\n")]
}
try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys]).write(to: URL(fileURLWithPath: arguments[2]))
print(cpu)
