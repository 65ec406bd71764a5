import Foundation

extension EntityModel {
    /// The environment variable that points at a model file, overriding the default places.
    public static let environmentVariable = "COPYDESK_ENTITY_MODEL"

    /// Where Copydesk looks for the entity model, in order: `COPYDESK_ENTITY_MODEL`; `entities.model`
    /// beside the executable; `../share/copydesk/entities.model` from the executable (an installed
    /// layout); `models/entities.model` in the source tree the binary was built from.
    public static func searchPath(executable: URL? = Bundle.main.executableURL) -> [URL] {
        var places: [URL] = []
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            places.append(URL(fileURLWithPath: path))
        }
        if let folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
            places.append(folder.appendingPathComponent("entities.model"))
            places.append(folder.deletingLastPathComponent().appendingPathComponent("share/copydesk/entities.model"))
        }
        places.append(sourceTreeModel)
        return places
    }

    /// `models/entities.model` in the source tree (this file is Sources/Copydesk/Stages/Entities/…).
    public static var sourceTreeModel: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/entities.model")
    }

    /// The first readable model of ``searchPath(executable:)``, or `explicit` when given.
    public static func locate(explicit: String? = nil) throws -> URL {
        if let explicit {
            guard FileManager.default.isReadableFile(atPath: explicit) else {
                throw FormatError(description: "entity model \(explicit) does not exist or cannot be read")
            }
            return URL(fileURLWithPath: explicit)
        }
        let places = searchPath()
        if let found = places.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) { return found }
        throw FormatError(description: "no entity model found; looked in \(places.map(\.path).joined(separator: ", ")) (set \(environmentVariable) or train one with `copydesk entities train`)")
    }

    private static let cache = ModelCache()

    /// The model at `url`, read once per process and shared.
    public static func shared(at url: URL) throws -> EntityModel {
        try cache.model(at: url)
    }
}

/// Models already read, by path.
private final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [String: EntityModel] = [:]

    func model(at url: URL) throws -> EntityModel {
        try lock.withLock {
            if let model = models[url.path] { return model }
            let model = try EntityModel(contentsOf: url)
            models[url.path] = model
            return model
        }
    }
}
