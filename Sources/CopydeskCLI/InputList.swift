import Foundation

/// The inputs of `copydesk run`: files, folders (recursive, sorted, hidden names skipped) and `-`.
enum InputItem: Sendable, Equatable {
    case file(path: String)
    case standardInput

    var displayName: String {
        switch self {
        case .file(let path): return path
        case .standardInput: return "-"
        }
    }
}

enum InputList {
    struct MissingPath: Error, CustomStringConvertible {
        var path: String
        var description: String { "no such file or folder: \(path)" }
    }

    /// Expands command-line paths into inputs, in a stable order.
    static func expand(_ paths: [String]) throws -> [InputItem] {
        var items: [InputItem] = []
        for path in paths {
            if path == "-" { items.append(.standardInput); continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw MissingPath(path: path) }
            if isDirectory.boolValue {
                items.append(contentsOf: filesBelow(path).map { .file(path: $0) })
            } else {
                items.append(.file(path: path))
            }
        }
        return items
    }

    private static func filesBelow(_ folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey],
            options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey])
            if values?.isRegularFile == true { files.append(url.path) }
        }
        return files.sorted()
    }
}
