import CopydeskCore
import Foundation

/// Appends output lines to `out/documents-YYYY-MM-DD.jsonl` (UTC date) and makes each durable with
/// `fsync` before the ledger records it; on start, repairs what a crash left behind.
public final class OutputJournal: @unchecked Sendable {
    // Used only from the pipeline's emit step, which is serial.
    private let folder: URL
    private let ledgerPrefix: String
    private var openFile: (name: String, descriptor: Int32)?

    /// Where a line landed.
    public struct Position: Sendable, Equatable {
        /// The output file's name in out/ ("NODE/documents-….jsonl" in a group).
        public var file: String
        /// Byte offset of the line.
        public var offset: Int64
        /// Its length, newline included.
        public var length: Int64
    }

    /// A journal writing into `folder` (out/, or out/NODE/ in a group); its files are named in the
    /// ledger with `ledgerPrefix` before them ("NODE/"), so that a shared ledger tells nodes apart.
    public init(folder: URL, ledgerPrefix: String = "") {
        self.folder = folder
        self.ledgerPrefix = ledgerPrefix
    }

    deinit { if let openFile { close(openFile.descriptor) } }

    /// The file name for a UTC day.
    public static func fileName(for date: Date) -> String {
        "documents-\(Timestamp.iso8601(date).prefix(10)).jsonl"
    }

    /// Appends one complete line (ending in `\n`) and `fsync`s it.
    public func append(_ line: [UInt8], now: Date = Date()) throws -> Position {
        let name = Self.fileName(for: now)
        if openFile?.name != name {
            if let openFile { close(openFile.descriptor) }
            let path = folder.appendingPathComponent(name).path
            if openFile == nil { try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw POSIXFailure("open \(path)") }
            openFile = (name, fd)
        }
        let fd = openFile!.descriptor
        let offset = lseek(fd, 0, SEEK_END)
        guard offset >= 0 else { throw POSIXFailure("seek \(name)") }
        try line.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    let failure = POSIXFailure("write \(name)")
                    _ = ftruncate(fd, offset)  // never leave half a line behind (full disk)
                    throw failure
                }
                written += result
            }
        }
        guard fsync(fd) == 0 else {
            let failure = POSIXFailure("fsync \(name)")
            _ = ftruncate(fd, offset)  // the line may not be durable: take it back, the caller retries
            throw failure
        }
        return Position(file: ledgerPrefix + name, offset: Int64(offset), length: Int64(line.count))
    }

    /// What recovery found.
    public struct Recovery: Sendable, Equatable {
        /// Bytes of torn last lines cut off.
        public var tornBytesCut: Int = 0
        /// Complete lines past the ledger's committed end, now recorded in the ledger.
        public var linesRecorded: Int = 0
    }

    /// For each output file: cuts a torn last line, and records in the ledger the complete lines a
    /// crash left written but uncommitted, so their inputs are not written a second time.
    package func recover(ledger: any LedgerStore) throws -> Recovery {
        var recovery = Recovery()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasPrefix("documents-") && name.hasSuffix(".jsonl") {
            let path = folder.appendingPathComponent(name).path
            let ledgerName = ledgerPrefix + name
            var committed = try ledger.committedEnd(of: ledgerName)
            guard let handle = FileHandle(forUpdatingAtPath: path) else { throw POSIXFailure("open \(path)") }
            defer { try? handle.close() }
            let size = Int64(try handle.seekToEnd())
            if committed > size { committed = 0 }  // the file was replaced: look at all of it
            guard size > committed else { continue }
            try handle.seek(toOffset: UInt64(committed))
            let tail = try handle.readToEnd() ?? Data()
            var lineStart = 0
            let bytes = [UInt8](tail)
            for (index, byte) in bytes.enumerated() where byte == 0x0A {
                let line = bytes[lineStart..<index]
                let offset = committed + Int64(lineStart)
                if let document = try? Document(jsonLine: line) {
                    if try ledger.entry(for: document.id) == nil {
                        try ledger.recordWritten(id: document.id, sourceName: document.source.name, file: ledgerName,
                                                 offset: offset, length: Int64(index - lineStart + 1),
                                                 at: Timestamp.iso8601(Date()))
                        recovery.linesRecorded += 1
                    }
                }
                lineStart = index + 1
            }
            let completeEnd = committed + Int64(lineStart)
            if completeEnd < size {
                try handle.truncate(atOffset: UInt64(completeEnd))
                try handle.synchronize()
                recovery.tornBytesCut += Int(size - completeEnd)
            }
            try ledger.setCommittedEnd(of: ledgerName, to: completeEnd)
        }
        return recovery
    }
}
