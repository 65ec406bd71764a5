/// Takes Markdown syntax off lines: headings, emphasis, rules, links, images, autolinks, inline
/// code, block quotes, list markers, fences and link definitions. What is left is the text a reader sees.
enum MarkdownSyntax {
    static func strip(_ lines: [SourceLine]) -> [SourceLine] {
        var result: [SourceLine] = []
        result.reserveCapacity(lines.count)
        var inFence = false
        for line in lines {
            var text = Substring(line.text)
            if text.hasPrefix("```") || text.hasPrefix("~~~") {
                inFence.toggle()
                result.append(SourceLine(text: "", role: .separator))
                continue
            }
            if inFence || line.role == .separator { result.append(line); continue }
            if isRule(text) { result.append(SourceLine(text: "", role: .separator)); continue }
            if isSetextUnderline(text), let last = result.last, last.role == .body {
                result[result.count - 1].role = .heading
                continue
            }
            if isLinkDefinition(text) { continue }
            var role = SourceLine.Role.body
            while text.hasPrefix(">") { text = text.dropFirst().drop { $0 == " " } }
            let hashes = text.prefix { $0 == "#" }.count
            if (1...6).contains(hashes), text.dropFirst(hashes).first == " " {
                text = text.dropFirst(hashes)
                while text.hasSuffix("#") { text = text.dropLast() }
                role = .heading
            } else if let marker = listMarkerLength(text) {
                text = text.dropFirst(marker)
                role = .listItem
            }
            let trimmed = text.trimmingSpaces()
            if role == .body, isWhollyEmphasized(trimmed) { role = .emphasized }
            let inline = stripInline(trimmed)
            result.append(SourceLine(text: inline, role: inline.isEmpty ? .separator : role))
        }
        return result
    }

    /// `---`, `***`, `___` (with optional spaces) on a line of their own.
    static func isRule(_ line: Substring) -> Bool {
        let marks = line.filter { $0 != " " }
        guard marks.count >= 3, let mark = marks.first, "-*_".contains(mark) else { return false }
        return marks.allSatisfy { $0 == mark }
    }

    private static func isSetextUnderline(_ line: Substring) -> Bool {
        line.count >= 3 && line.allSatisfy { $0 == "=" }
    }

