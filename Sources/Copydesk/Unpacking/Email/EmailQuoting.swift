/// Tells an e-mail's own message from what it quotes, forwards or signs off with, on its lines (a
/// plain-text body) or paragraphs (an HTML body):
/// - reply quoting (`> …` lines and the "On … wrote:" line before them) is left out;
/// - a forwarded message ("---------- Forwarded message ---------", "Begin forwarded message:",
///   Outlook's "From: … Sent: … Subject:" block) is the story when the mail forwards it; the
///   forwarder's note above it is kept apart, and the forwarded From, Date and Subject are read;
/// - in a reply, an "-----Original Message-----" and all after it is the earlier mail, left out;
/// - a signature after "-- " is kept apart.
struct SeparatedMail {
    /// The message's own lines or paragraphs.
    var body: [String] = []
    /// A forwarder's note above the forwarded message.
    var note: [String] = []
    /// The forwarded message's header fields, lowercase names ("from", "date", "subject").
    var forwardedHeaders: [String: String] = [:]
    /// How many quoted lines or paragraphs were left out.
    var quoted = 0
    /// The signature block.
    var signature: [String] = []
}

enum EmailQuoting {
    /// Subject prefixes of forwards, and of replies (both are taken off the title).
    static let forwardPrefixes = ["fwd:", "fw:", "wg:", "tr:", "rv:", "i:", "doorst:", "vs:", "enc:"]
    static let replyPrefixes = ["re:", "aw:", "sv:", "antw:", "r:", "rif:", "réf:"]

    /// Words of marker lines that announce a forwarded (not an earlier, replied-to) message.
    private static let forwardWords = ["forward", "weitergeleitet", "transféré", "reenviado", "inoltrato", "doorgestuurd",
                                       "réexpédié", "videresendt", "vidarebefordrat"]
    private static let markerWords = forwardWords + ["original message", "ursprüngliche nachricht", "message d'origine",
                                                     "mensaje original", "messaggio originale", "oorspronkelijk bericht"]
    /// Header names of a forwarded or quoted message, in the languages mailers write them.
    private static let headerNames: [String: String] = [
        "from": "from", "von": "from", "de": "from", "da": "from", "van": "from", "fra": "from", "från": "from",
        "date": "date", "sent": "date", "gesendet": "date", "datum": "date", "envoyé": "date", "enviado": "date",
        "inviato": "date", "verzonden": "date", "sendt": "date", "skickat": "date",
        "subject": "subject", "betreff": "subject", "objet": "subject", "asunto": "subject", "oggetto": "subject",
        "onderwerp": "subject", "emne": "subject", "ämne": "subject",
        "to": "to", "an": "to", "à": "to", "para": "to", "a": "to", "aan": "to", "til": "to", "till": "to",
        "cc": "cc", "kopie": "cc",
    ]

    /// Whether a subject says the mail forwards another.
    static func isForward(subject: String?) -> Bool {
        guard let subject = subject?.lowercased() else { return false }
        return forwardPrefixes.contains { subject.hasPrefix($0) }
    }

    /// The subject without its chain of "Re:", "Fwd:", "[EXTERNAL]" prefixes.
    static func title(fromSubject subject: String) -> String {
        var title = subject.trimmingSpaces()
        var changed = true
        while changed {
            changed = false
            let lowered = title.lowercased()
            for prefix in forwardPrefixes + replyPrefixes where lowered.hasPrefix(prefix) {
                title = String(title.dropFirst(prefix.count)).trimmingSpaces()
                changed = true
                break
            }
            if title.hasPrefix("["), let close = title.firstIndex(of: "]"), title.distance(from: title.startIndex, to: close) <= 20 {
                title = String(title[title.index(after: close)...]).trimmingSpaces()
                changed = true
            }
        }
        return title
    }

    static func separate(_ blocks: [String], forwarding: Bool, depth: Int = 0) -> SeparatedMail {
        var mail = SeparatedMail()
        var blocks = removeReplyQuotes(blocks, count: &mail.quoted)
        if let (marker, isForwardMarker) = findMarker(in: blocks) {
            if forwarding || isForwardMarker {
                mail.note = trimmed(Array(blocks[..<marker]))
                var index = marker
                if !isHeader(blocks[index]) { index += 1 }   // the marker line itself
                while index < blocks.count, blocks[index].trimmingSpaces().isEmpty { index += 1 }
                while index < blocks.count, let (name, value) = header(blocks[index]) {
                    if mail.forwardedHeaders[name] == nil { mail.forwardedHeaders[name] = value }
                    index += 1
                }
                let forwarded = Array(blocks[index...])
                if depth < 5, findMarker(in: forwarded) != nil {
                    // A forward of a forward: the innermost message is the story.
                    let inner = separate(forwarded, forwarding: true, depth: depth + 1)
                    mail.quoted += inner.quoted
                    mail.forwardedHeaders.merge(inner.forwardedHeaders) { _, inner in inner }
                    blocks = inner.body
                    mail.signature = inner.signature
                    mail.body = blocks
                    return mail
                }
                blocks = forwarded
            } else {
                mail.quoted += blocks.count - marker
                blocks = Array(blocks[..<marker])
            }
        }
        if let separator = blocks.lastIndex(where: { $0 == "-- " || $0.trimmingSpaces() == "--" }), blocks.count - separator <= 16 {
            mail.signature = trimmed(Array(blocks[(separator + 1)...]))
            blocks = Array(blocks[..<separator])
        }
        mail.body = trimmed(blocks)
        return mail
    }

