import CopydeskCore

/// Paragraphs, sentences and tokens of a cleaned text, with Unicode code-point offsets.
public enum Segmenter {
    /// Segments `text`. Paragraphs are separated by line breaks (cleaned text uses `"\n\n"`).
    public static func segment(_ text: String) -> Segmentation {
        let scalars = Array(text.unicodeScalars)
        var paragraphs: [TextSpan] = []
        var sentences: [TextSpan] = []
        var tokens: [TextSpan] = []
        tokens.reserveCapacity(scalars.count / 5)
        var start = 0
        func closeParagraph(at end: Int) {
            var first = start, last = end
            while first < last && Tokenizer.isSpace(scalars[first]) { first += 1 }
            while last > first && Tokenizer.isSpace(scalars[last - 1]) { last -= 1 }
            guard first < last else { return }
            paragraphs.append(TextSpan(start: first, end: last))
            let firstToken = tokens.count
            tokens.append(contentsOf: Tokenizer.tokens(in: scalars, range: first..<last))
            sentences.append(contentsOf: SentenceSplitter.sentences(in: scalars, tokens: tokens[firstToken...]))
        }
        for (index, scalar) in scalars.enumerated() where scalar == "\n" {
            closeParagraph(at: index)
            start = index + 1
        }
        closeParagraph(at: scalars.count)
        return Segmentation(paragraphs: paragraphs, sentences: sentences, tokens: tokens)
    }
}
