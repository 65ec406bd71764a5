import CopydeskCore

/// Reads an e-mail (a press release sent or forwarded to the desk): its body as the story, its
/// headers as metadata, and attachments in an agency format (NITF, NewsML, ninjs, wire copy, an
/// attached e-mail) as documents of their own.
///
/// - Body: the first text part; of a `multipart/alternative`, the plain text unless it is a stub of
///   the HTML (then the HTML, through the HTML path). Transfer encodings (quoted-printable, base64)
///   and each part's charset are decoded; `format=flowed` lines are rejoined. Quoting, a forwarded
///   message's envelope and the signature are kept apart (``EmailQuoting``).
/// - Metadata: `Subject` (without "Re:"/"Fwd:") → title, `From` → `meta.from`, `Date` → published
///   (ISO 8601), `Message-ID` → item id, `Content-Language` → language; for a forward, the forwarded
///   message's From, Date and Subject.
/// - Attachments: listed in `meta.attachments` (name, type, size, whether read).
enum EmailReader {
    static func read(_ message: MIMEEntity, depth: Int) throws -> UnpackedFile {
        let headers = message.headers
        let subject = headers.text("subject")
        var leaves: [MIMEEntity] = []
        let body = findBody(message, attachments: &leaves)
        var meta = Metadata()
        var warnings: [String] = []
        var encoding = "utf-8"
        var items: [UnpackedItem] = []
        var itemCount = 0

        // The body.
        var input: DecodedInput?
        if let body {
            encoding = body.contentType.parameters["charset"]?.lowercased() ?? "us-ascii"
            input = bodyInput(body, subject: subject, meta: &meta)
        }
        meta.title = meta.title ?? subject.map(EmailQuoting.title(fromSubject:)).flatMap { $0.isEmpty ? nil : $0 }
        meta.agency.from = meta.agency.from ?? headers.text("from")
        meta.published = meta.published ?? headers.raw("date").flatMap(MailDate.iso8601)
        // Content-Language when the mail has it, else what an HTML body's <html lang> said.
        meta.language = headers.raw("content-language").flatMap { $0.split(separator: ",").first.map { $0.trimmingSpaces() } }
            ?? meta.language
        meta.agency.itemID = headers.raw("message-id")?.trimming("<> ")

        // Attachments: agency formats are read; the rest is listed.
        var attachmentItems: [UnpackedItem] = []
        for leaf in leaves {
            let bytes = leaf.decodedBody
            let name = leaf.fileName
            var read = false
            if depth < Unpacker.maximumDepth, !bytes.isEmpty, leaf.contentType.full == "message/rfc822" || Unpacker.isAgencyFormat(bytes) {
                do {
                    let file = try Unpacker.unpack(bytes, fileName: name ?? "attachment", depth: depth + 1)
                    for var item in file.items {
                        item.kind = "attachment"
                        item.name = name ?? item.name
                        item.input.warnings = file.warnings + item.input.warnings
                        attachmentItems.append(item)
                    }
                    itemCount += file.itemCount
                    read = true
                } catch {
                    warnings.append("email: attachment \(name ?? leaf.contentType.full) not read: \(error)")
                }
            }
            meta.agency.attachments.append(Attachment(name: name, type: leaf.contentType.full, bytes: bytes.count, read: read))
        }

        if var input, !input.isEmpty {
            input.meta = meta
            items.append(UnpackedItem(input: input, kind: "body", name: nil, index: 1))
        }
        itemCount += 1
        for (offset, var item) in attachmentItems.enumerated() {
            item.index = offset + 2
            items.append(item)
        }
        guard !items.isEmpty else {
            let listed = meta.agency.attachments.map { $0.name ?? $0.type }
            throw IntakeError.noText(format: "e-mail", held: listed.isEmpty ? "no text body" : "no text body, only attachments not read (\(listed.joined(separator: ", ")))")
        }
        if items.count == 1 && attachmentItems.isEmpty { return UnpackedFile(single: items[0], encoding: encoding, warnings: warnings) }
        return UnpackedFile(items: items, itemCount: itemCount, encoding: encoding, warnings: warnings)
    }

