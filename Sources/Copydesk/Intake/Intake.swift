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

    /// Reads the file at `path` into a document, or describes why it cannot be processed.
    /// - Parameter name: the source name to record; defaults to the file's name.
    public func document(atPath path: String, name: String? = nil) -> Result<Document, PipelineFailure> {
        let name = name ?? (path as NSString).lastPathComponent
        do {
            let bytes = try readBytes(atPath: path)
            return .success(try document(from: bytes, name: name))
        } catch {
            return .failure(PipelineFailure(sourceName: name, stage: "intake", reason: "\(error)"))
        }
    }

    /// Turns raw bytes into a document, or throws ``IntakeError``.
    public func document(from bytes: [UInt8], name: String, received: Date = Date()) throws -> Document {
        guard bytes.count <= maximumBytes else { throw IntakeError.tooLarge(bytes: bytes.count, limit: maximumBytes) }
        guard bytes.contains(where: { !Self.isASCIISpace($0) }) else { throw IntakeError.empty }
        let decoded = try TextDecoding.decode(bytes)
        guard decoded.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw IntakeError.empty }
        let format = FormatSniffer.format(of: decoded.text, fileName: name)
        let source = Source(name: name, bytes: bytes.count, format: format, encoding: decoded.encoding,
                            received: Timestamp.iso8601(received))
        var document = Document(id: SHA256.hexDigest(of: bytes), source: source,
                                input: DecodedInput(format: format, content: decoded.text))
        if let warning = decoded.warning { document.warnings.append("encoding: \(warning)") }
        return document
    }

    private func readBytes(atPath path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: throw IntakeError.unreadable("no such file")
            case EACCES: throw IntakeError.unreadable("permission denied")
            default: throw IntakeError.unreadable(String(cString: strerror(errno)))
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw IntakeError.unreadable(String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw IntakeError.unreadable("it is a directory") }
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
                if errno == EINTR { continue }
                throw IntakeError.unreadable(String(cString: strerror(errno)))
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
