// Times the clean stage's extraction (`Cleaner.clean`: libxml2 parse, metadata, article extraction)
// page by page on decoded pages, the way bench/extraction_bench.py times the Python peers: each page
// is read and decoded first (untimed), then only the call is timed, after one untimed warm-up call.
// Writes {page id: {"articleBody": text}} for ../shared/eval/extraction/score.py and prints the CPU
// seconds. Used by bench/extraction_bench.py.
//
// Usage: copydesk-clean-bench PAGES_DIR OUTPUT_JSON
//        copydesk-clean-bench --read [--passes N] DIR …   (bench/wire_bench.py)
//
// With --read, it times reading each file of each folder the way `copydesk run` reads it: intake
// (decoding, recognising the format, unpacking an agency file into its stories) and the clean
// stage's `Cleaner.clean` on every document, the bytes already in memory, and prints one JSON
// object: per folder, its files, bytes, documents and CPU seconds.
import Copydesk
import CopydeskCore
import Foundation

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "--read" {
    // --read [--passes N] DIR …: every folder is read N times, in alternating order, and the least
    // CPU of each counts (the machine is shared: one process, warm caches, interleaved folders).
    var folders = Array(arguments.dropFirst(2))
    var passes = 1
    if folders.count >= 2, folders[0] == "--passes", let count = Int(folders[1]) {
        passes = max(1, count)
        folders.removeFirst(2)
    }
    let intake = Intake()
    let loaded = try folders.map { folderPath -> (String, [(String, [UInt8])]) in
        let folder = URL(fileURLWithPath: folderPath)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        return (folder.lastPathComponent, try names.map { ($0, [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)))) })
    }
    var report: [String: [String: Double]] = [:]
    for pass in 0..<passes {
        for (name, files) in pass % 2 == 0 ? loaded : loaded.reversed() {
            if let first = files.first { _ = try? intake.documents(from: first.1, name: first.0).map { Cleaner.clean($0.input!) } }
            var bytes = 0, documents = 0, failed = 0
            let start = cpuSeconds()
            for (fileName, data) in files {
                do {
                    for document in try intake.documents(from: data, name: fileName) {
                        _ = Cleaner.clean(document.input!)
                        documents += 1
                    }
                } catch {
                    failed += 1
                }
                bytes += data.count
            }
            let cpu = cpuSeconds() - start
            if cpu < report[name]?["cpu"] ?? .infinity {
                report[name] = ["files": Double(files.count), "bytes": Double(bytes), "documents": Double(documents),
                                "failed": Double(failed), "cpu": cpu]
            }
        }
    }
    print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    exit(0)
}
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
