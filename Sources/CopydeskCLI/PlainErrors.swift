import Foundation

extension DecodingError {
    /// What is wrong with a JSON line, in words (not Foundation's debug description).
    var plainDescription: String {
        func path(_ context: Context, _ key: CodingKey? = nil) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue } + (key.map { [$0.stringValue] } ?? [])
            return keys.isEmpty ? "the line" : "\"" + keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "\""
        }
        switch self {
        case .keyNotFound(let key, let context): return "it has no \(path(context, key)) field"
        case .typeMismatch(let type, let context): return "\(path(context)) is not \(Self.kind(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) is null where \(Self.kind(type)) is expected"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not JSON" : "\(path(context)) is not valid: \(context.debugDescription)"
        @unknown default: return "it cannot be read"
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "the expected kind of value"
        }
    }
}

/// A readable reason for `error`: plain words for decoding and Cocoa file errors.
func plainReason(_ error: any Error) -> String {
    if let decoding = error as? DecodingError { return decoding.plainDescription }
    let nsError = error as NSError
    if nsError.domain == NSCocoaErrorDomain {
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return path + String(cString: strerror(Int32(posix.code)))
        }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileReadNoSuchFile, .fileNoSuchFile: return path + "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: return path + "permission denied"
        case .fileReadInapplicableStringEncoding: return path + "not UTF-8 text"
        default: return path + "cannot be read"
        }
    }
    return "\(error)"
}
