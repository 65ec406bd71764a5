/// Why an input was refused before cleaning. Each case reads as a message for the operator.
public enum IntakeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input has no bytes, or only white space.
    case empty
    /// The input is larger than the configured limit.
    case tooLarge(bytes: Int, limit: Int)
    /// The input is binary (an image, an archive, an executable, …).
    case binary(kind: String)
    /// The input declares or appears to use an encoding that cannot be decoded.
    case undecodable(String)
    /// The file could not be read.
    case unreadable(String)
    /// Not a regular file: a named pipe, a socket or a device (reading it could block for ever).
    case notRegular(kind: String)
    /// An agency file or e-mail that holds no story: what it held instead ("one picture item").
    case noText(format: String, held: String)
    /// An agency file or e-mail too broken to read, and why.
    case malformed(format: String, detail: String)
    /// XML whose root element no reader knows (RSS, SVG, an agency's own schema).
    case unsupportedXML(root: String)

    /// A message for the operator.
    public var description: String {
        switch self {
        case .empty: return "empty input: the file has no text"
        case .tooLarge(let bytes, let limit): return "input too large: \(bytes) bytes, the limit is \(limit) bytes"
        case .binary(let kind): return "binary input (\(kind)), not a document Copydesk reads"
        case .undecodable(let detail): return "cannot decode the text: \(detail)"
        case .unreadable(let detail): return "cannot read the input: \(detail)"
        case .notRegular(let kind): return "not a regular file: a \(kind); only regular files are read"
        case .noText(let format, let held): return "no story to read: the \(format) file holds \(held)"
        case .malformed(let format, let detail): return "cannot read the \(format) file: \(detail)"
        case .unsupportedXML(let root) where root.lowercased() == "svg":
            return "an SVG image, not a document Copydesk reads"
        case .unsupportedXML(let root):
            return "XML with root element <\(root)> is not a format Copydesk reads (NITF, NewsML-G2, NewsML 1.2, XHTML)"
        }
    }
}