    /// Drops `>` lines and the attribution line ("On … wrote:") that introduces them.
    private static func removeReplyQuotes(_ blocks: [String], count: inout Int) -> [String] {
        var kept: [String] = []
        for block in blocks {
            let trimmed = block.trimmingSpaces()
            if trimmed.hasPrefix(">") {
                count += 1
                // The attribution above the first quoted line, possibly wrapped over two lines.
                while let last = kept.last, last.trimmingSpaces().isEmpty { kept.removeLast() }
                if let last = kept.last, isAttribution(last) {
                    kept.removeLast()
                    if let before = kept.last, before.hasPrefix("On ") || before.hasPrefix("Am ") || before.hasPrefix("Le ") { kept.removeLast() }
                }
                continue
            }
            kept.append(block)
        }
        return kept
    }

    private static func isAttribution(_ line: String) -> Bool {
        let lowered = line.trimmingSpaces().lowercased().trimming(":")
        return ["wrote", "schrieb", "a écrit", "escribió", "ha scritto", "schreef", "skrev", "kirjoitti"].contains { lowered.hasSuffix($0) }
    }

    /// The first forward or original-message marker, and whether it announces a forward.
    private static func findMarker(in blocks: [String]) -> (Int, Bool)? {
        for (index, block) in blocks.enumerated() {
            // Markers are short lines that start with a dash or end with a colon ("Begin forwarded
            // message:"); Outlook's block starts with a rule of underscores or a short name and a colon.
            let bytes = block.utf8
            guard !block.isEmpty, bytes.count <= 120,
                  let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let last = bytes.last(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D })
            guard first == UInt8(ascii: "-") || first == UInt8(ascii: "_") || last == UInt8(ascii: ":")
                    || bytes.prefix(24).contains(UInt8(ascii: ":")) else { continue }
            let lowered = block.trimmingSpaces().lowercased()
            guard !lowered.isEmpty else { continue }
            let dashed = lowered.hasPrefix("--") && lowered.hasSuffix("--")
            let colon = lowered.hasSuffix(":") && lowered.count < 60
            if (dashed || colon || lowered.hasPrefix("begin forwarded")), markerWords.contains(where: { lowered.contains($0) }) {
                return (index, forwardWords.contains { lowered.contains($0) })
            }
            // Outlook: a rule of underscores, or a bare "From:" block with Sent/Date and Subject after it.
            if header(block)?.0 == "from" || (lowered.count >= 10 && lowered.allSatisfy { $0 == "_" }) {
                let next = blocks[(index + 1)...].prefix(6).compactMap { header($0)?.0 }
                if next.contains("date") && next.contains("subject") {
                    return (index, false)
                }
            }
        }
        return nil
    }

    private static func isHeader(_ block: String) -> Bool { header(block) != nil }

    /// "From: Jane Doe <jane@example.org>" → ("from", "Jane Doe <jane@example.org>").
    private static func header(_ block: String) -> (String, String)? {
        // A header name is a short word: the colon comes within the first few bytes.
        guard block.utf8.count < 4096, block.utf8.prefix(24).contains(UInt8(ascii: ":")) else { return nil }
        let text = block.utf8.contains(UInt8(ascii: "*")) ? block.trimmingSpaces().replacingOccurrences(of: "*", with: "") : block.trimmingSpaces()
        guard let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 12 else { return nil }
        let name = text[..<colon].trimmingSpaces().lowercased()
        guard let canonical = headerNames[name] else { return nil }
        return (canonical, text[text.index(after: colon)...].trimmingSpaces())
    }

    private static func trimmed(_ blocks: [String]) -> [String] {
        var blocks = blocks
        while let first = blocks.first, first.trimmingSpaces().isEmpty { blocks.removeFirst() }
        while let last = blocks.last, last.trimmingSpaces().isEmpty { blocks.removeLast() }
        return blocks
    }
}
