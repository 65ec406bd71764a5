extension Array where Element == EntityLabel {
    /// Ends every name at its last word that is not punctuation: the inside labels of punctuation
    /// that closes a name ("Debra -", "Holly -" at a letter's greeting) become `O`. Punctuation inside
    /// a name ("Jean - Paul", "AT & T") stays.
    mutating func removeTrailingPunctuationFromNames(isPunctuation: (Int) -> Bool) {
        var i = count - 1
        while i > 0 {
            if let type = self[i].typeIndex, self[i] == .inside(type), isPunctuation(i),
               i + 1 == count || self[i + 1] != .inside(type) {
                self[i] = .outside
            }
            i -= 1
        }
    }
}
