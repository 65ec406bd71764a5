import CopydeskCore

/// Groups a document's mentions into entities: "Ismail Haniya" / "Haniya" / "Haniyeh",
/// "Palestinian Authority" / "PA", and gives each a canonical name.
///
/// People: full names first, then single names join the nearest earlier full name whose surname (or
/// given name) they repeat, allowing a small spelling difference between transliterations.
/// Organisations, places and other names: the same words (a leading "the" aside) or a defined acronym.
/// A single name the tagger typed otherwise but that repeats a person's surname is that person.
struct EntityResolver {
    func entities(from candidates: [MentionCandidate], in text: TokenizedText) -> [Entity] {
        let groups = group(candidates, in: text)
        var entities: [Entity] = []
        for members in groups.sorted(by: { candidates[$0[0]].first < candidates[$1[0]].first }) {
            let ordered = members.sorted { candidates[$0].first < candidates[$1].first }
            let mentions = ordered.map { i -> Mention in
                let c = candidates[i]
                return Mention(start: text.tokens[c.first].start, end: text.tokens[c.end - 1].end,
                               text: text.text(c.first..<c.end), role: c.role)
            }
            let first = candidates[ordered[0]]
            // The longest mention names the entity (the first of equals), an undefined acronym last.
            func nameLength(_ c: MentionCandidate) -> Int {
                c.acronym == nil && isAcronymLike(text.words[c.first..<c.end]) ? 0 : c.end - c.first
            }
            var nameSource = ordered[0], longest = nameLength(candidates[ordered[0]])
            for i in ordered.dropFirst() {
                let length = nameLength(candidates[i])
                if length > longest || length == longest && candidates[i].first < candidates[nameSource].first {
                    nameSource = i
                    longest = length
                }
            }
            entities.append(Entity(id: "E\(entities.count + 1)", name: canonical(text.text(candidates[nameSource].first..<candidates[nameSource].end)),
                                   type: first.type, mentions: mentions, value: first.value, counted: first.counted))
        }
        return entities
    }

    /// A lone word tagged ORG, LOCATION or MISC that is also a person's (sur)name in the document is
    /// that person; so is a short name ending in such a surname or a transliteration of it ("Ismail
    /// Haniyeh" beside "Haniya"). A longer one that ends in it ("Hamas Politburo Ismail Haniya") is split:
    /// the name at its end is the person.
    static func retypeSurnames(_ candidates: inout [MentionCandidate], in text: TokenizedText, gazetteer: Gazetteer) {
        var surnames = Set<String>()
        for c in candidates where c.type == .person { surnames.insert(text.words[c.end - 1]) }
        guard !surnames.isEmpty else { return }
        var result: [MentionCandidate] = []
        for var c in candidates {
            guard [.organization, .location, .miscellaneous].contains(c.type) else { result.append(c); continue }
            let last = text.words[c.end - 1]
            let length = c.end - c.first
            let known = surnames.contains(last) || surnames.contains(where: { isVariant($0, last) })
            if known && length <= 3 && (length == 1 || text.isCapitalized(c.first)) {
                c.type = .person
                result.append(c)
            } else if known && length > 3 && text.isCapitalized(c.end - 1) {
                let before = c.end - 2
                let given = text.isCapitalized(before) && !gazetteer.contains(key: text.wordKeys[before], in: .organizationWord)
                    && !gazetteer.contains(key: text.wordKeys[before], in: .role)
                let start = given ? before : c.end - 1
                result.append(MentionCandidate(first: c.first, end: start, type: c.type))
                result.append(MentionCandidate(first: start, end: c.end, type: .person))
            } else {
                result.append(c)
            }
        }
        candidates = result
    }

