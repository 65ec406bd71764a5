import Foundation

/// The drop folder's layout and the moves a file makes through it:
/// `inbox/ → processing/ → done/ | failed/`, plus `out/` and `state/`.
///
/// Moves are renames within one file system, so a file is always in exactly one folder. A name
/// already taken in the destination is never overwritten: the file gets "name.1.ext", "name.2.ext", ….
///
/// A daemon of a group (several daemons on one root, with shared state) has a node name, and its
/// own `processing/NODE/`, `out/NODE/` and `state/NODE/`: no two processes append to one file or
/// take one lock; inbox/, done/ and failed/ are shared.
public struct DropFolder: Sendable {
    /// The watched root.
    public let root: URL
    /// This daemon's node name in a group; `nil` for a daemon alone on its root.
    public let node: String?
    /// Where files arrive.
    public var inbox: URL { root.appendingPathComponent("inbox") }
    /// Where a file is while it is being worked on (`processing/NODE/` in a group).
    public var processing: URL { nodeFolder("processing") }
    /// Originals after success.
    public var done: URL { root.appendingPathComponent("done") }
    /// Originals that failed, each with `NAME.error.json` beside it.
    public var failed: URL { root.appendingPathComponent("failed") }
    /// `documents-YYYY-MM-DD.jsonl` (in `out/NODE/` in a group).
    public var out: URL { nodeFolder("out") }
    /// The ledger, the lock and the metrics file (`state/NODE/` in a group: the lock, the metrics).
    public var state: URL { nodeFolder("state") }
    /// How this node's output files are named in a shared ledger: "NODE/" in a group, else "".
    public var outputPrefix: String { node.map { $0 + "/" } ?? "" }

    /// A drop folder at `root` (not created until ``createLayout()``), seen by `node` when given.
    public init(root: URL, node: String? = nil) {
        self.root = root.standardizedFileURL
        self.node = node
    }

    /// The same root seen by another node (to recover a dead node's files).
    public func seen(by other: String) -> DropFolder { DropFolder(root: root, node: other) }

    /// Whether `name` can name a node: letters, digits, `.`, `_` and `-`, at most 64, not starting with a dot.
    public static func isValidNodeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    private func nodeFolder(_ name: String) -> URL {
        let folder = root.appendingPathComponent(name)
        return node.map { folder.appendingPathComponent($0) } ?? folder
    }

