import Copydesk
import Foundation

/// Buffered writes of output lines to a file or standard output.
final class OutputFile {
    private let handle: FileHandle
    private let closesHandle: Bool
    private var buffer: [UInt8] = []

    init(path: String?, append: Bool) throws {
        guard let path, path != "-" else {
            handle = .standardOutput
            closesHandle = false
            return
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            // A device, FIFO or socket (/dev/null, /dev/stdout, a named pipe): write straight into it,
            // never replace it with a regular file.
            let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else { throw POSIXFailure("open \(path)") }
            handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            closesHandle = true
            return
        }
        if !append || !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        if append { try handle.seekToEnd() }
        self.handle = handle
        closesHandle = true
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ line: [UInt8]) throws {
        buffer.append(contentsOf: line)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if closesHandle { try handle.close() }
    }
}