    /// `[id]: http://…` reference definitions.
    private static func isLinkDefinition(_ line: Substring) -> Bool {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return false }
        return line[close...].hasPrefix("]: ") || line[close...].hasPrefix("]:http")
    }

    /// Length of a leading `- `, `* `, `+ ` or `12. ` marker.
    private static func listMarkerLength(_ line: Substring) -> Int? {
        if let first = line.first, "-*+•".contains(first), line.dropFirst().first == " " { return 2 }
        let digits = line.prefix { $0.isASCII && $0.isNumber }.count
        if (1...3).contains(digits) {
            let rest = line.dropFirst(digits)
            if (rest.hasPrefix(". ") || rest.hasPrefix(") ")) { return digits + 2 }
        }
        return nil
    }

    private static func isWhollyEmphasized(_ line: String) -> Bool {
        for mark in ["***", "**", "__", "*", "_"] where line.count > mark.count * 2 {
            if line.hasPrefix(mark) && line.hasSuffix(mark) {
                let inner = line.dropFirst(mark.count).dropLast(mark.count)
                if !inner.contains(mark), inner.first != " ", inner.last != " " { return true }
            }
        }
        return false
    }

    /// Inline syntax: images, links, autolinks, code spans, emphasis and backslash escapes.
    static func stripInline(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        scalars = removeLinks(scalars)
        scalars = removeEmphasis(scalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count, isASCIIPunctuation(scalars[index + 1]) {
                out.append(scalars[index + 1])
                index += 2
                continue
            }
            if scalar != "`" { out.append(scalar) }
            index += 1
        }
        return String(out).collapsingSpaces()
    }

    /// `![alt](url)` → nothing, `[text](url)` and `[text][ref]` → text, `<http://…>` → the URL.
    ///
    /// Linear in the line: each bracket's partner and each `<`'s next `>` are found in one pass
    /// beforehand, so a line full of `<` or `[` costs no more than any other.
    private static func removeLinks(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let partners = BracketPartners(s)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if s[i] == "<", let close = partners.closingAngle(after: i), isAutolink(s[(i + 1)..<close]),
               partners.nextSpace(after: i) > close {
                out.append(contentsOf: s[(i + 1)..<close])
                i = close + 1
                continue
            }
            let isImage = s[i] == "!" && i + 1 < s.count && s[i + 1] == "["
            let open = isImage ? i + 1 : i
            if s[open] == "[", let close = partners.partner(of: open), close + 1 < s.count,
               s[close + 1] == "(" || s[close + 1] == "[", let end = partners.partner(of: close + 1) {
                if !isImage { out.append(contentsOf: s[(open + 1)..<close]) }
                i = end + 1
                continue
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    /// Starts with `http://`, `https://` or `mailto:` (the caller checks there is no space before the `>`).
    private static func isAutolink(_ inner: ArraySlice<Unicode.Scalar>) -> Bool {
        autolinkSchemes.contains { inner.starts(with: $0) }
    }

    private static let autolinkSchemes: [[Unicode.Scalar]] = ["http://", "https://", "mailto:"].map { Array($0.unicodeScalars) }

    /// Removes `*`, `**`, `***`, `_`, `__`, `~~` runs that open before a non-space and close after one.
    /// An `_` inside a word (snake_case) and a lone `*` between spaces (5 * 3) stay.
    private static func removeEmphasis(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var remove = [Bool](repeating: false, count: s.count)
        var openers: [(mark: Unicode.Scalar, length: Int, position: Int)] = []
        var i = 0
        while i < s.count {
            let mark = s[i]
            guard mark == "*" || mark == "_" || mark == "~" else { i += 1; continue }
            var j = i
            while j < s.count && s[j] == mark { j += 1 }
            let length = j - i
            let before: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
            let after: Unicode.Scalar? = j < s.count ? s[j] : nil
            let beforeIsSpace = before.map { $0.properties.isWhitespace } ?? true
            let afterIsSpace = after.map { $0.properties.isWhitespace } ?? true
            let insideWord = (before.map(isWordScalar) ?? false) && (after.map(isWordScalar) ?? false)
            if mark == "~" && length != 2 || mark == "_" && insideWord || length > 3 { i = j; continue }
            if !beforeIsSpace, let index = openers.lastIndex(where: { $0.mark == mark && $0.length == length }) {
                for k in openers[index].position..<(openers[index].position + length) { remove[k] = true }
                for k in i..<j { remove[k] = true }
                openers.removeSubrange(index...)
            } else if !afterIsSpace {
                // Bounded, so a line of unclosed openers stays linear: emphasis never nests this deep.
                if openers.count == 64 { openers.removeFirst() }
                openers.append((mark, length, i))
            }
            i = j
        }
        return s.indices.filter { !remove[$0] }.map { s[$0] }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    private static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(scalar)
    }
}

/// Where each bracket of a line closes, found in one pass: `[`/`]` and `(`/`)` pair by nesting, as
/// a depth count from the opening bracket would pair them; `<` looks ahead to the next `>`.
struct BracketPartners {
    private var partners: [Int32]
    private var nextAngle: [Int32]
    private var nextSpaces: [Int32]

    init(_ s: [Unicode.Scalar]) {
        partners = [Int32](repeating: -1, count: s.count)
        nextAngle = [Int32](repeating: -1, count: s.count)
        nextSpaces = [Int32](repeating: Int32(s.count), count: s.count)
        var squares: [Int] = [], rounds: [Int] = []
        for (index, scalar) in s.enumerated() {
            switch scalar {
            case "[": squares.append(index)
            case "(": rounds.append(index)
            case "]": if let open = squares.popLast() { partners[open] = Int32(index) }
            case ")": if let open = rounds.popLast() { partners[open] = Int32(index) }
            default: break
            }
        }
        var next: Int32 = -1
        var space = Int32(s.count)
        for index in stride(from: s.count - 1, through: 0, by: -1) {
            nextAngle[index] = next
            nextSpaces[index] = space
            if s[index] == ">" { next = Int32(index) }
            if s[index].properties.isWhitespace { space = Int32(index) }
        }
    }

    /// The bracket closing the one at `index`, if it closes.
    func partner(of index: Int) -> Int? {
        partners[index] >= 0 ? Int(partners[index]) : nil
    }

    /// The first white space after `index` (the line's length when there is none).
    func nextSpace(after index: Int) -> Int { Int(nextSpaces[index]) }

    /// The first `>` after `index`.
    func closingAngle(after index: Int) -> Int? {
        nextAngle[index] >= 0 ? Int(nextAngle[index]) : nil
    }
}