    /// Creates the root and its six subfolders where missing.
    public func createLayout() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw LayoutError(path: root.path, reason: "is a file, not a folder; give the drop folder's path")
        }
        for folder in [inbox, processing, done, failed, out, state] {
            guard mkdir(folder.path, 0o775) != 0 else { continue }
            let code = errno
            if code == EEXIST {
                guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw LayoutError(path: folder.path, reason: "is a file where the drop folder needs a folder")
                }
                continue
            }
            if code == ENOENT {
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    continue
                } catch {}
            }
            throw LayoutError(path: folder.path, reason: "cannot be created: \(String(cString: strerror(code)))")
        }
    }

    /// Whether `root` has the folders a drop folder has (it has been watched, or laid out).
    public var isLaidOut: Bool {
        [inbox, processing, done, failed, out, state].allSatisfy { folder in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// A drop folder's layout cannot be made.
    public struct LayoutError: Error, CustomStringConvertible, Sendable {
        /// The path at fault.
        public var path: String
        /// What is wrong with it.
        public var reason: String
        /// "`path` `reason`".
        public var description: String { "\(path) \(reason)" }
    }

    /// Hidden and temporary names are left alone until they are renamed: `.name`, `*.tmp`, `*.part`,
    /// `*.crdownload`, `*.partial`, `*.swp`, `name~`, and the `*.error.json` files Copydesk writes.
    public static func isIgnored(name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix("~") { return true }
        let lower = name.lowercased()
        return [".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".filepart", ".error.json"]
            .contains { lower.hasSuffix($0) }
    }

    /// Moves `file` into `folder` under its own name, or a free variant of it. `name` may be a
    /// relative path (`sport/results.txt`, a file from an inbox subfolder): its folders are made
    /// inside `folder`. Folders of processing/ the move leaves empty are removed. Returns the new path.
    ///
    /// In a group, other daemons move files into the shared folders (inbox/, done/, failed/) at the same
    /// moment: the free name is then claimed with `link(2)`, which never replaces (atomic on NFS too),
    /// and the old name removed; a name taken meanwhile makes it try the next. Taking a file into this
    /// node's processing/ stays a rename: of two nodes renaming one inbox file, one wins.
    @discardableResult
    public func move(_ file: URL, into folder: URL, name: String? = nil) throws -> URL {
        let shared = node != nil && !(folder.standardizedFileURL.path + "/").hasPrefix(processing.standardizedFileURL.path + "/")
        while true {
            let destination = freeName(for: name ?? file.lastPathComponent, in: folder)
            try makeParent(of: destination)
            if !shared {
                guard rename(file.path, destination.path) == 0 else { throw POSIXFailure("rename \(file.path) → \(destination.path)") }
            } else {
                guard link(file.path, destination.path) == 0 else {
                    if errno == EEXIST { continue }
                    throw POSIXFailure("link \(file.path) → \(destination.path)")
                }
                guard unlink(file.path) == 0 || errno == ENOENT else { throw POSIXFailure("unlink \(file.path)") }
            }
            pruneEmptyFolders(above: file)
            return destination
        }
    }

    /// Makes the folders above `url` that do not exist yet.
    public func makeParent(of url: URL) throws {
        let parent = url.deletingLastPathComponent()
        if exists(parent) { return }
        try makeParent(of: parent)
        if mkdir(parent.path, 0o775) != 0 && errno != EEXIST { throw POSIXFailure("mkdir \(parent.path)") }
    }

    /// Removes the folders above `file` inside processing/ that are empty now.
    func pruneEmptyFolders(above file: URL) {
        let top = processing.standardizedFileURL.path
        var folder = file.deletingLastPathComponent().standardizedFileURL
        while folder.path.hasPrefix(top + "/") {
            guard rmdir(folder.path) == 0 else { return }
            folder = folder.deletingLastPathComponent()
        }
    }

    /// A safe relative name: '/'-separated, no empty, `.` or `..` component, not absolute.
    public static func isSafeRelativeName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/") else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// The path of `file` below `folder` ("sport/results.txt"), or its name when it is not below it.
    public static func relativeName(of file: URL, in folder: URL) -> String {
        let base = folder.standardizedFileURL.path
        let path = file.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : file.lastPathComponent
    }

    /// The first of "name", "name.1.ext", "name.2.ext", … not present in `folder`. A relative path
    /// ("sport/results.txt") keeps its folders; only the file name varies.
    ///
    /// Safe without a lock against other writers for a daemon alone on its root (one per root, see
    /// ``DaemonLock``); a group's daemons claim the name they get with `link(2)` (``move(_:into:name:)``).
    /// With `withReason`, a name whose `NAME.error.json` exists is taken too (failed/).
    public func freeName(for name: String, in folder: URL, withReason: Bool = false) -> URL {
        if let slash = name.lastIndex(of: "/"), Self.isSafeRelativeName(name) {
            return freeName(for: String(name[name.index(after: slash)...]), in: folder.appendingPathComponent(String(name[..<slash])),
                            withReason: withReason)
        }
        let name = (name as NSString).lastPathComponent
        let exists = { (url: URL) in self.exists(url) || (withReason && self.exists(url.deletingLastPathComponent()
            .appendingPathComponent(url.lastPathComponent + ".error.json"))) }
        let candidate = folder.appendingPathComponent(name)
        if !exists(candidate) { return candidate }
        let stem: String, ext: String
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            stem = String(name[..<dot]); ext = String(name[dot...])
        } else {
            stem = name; ext = ""
        }
        var counter = 1
        while true {
            let next = folder.appendingPathComponent("\(stem).\(counter)\(ext)")
            if !exists(next) { return next }
            counter += 1
        }
    }

    /// The files in processing/ and its subfolders, as paths relative to it, sorted; hidden and
    /// temporary names left out.
    public func filesInProcessing() -> [String] {
        FolderWalk.relativeFiles(below: processing.path) { name, _ in Self.isIgnored(name: name) }
    }

    /// Whether `path` names anything, a dangling symlink included.
    func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Whether `url` lies inside the root once every symlink is resolved.
    public func contains(resolved url: URL) -> Bool {
        let rootPath = root.resolvingSymlinksInPath().path
        let path = url.resolvingSymlinksInPath().path
        return path == rootPath || path.hasPrefix(rootPath + "/")
    }
}

/// An error from a POSIX call, with `errno`'s message.
public struct POSIXFailure: Error, CustomStringConvertible, Sendable {
    /// What was attempted.
    public var operation: String
    /// `errno` at the time.
    public var code: Int32

    /// Captures `errno` for `operation`.
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    /// "`operation`: `strerror`".
    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
