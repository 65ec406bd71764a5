import CopydeskCore

/// Reads a file's bytes and takes out the stories it holds: one for a web page, a text or a single
/// agency item; several for a NewsML-G2 news message, a NewsML 1.2 file with several items, a feed
/// of wire messages, or an e-mail with an attached story.
///
/// Wire copy and e-mail are recognised on the bytes (their framing and header block decide how
/// the rest is decoded); everything else is decoded first (``TextDecoding``) and then recognised by
/// content (``FormatSniffer``).
enum Unpacker {
    /// How deep attachments may nest (an e-mail attached to an e-mail attached to …).
    static let maximumDepth = 3

    /// Unpacks `bytes`, or throws ``IntakeError``.
    /// - Parameters:
    ///   - fileName: the file's name, a hint for the format.
    ///   - depth: how many containers this file is inside (0 for a file from disk).
    static func unpack(_ bytes: [UInt8], fileName: String, depth: Int = 0) throws -> UnpackedFile {
        if let messages = WireCopy.messages(in: bytes) {
            return try WireCopyReader.read(messages)
        }
        if let message = EmailMessage.parse(bytes) {
            return try EmailReader.read(message, depth: depth)
        }
        if RTFReader.looksLikeRTF(bytes) {
            return try RTFReader.read(bytes)
        }
        let decoded = try TextDecoding.decode(bytes, refusingControls: false)
        let warnings = decoded.warning.map { ["encoding: \($0)"] } ?? []
        guard decoded.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw IntakeError.empty }
        let format = FormatSniffer.format(of: decoded.text, fileName: fileName)
        let isAgencyXML = format == .nitf || format == .newsmlG2 || format == .newsml12
        if format == .text || format == .markdown, let root = FormatSniffer.declaredXMLRoot(decoded.text) {
            // An XML declaration, then a root no reader knows (RSS, SVG, an agency's own schema):
            // its markup is not a story, and text would carry it.
            throw IntakeError.unsupportedXML(root: root)
        }
        if !isAgencyXML, let kind = TextDecoding.controlCharacterVerdict(decoded.text) {
            throw IntakeError.binary(kind: kind)
        }
        var file: UnpackedFile
        switch format {
        case _ where isAgencyXML:
            file = try AgencyXMLReader.read(decoded.text, format: format)
        case .ninjs:
            file = try NinjsReader.read(decoded.text)
        default:
            file = UnpackedFile(single: UnpackedItem(input: DecodedInput(format: format, content: decoded.text), kind: "document"),
                                encoding: decoded.encoding)
        }
        file.encoding = decoded.encoding
        file.warnings = warnings + file.warnings
        return file
    }

    /// Whether bytes are in one of the formats an e-mail attachment is read in (agency XML or JSON,
    /// wire copy, e-mail), without decoding more than their start.
    static func isAgencyFormat(_ bytes: [UInt8]) -> Bool {
        if WireCopy.messages(in: bytes) != nil || EmailMessage.looksLikeEmail(bytes) { return true }
        var head = Array(bytes.prefix(8192))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            // UTF-16 XML: look at every other byte.
            head = stride(from: head.starts(with: [0xFF, 0xFE]) ? 2 : 3, to: head.count, by: 2).map { head[$0] }
        }
        if let root = XMLRoot.name(in: head), XMLRoot.agencyFormat(of: root) != nil { return true }
        return NinjsKeys.look(like: String(decoding: head, as: UTF8.self))
    }
}
