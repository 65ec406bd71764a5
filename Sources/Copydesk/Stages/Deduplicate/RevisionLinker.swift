import CopydeskCore
import Foundation

/// Links an agency's new version of a story to the version seen before it, whatever their texts
/// share: the same agency id with a higher version (NewsML-G2 `guid`/`version`, NewsML 1.2
/// `NewsItemId`/`RevisionId`, ninjs `uri`/`version`, NITF `du-key` or `doc-id` with its version),
/// or an IPTC 7901 / ANPA-1312 write-through, lead, correction or refile of the same slug within
/// two days.
///
/// It remembers the latest version of every item (in the dedup store when there is one, so links
/// hold across runs and restarts) and every link it made, so a document processed again after a
/// crash gets the link it got the first time. Not thread-safe: ``DedupStage`` calls it under its lock.
package struct RevisionLinker {
    /// The latest version seen of one item.
    package struct Head: Equatable {
        package var id: String
        package var version: Int?
        /// When it was received, in seconds since 1970.
        package var seen: Double

        package init(id: String, version: Int?, seen: Double) {
            (self.id, self.version, self.seen) = (id, version, seen)
        }
    }

    /// How long a wire slug links versions: slugs are reused for other stories on other days.
    static let slugWindow: Double = 48 * 3600

    private var heads: [String: Head]
    private var links: [String: Revision]

    /// A linker with what `store` remembers (nothing without one).
    init(store: (any DedupIndexStore)?) throws {
        (heads, links) = try store?.revisionState() ?? ([:], [:])
    }

    /// Takes in what other processes of a group recorded since this one last looked.
    mutating func absorb(_ additions: GroupAdditions) {
        heads.merge(additions.heads) { _, new in new }
        links.merge(additions.revisions) { _, new in new }
    }

    /// How many items it tracks.
    var itemCount: Int { heads.count }

    /// The revision `document` is, or `nil`; and the document becomes the latest version of its item,
    /// recorded with `writer` when there is a store.
    mutating func link(_ document: Document, writer: (any DedupIndexWriter)?) throws -> Revision? {
        if let earlier = links[document.id] { return earlier }
        guard let key = Self.key(of: document) else { return nil }
        let version = document.meta.agency.version
        let seen = Self.seconds(document.source.received)
        var revision: Revision?
        if let head = heads[key] {
            guard head.id != document.id else { return nil }
            if Self.revises(document, key: key, head: head, seen: seen) {
                revision = Revision(of: head.id, version: version, previous: head.version)
            } else if let headVersion = head.version, let version, version < headVersion {
                return nil   // an older version arriving late: the later one stays the item's head
            }
        }
        let head = Head(id: document.id, version: version, seen: seen)
        try writer?.saveRevision(key: key, head: head, revision: revision)
        heads[key] = head
        if let revision { links[document.id] = revision }
        return revision
    }

    /// Whether `document` is a later version of the item whose latest version is `head`.
    private static func revises(_ document: Document, key: String, head: Head, seen: Double) -> Bool {
        let version = document.meta.agency.version
        if key.hasPrefix("slug:") {
            guard WireVocabulary.marksRevision(document.meta.agency.markers), abs(seen - head.seen) <= slugWindow else { return false }
            if let version, let headVersion = head.version { return version > headVersion }
            return true
        }
        guard let version else { return false }
        return version > (head.version ?? 0)
    }

    /// The item a document is a version of: the agency's id, or for wire copy its slug.
    static func key(of document: Document) -> String? {
        let agency = document.meta.agency
        switch document.source.format {
        case .anpa1312, .iptc7901:
            guard let slug = agency.slugline else { return nil }
            return "slug:" + normalizedSlug(slug)
        case .nitf:
            // NITF's du-key links the updates of one story; its doc-id may change with each.
            if let slug = agency.slugline { return "nitf:" + slug.lowercased() }
            return agency.itemID.map { "id:" + $0 }
        case .newsmlG2, .newsml12, .ninjs:
            return agency.itemID.map { "id:" + $0 }
        default:
            return nil
        }
    }

    /// "BC-BKN--Heat-Hawks" and "AM-BKN--Heat-Hawks" name one story in two news cycles.
    static func normalizedSlug(_ slug: String) -> String {
        var lowered = slug.lowercased().trimmingSpaces()
        for cycle in ["bc-", "am-", "pm-", "ap-"] where lowered.hasPrefix(cycle) {
            lowered.removeFirst(cycle.count)
            break
        }
        return lowered.trimming("/ ")
    }

    /// `2026-12-04T09:14:03Z` (the output's `received`) in seconds since 1970.
    static func seconds(_ timestamp: String) -> Double {
        let digits = timestamp.split(whereSeparator: { !$0.isNumber }).compactMap { Int32($0) }
        guard digits.count >= 6 else { return 0 }
        var parts = tm()
        parts.tm_year = digits[0] - 1900
        parts.tm_mon = digits[1] - 1
        parts.tm_mday = digits[2]
        parts.tm_hour = digits[3]
        parts.tm_min = digits[4]
        parts.tm_sec = digits[5]
        return Double(timegm(&parts))
    }
}
