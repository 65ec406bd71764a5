import CopydeskCore

extension AgencyMetadata {
    /// These fields, with each one left empty taken from `other` (an envelope over the NITF it wraps).
    /// Bylines named in both keep the title `other` gives them.
    func filled(from other: AgencyMetadata) -> AgencyMetadata {
        var merged = self
        merged.subtitle = subtitle ?? other.subtitle
        if bylines.isEmpty {
            merged.bylines = other.bylines
        } else {
            for index in merged.bylines.indices where merged.bylines[index].title == nil {
                merged.bylines[index].title = other.bylines.first { $0.name == merged.bylines[index].name }?.title
            }
        }
        merged.slugline = slugline ?? other.slugline
        merged.summary = summary ?? other.summary
        merged.itemID = itemID ?? other.itemID
        merged.version = version ?? other.version
        merged.urgency = urgency ?? other.urgency
        merged.firstCreated = firstCreated ?? other.firstCreated
        merged.versionCreated = versionCreated ?? other.versionCreated
        merged.copyright = copyright ?? other.copyright
        if keywords.isEmpty { merged.keywords = other.keywords }
        if subjects.isEmpty { merged.subjects = other.subjects }
        if markers.isEmpty { merged.markers = other.markers }
        merged.notes = notes + other.notes.filter { !notes.contains($0) }
        merged.from = from ?? other.from
        if attachments.isEmpty { merged.attachments = other.attachments }
        merged.signature = signature ?? other.signature
        merged.transmission = transmission ?? other.transmission
        return merged
    }
}

/// Base64 as MIME and XML carry it: line breaks and other stray characters ignored.
enum Base64 {
    static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        let alphabet = bytes.filter { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)
            || $0 == 0x2B || $0 == 0x2F }
        var output: [UInt8] = []
        output.reserveCapacity(alphabet.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in alphabet {
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case 0x2B: value = 62
            default: value = 63
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return alphabet.isEmpty && !bytes.isEmpty ? nil : output
    }
}
