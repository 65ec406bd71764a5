import Foundation

/// Walks a folder tree with `readdir`, whose entries carry their type, so a caller that needs only
/// names and types makes no `stat` call (Foundation's enumerator makes a URL and a `stat` per entry).
public enum FolderWalk {
    /// Calls `visit` with the path, the name and the `d_type` (`DT_REG`, `DT_DIR`, `DT_LNK`, or
    /// `DT_UNKNOWN` where the file system does not say) of every entry below `root`, "." and ".."
    /// left out, in no particular order. `visit` returns whether to enter the entry as a folder.
    public static func entries(below root: String, _ visit: (_ path: String, _ name: String, _ type: Int32) -> Bool) {
        var folders = [root]
        while let folder = folders.popLast() {
            guard let directory = opendir(folder) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                if visit(path, name, Int32(entry.pointee.d_type)) { folders.append(path) }
            }
        }
    }

    /// Whether an entry that ``entries(below:_:)`` reported is a folder, asking the file system only
    /// when the directory did not say (`DT_UNKNOWN`).
    public static func isFolder(_ path: String, type: Int32) -> Bool {
        if type == Int32(DT_DIR) { return true }
        guard type == Int32(DT_UNKNOWN) else { return false }
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The files below `root`, as '/'-separated paths relative to it, sorted. `skip` leaves out an
    /// entry (a folder with everything in it) by its name and whether it is a folder.
    public static func relativeFiles(below root: String, skip: (_ name: String, _ isFolder: Bool) -> Bool) -> [String] {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var files: [String] = []
        entries(below: root) { path, name, type in
            let folder = isFolder(path, type: type)
            if skip(name, folder) { return false }
            if folder { return true }
            files.append(String(path.dropFirst(prefix.count)))
            return false
        }
        return files.sorted()
    }
}
