import Foundation
import Synchronization

extension EntityModel {
    /// The environment variable that points at a model file, overriding the default places.
    public static let environmentVariable = "COPYDESK_ENTITY_MODEL"

    /// Where Copydesk looks for the entity model when none is named (`--entity-model`,
    /// `entity_model:`), in order: `COPYDESK_ENTITY_MODEL`; `entities.model` beside the executable;
    /// `../share/copydesk/entities.model` from the executable (the layout `scripts/install PREFIX`
    /// makes); and, for a binary still inside a source tree's `.build/`, that tree's
    /// `models/entities.model`. An installed binary never reads a source tree.
    public static func searchPath(executable: URL? = Bundle.main.executableURL) -> [URL] {
        var places: [URL] = []
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            places.append(URL(fileURLWithPath: path))
        }
        if let folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
            places.append(folder.appendingPathComponent("entities.model"))
            places.append(folder.deletingLastPathComponent().appendingPathComponent("share/copydesk/entities.model"))
            var ancestor = folder
            while ancestor.path != "/" && !ancestor.path.isEmpty {
                if ancestor.lastPathComponent == ".build" {
                    places.append(ancestor.deletingLastPathComponent().appendingPathComponent("models/entities.model"))
                    break
                }
                ancestor = ancestor.deletingLastPathComponent()
            }
        }
        return places
    }

    /// `models/entities.model` in the source tree (this file is Sources/Copydesk/Stages/Entities/…),
    /// for the tests and benchmarks.
    public static var sourceTreeModel: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/entities.model")
    }

    /// The model named by `explicit` when given, else the first readable file of
    /// ``searchPath(executable:)``; the error names every place it looked.
    public static func locate(explicit: String? = nil, executable: URL? = Bundle.main.executableURL) throws -> URL {
        if let explicit {
            guard FileManager.default.isReadableFile(atPath: explicit) else {
                throw FormatError(description: "entity model \(explicit) does not exist or cannot be read")
            }
            return URL(fileURLWithPath: explicit)
        }
        let places = searchPath(executable: executable)
        if let found = places.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) { return found }
        throw FormatError(description: "no entity model found; looked in \(places.map(\.path).joined(separator: ", ")). "
            + "Install with scripts/install PREFIX (it puts the model in PREFIX/share/copydesk), or name one with "
            + "--entity-model FILE, entity_model: in the configuration or \(environmentVariable)")
    }

    private static let cache = ModelCache()

    /// The model at `url`, read once per process and shared.
    public static func shared(at url: URL) throws -> EntityModel {
        try cache.model(at: url)
    }
}

/// Models already read, by path, size and modification time: a model retrained in place is read
/// again (a daemon reloading its configuration on SIGHUP picks it up), an unchanged one is shared.
private final class ModelCache: Sendable {
    private let models = Mutex<[String: EntityModel]>([:])

    func model(at url: URL) throws -> EntityModel {
        var info = stat()
        let key = stat(url.path, &info) == 0
            ? "\(url.path)|\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)" : url.path
        return try models.withLock { models in
            if let model = models[key] { return model }
            let model = try EntityModel(contentsOf: url)
            models = models.filter { !$0.key.hasPrefix(url.path + "|") }
            models[key] = model
            return model
        }
    }
}
