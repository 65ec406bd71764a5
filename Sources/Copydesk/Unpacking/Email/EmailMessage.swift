/// An e-mail (RFC 5322 with MIME), recognised by its header block: the file starts with header
/// fields (after an mbox "From " line, if any) that include the fields mail has — at least three of
/// them, or two with From — and ends the block with a blank line.
enum EmailMessage {
    /// Fields that only mail has in this combination.
    static let mailFields: Set<String> = [
        "from", "to", "cc", "subject", "date", "message-id", "mime-version", "received", "return-path", "reply-to",
        "sender", "delivered-to", "x-mailer", "user-agent", "in-reply-to", "references", "content-type",
        "content-transfer-encoding", "thread-topic", "x-originating-ip", "dkim-signature", "authentication-results",
    ]

    /// Whether the bytes start like an e-mail.
    static func looksLikeEmail(_ bytes: [UInt8]) -> Bool { headerBlock(bytes) != nil }

    /// The message's top entity with its parts, or `nil` when the bytes are not an e-mail.
    static func parse(_ bytes: [UInt8]) -> MIMEEntity? {
        guard let (headers, bodyStart) = headerBlock(bytes) else { return nil }
        var budget = MIMEEntity.maximumParts
        return MIMEEntity.parse(bytes, headers: headers, bodyStart: bodyStart, end: bytes.count, depth: 0, budget: &budget)
    }

    private static func headerBlock(_ bytes: [UInt8]) -> (MIMEHeaders, Int)? {
        var start = 0
        if bytes.starts(with: Array("From ".utf8)) {
            // An mbox separator line.
            while start < bytes.count, bytes[start] != 0x0A { start += 1 }
            start += 1
        }
        guard start < bytes.count, bytes[start] > 0x20 else { return nil }
        guard let (headers, bodyStart) = MIMEHeaders.parse(bytes, from: start) else { return nil }
        let known = Set(headers.fields.map(\.name)).intersection(mailFields)
        guard known.count >= 3 || (known.count >= 2 && known.contains("from")) else { return nil }
        return (headers, bodyStart)
    }
}
