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
}
