import Foundation

/// A CoNLL-style token file: one token per line (first column), blank lines between sentences,
/// `-DOCSTART-` lines between documents, `# …` comment lines.
public struct CoNLLFile: Sendable {
    /// One line of the file.
    public enum Line: Sendable, Equatable {
        /// A token line: its columns, split on tabs (or runs of spaces when it has no tab).
        case token(columns: [String], raw: String)
        /// A line kept as it is: blank, `-DOCSTART-` or a comment.
        case other(String)
    }

    /// The lines in order.
    public var lines: [Line]

    /// Reads a file's text.
    public init(text: String) {
        lines = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map({ String($0.hasSuffix("\r") ? $0.dropLast() : $0) }) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || raw.hasPrefix("-DOCSTART-") || (raw.hasPrefix("#") && !raw.contains("\t")) {
                lines.append(.other(raw))
            } else {
                let columns = raw.contains("\t") ? raw.components(separatedBy: "\t")
                    : raw.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                lines.append(.token(columns: columns, raw: raw))
            }
        }
        if case .other("")? = lines.last { lines.removeLast() }
    }

    /// The sentences, as line indices of their tokens; documents also end sentences.
    public var sentences: [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        for (index, line) in lines.enumerated() {
            if case .token = line { current.append(index) } else if !current.isEmpty { result.append(current); current = [] }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The token (first column) of a token line.
    public func token(at index: Int) -> String {
        if case .token(let columns, _) = lines[index] { return columns[0] }
        return ""
    }

    /// The label in the last column of a token line, when there are at least two columns.
    public func label(at index: Int) -> String? {
        if case .token(let columns, _) = lines[index], columns.count >= 2 { return columns[columns.count - 1] }
        return nil
    }

    /// Sentences with their gold labels, for training; labels outside PER/ORG/LOC/MISC become `O`.
    public func labelledSentences() -> [EntityTrainer.Sentence] {
        let starts = documentStarts
        return sentences.enumerated().map { number, indices in
            EntityTrainer.Sentence(words: indices.map(token(at:)),
                                   labels: indices.map { EntityLabel(conll: label(at: $0) ?? "O") ?? .outside },
                                   startsDocument: starts[number])
        }
    }

    /// Per sentence, whether a document starts with it: the first sentence, and each after a `-DOCSTART-` line.
    public var documentStarts: [Bool] {
        var previousEnd = -1
        return sentences.map { indices in
            defer { previousEnd = indices[indices.count - 1] }
            return previousEnd < 0 || lines[(previousEnd + 1)..<indices[0]].contains { line in
                if case .other(let raw) = line { return raw.hasPrefix("-DOCSTART-") }
                return false
            }
        }
    }

    /// The file with `labels[i]` appended as a last column to the i-th token line.
    public func appending(labels: [String]) -> String {
        var out = ""
        var next = 0
        for line in lines {
            switch line {
            case .token(_, let raw):
                out += raw + "\t" + labels[next] + "\n"
                next += 1
            case .other(let raw):
                out += raw + "\n"
            }
        }
        return out
    }
}
