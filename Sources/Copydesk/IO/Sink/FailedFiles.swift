import Foundation

/// The files in failed/, and putting them back: `copydesk retry`.
///
/// A retried file moves back into inbox/ under the name it arrived with (or a free variant of it),
/// where a running daemon takes it like any arrival; its `NAME.error.json` is kept, with the time
/// of the retry in its name, in `failed/.retried/`. The file moves first, so a crash between the two
/// steps leaves at worst a reason without its file, never a file retried twice.
public struct FailedFiles: Sendable {
    /// The drop folder.
    public let folder: DropFolder

    /// The failed files of `folder`.
    public init(folder: DropFolder) { self.folder = folder }

    /// Where archived reasons go.
    public var archive: URL { folder.failed.appendingPathComponent(".retried") }

    /// The failed inputs, as paths relative to failed/ ("story.txt", "sport/results.txt"), sorted.
    public func names() throws -> [String] {
        FolderWalk.relativeFiles(below: folder.failed.path) { name, _ in DropFolder.isIgnored(name: name) }
    }

    /// A file to retry is not in failed/.
    public struct NotFailed: Error, CustomStringConvertible, Sendable {
        /// The name given.
        public var name: String
        /// "NAME is not in failed/".
        public var description: String { "\(name) is not in failed/ (see `ls ROOT/failed` or `copydesk status`)" }
    }

    /// One retried file: its name in failed/ and its new path in inbox/.
    public struct Retried: Sendable, Equatable {
        /// Its name in failed/.
        public var failedName: String
        /// Where it is now.
        public var inboxPath: String
    }

    /// Moves `requested` (all failed files when empty) back to the inbox. Names may be given as paths;
    /// only their last component counts.
    public func retry(_ requested: [String], now: Date = Date()) throws -> [Retried] {
        let available = Set(try names())
        let chosen = requested.isEmpty ? available.sorted() : requested.map { name in
            // A path inside failed/ (as the shell completes it), or a name relative to failed/.
            name.hasPrefix("/") || name.hasPrefix(".") ? DropFolder.relativeName(of: URL(fileURLWithPath: name), in: folder.failed) : name
        }
        for name in chosen where !available.contains(name) { throw NotFailed(name: name) }
        let stamp = Timestamp.iso8601(now).replacingOccurrences(of: ":", with: "")
        var retried: [Retried] = []
        for name in chosen {
            let path = folder.failed.appendingPathComponent(name)
            let reason = Finisher.errorFile(for: path)
            let arrivedAs = Self.originalName(in: reason) ?? name
            let moved = try folder.move(path, into: folder.inbox, name: arrivedAs)
            if FileManager.default.fileExists(atPath: reason.path) {
                try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
                try folder.move(reason, into: archive, name: "\(name.replacingOccurrences(of: "/", with: "__")).\(stamp).error.json")
            }
            retried.append(Retried(failedName: name, inboxPath: moved.path))
        }
        return retried
    }

    /// The `file` field of an error file: the name the input arrived under.
    static func originalName(in errorFile: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: errorFile.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let name = object["file"] as? String, DropFolder.isSafeRelativeName(name) else { return nil }
        return name
    }
}
