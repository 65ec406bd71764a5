import Dispatch
import Foundation

/// Standard input's lines as an async sequence, read on a thread of their own (a blocking read
/// never holds a thread of Swift's cooperative pool) with backpressure: at most `buffered` lines
/// wait, so a fast producer (`RDD.pipe()` writing a whole partition) cannot fill memory.
/// A line longer than `maximumBytes` is handed on as ``Line/tooLong(_:)`` after being skipped.
struct StdinLines: AsyncSequence, Sendable {
    /// One line, without its newline.
    enum Line: Sendable {
        case text([UInt8])
        /// A line over the limit; its length.
        case tooLong(Int)
    }

    let maximumBytes: Int
    let buffered: Int

    func makeAsyncIterator() -> Iterator {
        let permits = DispatchSemaphore(value: buffered)
        let (stream, continuation) = AsyncStream.makeStream(of: Line.self, bufferingPolicy: .unbounded)
        let limit = maximumBytes
        let reader = Thread {
            var line: [UInt8] = []
            var skipped = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            func emit(_ item: Line) {
                permits.wait()
                continuation.yield(item)
            }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                var start = 0
                for index in 0..<count where buffer[index] == 0x0A {
                    if skipped > 0 {
                        emit(.tooLong(skipped + index - start))
                        skipped = 0
                    } else {
                        line.append(contentsOf: buffer[start..<index])
                        if line.count > limit { emit(.tooLong(line.count)) } else { emit(.text(line)) }
                    }
                    line.removeAll(keepingCapacity: true)
                    start = index + 1
                }
                if skipped > 0 {
                    skipped += count - start
                } else {
                    line.append(contentsOf: buffer[start..<count])
                    if line.count > limit {
                        skipped = line.count
                        line = []
                    }
                }
            }
            if skipped > 0 { emit(.tooLong(skipped)) } else if !line.isEmpty { emit(.text(line)) }
            continuation.finish()
        }
        reader.name = "copydesk-stdin"
        reader.start()
        return Iterator(base: stream.makeAsyncIterator(), permits: permits)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: AsyncStream<Line>.Iterator
        let permits: DispatchSemaphore

        mutating func next() async -> Line? {
            guard let line = await base.next() else { return nil }
            permits.signal()
            return line
        }
    }
}