    /// The entity whose text is the message, and every other leaf (the attachments) in order.
    private static func findBody(_ entity: MIMEEntity, attachments: inout [MIMEEntity]) -> MIMEEntity? {
        if entity.contentType.type == "multipart" {
            if entity.contentType.subtype == "alternative" {
                let chosen = chooseAlternative(entity.parts)
                // The alternatives not chosen are the same text again: neither body nor attachment,
                // but attachments inside the chosen one (a related image) are listed.
                var found: MIMEEntity?
                if let chosen {
                    var inner: [MIMEEntity] = []
                    found = findBody(chosen, attachments: &inner)
                    attachments += inner
                }
                return found
            }
            var body: MIMEEntity?
            for part in entity.parts {
                if body == nil, !isAttachment(part), let found = findBody(part, attachments: &attachments) {
                    body = found
                } else {
                    collectLeaves(part, into: &attachments)
                }
            }
            return body
        }
        if isTextBody(entity) { return entity }
        attachments.append(entity)
        return nil
    }

    private static func collectLeaves(_ entity: MIMEEntity, into leaves: inout [MIMEEntity]) {
        if entity.contentType.type == "multipart" {
            for part in entity.parts { collectLeaves(part, into: &leaves) }
        } else {
            leaves.append(entity)
        }
    }

    private static func isAttachment(_ entity: MIMEEntity) -> Bool {
        entity.disposition?.full.hasPrefix("attachment") == true
    }

    private static func isTextBody(_ entity: MIMEEntity) -> Bool {
        let type = entity.contentType
        return type.type == "text" && (type.subtype == "plain" || type.subtype == "html") && !isAttachment(entity)
    }

    /// Of `multipart/alternative`'s parts, the plain text unless it holds less than half the HTML's
    /// letters (a "view this mail in a browser" stub), else the HTML (or the part holding it).
    private static func chooseAlternative(_ parts: [MIMEEntity]) -> MIMEEntity? {
        let plain = parts.first { $0.contentType.full == "text/plain" }
        let rich = parts.last { $0.contentType.full == "text/html" || $0.contentType.type == "multipart" }
        guard let plain else { return rich }
        guard let rich else { return plain }
        let html = rich.contentType.type == "multipart" ? rich.parts.first { $0.contentType.full == "text/html" } : rich
        guard let html else { return plain }
        return letters(plain.text) * 2 >= letters(HTMLLetters.visibleText(html.text)) ? plain : rich
    }

    private static func letters(_ text: String) -> Int { text.unicodeScalars.filter { $0.properties.isAlphabetic }.count }