    private func group(_ candidates: [MentionCandidate], in text: TokenizedText) -> [[Int]] {
        var groups: [[Int]] = []
        var byKey: [UInt64: Int] = [:]          // type + normalised words (``key(_:_:)``) → group
        var acronyms: [String: Int] = [:]       // acronym → group
        var people: [(group: Int, first: String, last: String)] = []  // full names, in order of appearance
        var singleNames: [(name: String, group: Int)] = []  // lowercased one-word people, in order of appearance

        func words(_ c: MentionCandidate) -> ArraySlice<String> { text.words[c.first..<c.end] }
        // One-word and full names of people share their keys; other types each have their own.
        let personKind: UInt64 = 0
        func kind(_ type: EntityType) -> UInt64 { UInt64(EntityType.allCases.firstIndex(of: type)! + 1) }

        // Full names of people first, so that a surname used before the full name still joins it.
        for (i, c) in candidates.enumerated() where c.type == .person && c.end - c.first >= 2 {
            let w = words(c)
            let key = Self.key(personKind, w)
            if let g = byKey[key] { groups[g].append(i); continue }
            let first = w.first!, last = w.last!
            if let match = people.last(where: { $0.first == first && Self.isVariant($0.last, last) }) {
                groups[match.group].append(i)
                byKey[key] = match.group
                continue
            }
            groups.append([i])
            byKey[key] = groups.count - 1
            people.append((groups.count - 1, first, last))
        }
        for (i, c) in candidates.enumerated() where !(c.type == .person && c.end - c.first >= 2) {
            let w = words(c)
            if c.type == .person {
                let name = w.first!
                // The nearest full name (before this mention, else after it) with this surname or given name.
                let position = c.first
                var nearestBefore: Int?, firstAfter: Int?
                for person in people where Self.isVariant(person.last, name) || person.first == name {
                    if candidates[groups[person.group][0]].first < position {
                        nearestBefore = person.group
                    } else if firstAfter == nil {
                        firstAfter = person.group
                    }
                }
                if let match = nearestBefore ?? firstAfter {
                    groups[match].append(i)
                    continue
                }
                let lowered = text.lowercaseWords[c.first]
                let key = Self.key(personKind, w)
                if let g = byKey[key] { groups[g].append(i); continue }
                // The first earlier one-word person spelt a little differently.
                if let similar = singleNames.first(where: { Self.isVariant($0.name, lowered) }) {
                    groups[similar.group].append(i)
                    continue
                }
                groups.append([i])
                byKey[key] = groups.count - 1
                singleNames.append((lowered, groups.count - 1))
                continue
            }
            if w.count == 1, let g = acronyms[w.first!] { groups[g].append(i); continue }
            var normal = w
            if normal.count > 1, text.lowercaseWords[c.first] == "the" { normal.removeFirst() }
            if c.type == .miscellaneous {
                let stormWords = StormNameRule.stormWordCount(at: normal.startIndex, in: text)
                if stormWords > 0 && stormWords < normal.count { normal.removeFirst(stormWords) }
            }
            let key = Self.key(kind(c.type), normal)
            if let g = byKey[key] {
                groups[g].append(i)
            } else {
                groups.append([i])
                byKey[key] = groups.count - 1
            }
            if let acronym = c.acronym { acronyms[acronym] = byKey[key] }
        }
        return groups
    }

    /// A name's key: its kind and its words, each lowercased scalar by scalar, hashed in order. Two
    /// names share a key when they are of one kind and have the same words whatever their case (and,
    /// about once in 10^19 pairs, by a collision of the 64-bit hash).
    private static func key(_ kind: UInt64, _ words: ArraySlice<String>) -> UInt64 {
        words.reduce(FeatureHash.mix(kind)) { FeatureHash.extend($0, with: FeatureHash.of($1.unicodeScalars, lowercased: true)) }
    }

    /// The same name, or a transliteration of it: "Haniya" / "Haniyeh" (an edit distance of at most
    /// 2 between words of five or more letters that share their first three).
    static func isVariant(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        // Cheap checks before any counting or copying: fewer than five bytes is fewer than five
        // letters, and most pairs already differ in their first three letters.
        guard a.utf8.count >= 5, b.utf8.count >= 5 else { return false }
        var sa = a.unicodeScalars.makeIterator(), sb = b.unicodeScalars.makeIterator()
        for _ in 0..<3 {
            guard let x = sa.next(), let y = sb.next(), FeatureHash.lower(x) == FeatureHash.lower(y) else { return false }
        }
        let ua = a.unicodeScalars, ub = b.unicodeScalars
        guard ua.count >= 5, ub.count >= 5, abs(ua.count - ub.count) <= 2 else { return false }
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        guard x.count >= 5, y.count >= 5, x.prefix(3) == y.prefix(3), abs(x.count - y.count) <= 2 else { return false }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count] <= 2
    }

    private func isAcronymLike(_ words: ArraySlice<String>) -> Bool {
        guard words.count == 1, let word = words.first else { return false }
        // ASCII, the usual case, from the bytes: at most eight capitals and full stops.
        let bytes = word.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.count <= 8 && bytes.allSatisfy { $0.isASCIIUppercase || $0 == UInt8(ascii: ".") }
        }
        return word.count <= 8 && word.allSatisfy { $0.isUppercase || $0 == "." }
    }

    /// A name without a leading "the" or an editor's square brackets ("[Joe] Biden" → "Joe Biden").
    private func canonical(_ name: String) -> String {
        var name = name
        if name.hasPrefix("the ") || name.hasPrefix("The ") { name.removeFirst(4) }
        if name.hasPrefix("[") { name.removeAll { $0 == "[" || $0 == "]" } }
        return name
    }
}
