import Copydesk
import CopydeskCore
import Foundation

/// One libFuzzer input: the bytes go through intake (decoding, recognising, unpacking), cleaning
/// and segmentation, as a dropped file would. Refusals (`IntakeError`) are expected; a crash, a
/// sanitizer report, a leak or a run past libFuzzer's `-timeout` is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func copydeskFuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let intake = Intake(maximumBytes: 1 << 20)
    guard let documents = try? intake.documents(from: bytes, name: "fuzz") else { return 0 }
    for document in documents {
        guard let input = document.input else { continue }
        let cleaned = Cleaner.clean(input)
        let text = cleaned.paragraphs.joined(separator: "\n\n")
        let segmentation = Segmenter.segment(text)
        let length = text.unicodeScalars.count
        // What the output promises: every span inside the text, in order.
        for span in segmentation.paragraphs + segmentation.sentences + segmentation.tokens {
            precondition(span.start >= 0 && span.start <= span.end && span.end <= length, "span \(span) outside \(length)")
        }
        precondition(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "a control character in the text")
    }
    return 0
}

/// libFuzzer's driver, for the entry point below.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; with `-parse-as-library` there is none,
/// so this is it: it hands the command line to libFuzzer's driver.
@_cdecl("copydesk_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    warmUp(on: (1..<Int(argc)).compactMap { argv[$0].map { String(cString: $0) } }.filter { !$0.hasPrefix("-") })
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return runFuzzerDriver(&count, &arguments) { start, size in copydeskFuzz(start, size) }
}

/// Runs every file of the seed folders once before libFuzzer starts counting allocations: the
/// readers' word lists and patterns are built once per process, on first use, and would otherwise
/// be reported as leaks of whichever input first needed them.
func warmUp(on folders: [String]) {
    for folder in folders {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBytes { copydeskFuzz($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, $0.count) }
        }
    }
}