    /// The body's text as an input to clean, with quoting, forwarding and signature kept apart.
    private static func bodyInput(_ body: MIMEEntity, subject: String?, meta: inout Metadata) -> DecodedInput {
        let forwarding = EmailQuoting.isForward(subject: subject)
        let mail: SeparatedMail
        let kind: DecodedInput.Body
        if body.contentType.subtype == "html" {
            let cleaned = Cleaner.cleanHTML(body.text)
            var paragraphs = cleaned.paragraphs
            if paragraphs.isEmpty { paragraphs = Cleaner.cleanFragment(body.text) }
            mail = EmailQuoting.separate(paragraphs, forwarding: forwarding)
            kind = .paragraphs
            meta.language = cleaned.meta.language
        } else {
            var lines = MailParagraphs.lines(of: body.text)
            let flowed = body.contentType.parameters["format"]?.lowercased() == "flowed"
            if flowed { lines = unflow(lines, deleteSpace: body.contentType.parameters["delsp"]?.lowercased() == "yes") }
            mail = EmailQuoting.separate(lines, forwarding: forwarding)
            if flowed {
                // Each line of flowed text, once rejoined, is a paragraph.
                return finish(DecodedInput(format: .email, paragraphs: mail.body.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }), mail, meta: &meta)
            }
            if let blocks = MailParagraphs.blocks(mail.body) {
                return finish(DecodedInput(format: .email, paragraphs: blocks), mail, meta: &meta)
            }
            kind = .text
        }
        let input = kind == .paragraphs ? DecodedInput(format: .email, paragraphs: mail.body)
            : DecodedInput(format: .email, content: mail.body.joined(separator: "\n"), body: kind)
        return finish(input, mail, meta: &meta)
    }

    /// What separating the mail found, into metadata.
    private static func finish(_ input: DecodedInput, _ mail: SeparatedMail, meta: inout Metadata) -> DecodedInput {
        if !mail.note.isEmpty { meta.agency.notes.append("Forwarded with: " + mail.note.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")) }
        if !mail.signature.isEmpty { meta.agency.signature = mail.signature.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: "\n") }
        if let from = mail.forwardedHeaders["from"] { meta.agency.from = from }
        if let date = mail.forwardedHeaders["date"] { meta.published = MailDate.iso8601(date) }
        if let forwardedSubject = mail.forwardedHeaders["subject"] {
            let title = EmailQuoting.title(fromSubject: forwardedSubject)
            if !title.isEmpty { meta.title = title }
        }
        return input
    }

    /// RFC 3676: a line ending in a space continues on the next (except the "-- " signature line).
    private static func unflow(_ lines: [String], deleteSpace: Bool) -> [String] {
        var result: [String] = []
        var current: String?
        for var line in lines {
            if line.hasPrefix(" ") { line.removeFirst() }   // space-stuffing
            let soft = line.hasSuffix(" ") && line != "-- "
            if soft && deleteSpace { line.removeLast() }
            current = (current ?? "") + line
            if !soft {
                result.append(current!)
                current = nil
            }
        }
        if let current { result.append(current) }
        return result
    }
}

/// A cheap count of what an HTML part shows (tags, scripts and styles out), to compare it with a
/// plain-text alternative without parsing it.
enum HTMLLetters {
    static func visibleText(_ html: String) -> String {
        var result = ""
        var inTag = false
        var skipping: String?
        var tag = ""
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().split(separator: " ").first.map(String.init) ?? ""
                    if name == "script" || name == "style" { skipping = "/" + name } else if name == skipping { skipping = nil }
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
                tag = ""
            } else if skipping == nil {
                result.append(character)
            }
        }
        return result
    }
}

/// A plain-text mail's paragraphs where blank lines separate them (as nearly all mail does): the
/// lines of a block are one paragraph, except list items, which start their own.
enum MailParagraphs {
    /// The paragraphs, or `nil` when the text has fewer than two blocks (then line breaks must be
    /// judged one by one).
    static func blocks(_ lines: [String]) -> [String]? {
        var paragraphs: [String] = []
        var current: [String] = []
        var blocks = 0
        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
            current = []
        }
        var previousBlank = true
        for line in lines {
            let text = line.trimmingSpaces()
            if text.isEmpty {
                flush()
                previousBlank = true
                continue
            }
            if previousBlank { blocks += 1 }
            previousBlank = false
            if isListItem(text) { flush() }
            if let last = current.last, last.hasSuffix("-"), last.dropLast().last?.isLetter == true, text.first?.isLetter == true {
                current[current.count - 1] = last + text   // a word hyphenated across the break keeps its hyphen
            } else {
                current.append(text)
            }
        }
        flush()
        return blocks >= 2 ? paragraphs.map { $0.collapsingSpaces() } : nil
    }

    /// The lines of a text, split on LF, CR LF or CR, on its bytes.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0, index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                    start = index + 1
                }
                index += 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
        }
        return lines
    }

    private static func isListItem(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(5))
        guard let first = bytes.first else { return false }
        if (first == UInt8(ascii: "-") || first == UInt8(ascii: "*")) && bytes.count > 1 && bytes[1] == 0x20 { return true }
        if first >= 0x80 { return text.hasPrefix("• ") || text.hasPrefix("– ") }
        let digits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
        guard digits >= 1, digits <= 2, bytes.count >= digits + 2 else { return false }
        return (bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")")) && bytes[digits + 1] == 0x20
    }
}
