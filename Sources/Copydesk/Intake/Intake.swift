import CopydeskCore
import Foundation

/// Reads inputs and turns them into documents ready for cleaning: bytes → id → encoding → format.
public struct Intake: Sendable {
    /// The largest input accepted, in bytes.
    public var maximumBytes: Int

    /// The default size limit: 32 MiB, far above any news page, far below what hurts the machine.
    public static let defaultMaximumBytes = 32 << 20

    /// Creates an intake with a size limit.
    public init(maximumBytes: Int = Intake.defaultMaximumBytes) {
        self.maximumBytes = maximumBytes
    }

    /// Reads the file at `path` into its documents, or describes why it cannot be processed.
    /// - Parameter name: the source name to record; defaults to the file's name.
    /// - Parameter relativePath: where the file was, relative to the input root or the inbox
    ///   (`source.path`); defaults to the name.
    public func documents(atPath path: String, name: String? = nil, relativePath: String? = nil) -> Result<[Document], PipelineFailure> {
        let name = name ?? (path as NSString).lastPathComponent
        do {
            let bytes = try readBytes(atPath: path)
            return .success(try documents(from: bytes, name: name, path: relativePath))
        } catch {
            return .failure(PipelineFailure(sourceName: name, stage: "intake", reason: "\(error)",
                                            isTransient: FaultClassifier.copydesk.isTransient(error)))
        }
    }

    /// Turns raw bytes into documents, or throws ``IntakeError``: one for most files, one per story
    /// for files that hold several (a news message, an e-mail with an attached story).
    ///
    /// Item 1 of a file has the file's SHA-256 as its id; item *n* > 1 has the SHA-256 of
    /// `<file's SHA-256>#n`, so every id is stable across runs.
    public func documents(from bytes: [UInt8], name: String, path: String? = nil, received: Date = Date()) throws -> [Document] {
        guard bytes.count <= maximumBytes else { throw IntakeError.tooLarge(bytes: bytes.count, limit: maximumBytes) }
        guard bytes.contains(where: { !Self.isASCIISpace($0) }) else { throw IntakeError.empty }
        let file = try Unpacker.unpack(bytes, fileName: name)
        let fileID = SHA256.hexDigest(of: bytes)
        let receivedAt = Timestamp.iso8601(received)
        return file.items.map { item in
            let id = item.index == 1 ? fileID : SHA256.hexDigest(of: Array("\(fileID)#\(item.index)".utf8))
            let part = file.itemCount > 1 ? SourceItem(index: item.index, count: file.itemCount, kind: item.kind, name: item.name) : nil
            let source = Source(name: name, path: path, bytes: bytes.count, format: item.input.format, encoding: file.encoding,
                                received: receivedAt, item: part)
            var document = Document(id: id, source: source, input: item.input)
            document.warnings = file.warnings
            return document
        }
    }

    /// Reads a regular file. Non-blocking open: a FIFO, socket or device (directly or behind a
    /// symlink) is refused at once instead of blocking the reader until someone writes to it.
    private func readBytes(atPath path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            if FaultClassifier.transientCodes.contains(code) { throw POSIXFailure("open \(path)", code: code) }
            switch code {
            case ENOENT: throw IntakeError.unreadable("no such file")
            case EACCES: throw IntakeError.unreadable("permission denied")
            case ENXIO: throw IntakeError.notRegular(kind: "socket or device")
            default: throw IntakeError.unreadable(String(cString: strerror(code)))
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw IntakeError.unreadable(String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw IntakeError.unreadable("it is a directory")
        case S_IFIFO: throw IntakeError.notRegular(kind: "named pipe (FIFO)")
        case S_IFSOCK: throw IntakeError.notRegular(kind: "socket")
        case S_IFCHR: throw IntakeError.notRegular(kind: "character device")
        case S_IFBLK: throw IntakeError.notRegular(kind: "block device")
        default: throw IntakeError.notRegular(kind: "special file")
        }
        guard Int(status.st_size) <= maximumBytes else {
            throw IntakeError.tooLarge(bytes: Int(status.st_size), limit: maximumBytes)
        }
        // Read to the end, but never past one byte over the limit (the file may still be growing).
        var bytes = [UInt8](repeating: 0, count: min(max(Int(status.st_size), 4096), maximumBytes + 1))
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= maximumBytes else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, maximumBytes + 1 - bytes.count)))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                let code = errno
                if code == EINTR { continue }
                if FaultClassifier.transientCodes.contains(code) && code != EAGAIN { throw POSIXFailure("read \(path)", code: code) }
                throw IntakeError.unreadable(String(cString: strerror(code)))
            }
            if got == 0 { break }
            count += got
        }
        guard count <= maximumBytes else { throw IntakeError.tooLarge(bytes: count, limit: maximumBytes) }
        bytes.removeSubrange(count...)
        return bytes
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }
}

/// UTC timestamps in the output's format.
enum Timestamp {
    /// `2026-11-21T09:14:03Z`.
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
