/// The words and line shapes wire copy uses to talk about itself rather than tell the story: take
/// and version markers, editor's notes, separators and sign-offs. Data, in one place.
enum WireVocabulary {
    /// Whole lines (any case) that mark a take or version in IPTC 7901 copy ("REFILE", "1ST LEAD").
    static let markerLines: Set<String> = [
        "refile", "repeat", "urgent", "flash", "bulletin", "correction", "corrects", "corrected", "corrective",
        "update", "updated", "writethru", "write-thru", "write thru", "lead", "new lead", "advisory", "kill",
        "withdrawal", "elimination", "sub", "insert", "add", "eilt", "eilmeldung", "berichtigung", "zusammenfassung",
        "wiederholung", "urgente", "urgence", "rectificatif", "correctif",
    ]

    /// Words of a marker that make a document a new version of an earlier one.
    static let revisionWords = ["writethru", "write-thru", "lead", "ld", "update", "correct", "refile", "sub", "insert",
                                "berichtigung", "zusammenfassung", "rectificatif", "correctif"]

    /// Line starts that open editor's notes (kept out of the text).
    static let notePrefixes = ["eds:", "eds note", "editor's note", "editors note", "editor’s note", "note to editors",
                               "ap photo", "ap photos", "with ap photos", "with photos", "with photo", "embargoed", "sperrfrist"]

    /// Lines after which everything is for the newsroom, not the reader.
    static let notesFollow = ["the following information is not for publication",
                              "the following information is not intended for publication", "# notebook", "notebook",
                              "note to editors:", "notes to editors", "for editors:", "ende der nachricht"]

    /// Whether `line` is a 7901 marker line: short, in capitals, from the list or "nTH LEAD".
    static func isMarkerLine(_ line: String) -> Bool {
        guard line.utf8.count <= 80, line.count <= 40, line == line.uppercased(), line.contains(where: \.isLetter) else { return false }
        let lowered = line.lowercased().trimming(" .:")
        if markerLines.contains(lowered) { return true }
        if lowered.hasPrefix("embargoed") || lowered.hasPrefix("sperrfrist") { return true }
        return (try? ordinalMarker.wholeMatch(in: lowered)) != nil
    }

    /// "1st Ld-Writethru", "2ND LEAD", "3rd update", "1stLd".
    nonisolated(unsafe) static let ordinalMarker = try! Regex("(\\d+)\\s*(?:st|nd|rd|th)\\s*-?\\s*(?:ld|lead|writethru|write-thru|update)(?:[- ]?(?:writethru|write-thru))?")

    /// The version markers say: a lead or write-through number n is version n + 1.
    static func version(from markers: [String]) -> Int? {
        for marker in markers {
            if let match = try? ordinalMarker.firstMatch(in: marker.lowercased()),
               let number = match.output[1].substring.flatMap({ Int($0) }), number < 1000 {
                return number + 1
            }
        }
        return nil
    }

    /// Whether the markers make this a new version of an earlier message (a lead, a write-through, a correction).
    static func marksRevision(_ markers: [String]) -> Bool {
        markers.contains { marker in
            let lowered = marker.lowercased()
            return revisionWords.contains { lowered.contains($0) }
        }
    }

    /// A rule or section break ("___", "-30-", "* * * *").
    static func isSeparator(_ line: String) -> Bool {
        let utf8 = line.utf8
        guard utf8.count <= 120, let first = utf8.first, !(first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else { return false }
        var marks = 0
        for byte in utf8 where byte != 0x20 {
            guard [UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "~")]
                .contains(byte) else {
                return line.filter { $0 != " " } == "-30-"
            }
            marks += 1
        }
        return marks >= 3
    }

    /// End-of-take lines that carry no text ("MORE", "END", "(END OPTIONAL TRIM)").
    static func isTakeEnd(_ line: String) -> Bool {
        guard line.utf8.count <= 24 else { return false }
        let lowered = line.lowercased().trimming(" ()-.")
        return ["more", "end", "endit", "end adv", "end optional trim", "end optional add", "ends", "ende"].contains(lowered)
    }

    /// AP's sign-off "AP-WF-02-20-16 0337GMT", or any line ending in a GMT time stamp that is all code.
    nonisolated(unsafe) static let signoffPattern = try! Regex("^[A-Z]{2,}(?:-[A-Z0-9]{1,6})*-\\d{2}-\\d{2}-\\d{2,4}\\s+\\d{4}\\s*GMT$")

    /// A desk's initials ("dpa al rmo hct rmo"): lowercase short words, three or more.
    nonisolated(unsafe) static let initialsPattern = try! Regex("^[a-z]{2,6}(?: [a-z0-9]{1,5}){2,12}$")

    /// Whether `line` is a sign-off.
    static func isSignoff(_ line: String) -> Bool {
        let utf8 = line.utf8
        guard utf8.count <= 80, let first = utf8.first else { return false }
        if first >= 0x41 && first <= 0x5A, line.hasSuffix("GMT") { return (try? signoffPattern.wholeMatch(in: line)) != nil }
        // Initials: lowercase letters, digits and spaces only.
        guard first >= 0x61 && first <= 0x7A,
              utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 }) else { return false }
        return (try? initialsPattern.wholeMatch(in: line)) != nil
    }

    /// Whether `line` opens an editor's note.
    static func isNote(_ line: String) -> Bool {
        let lowered = String(line.prefix(24)).lowercased()
        return notePrefixes.contains { lowered.hasPrefix($0) }
    }

    /// Whether everything after `line` is for the newsroom.
    static func opensNotes(_ line: String) -> Bool {
        // Every opener starts with one of these letters (or "#"): most lines are ruled out by their first byte.
        guard line.utf8.count <= 72, let first = line.utf8.first,
              [UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "#")].contains(first | 0x20)
        else { return false }
        let lowered = line.lowercased()
        return notesFollow.contains(lowered.trimming(" :.")) || notesFollow.contains(lowered.trimming(" ."))
    }
}
