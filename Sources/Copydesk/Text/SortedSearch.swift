extension RandomAccessCollection where Element: Comparable {
    /// In a collection sorted ascending, the first index whose element is not below `value`: where
    /// `value` would be inserted to keep the order (binary search).
    func insertionIndex(of value: Element) -> Index {
        var low = startIndex, high = endIndex
        while low < high {
            let middle = index(low, offsetBy: distance(from: low, to: high) / 2)
            if self[middle] < value { low = index(after: middle) } else { high = middle }
        }
        return low
    }
}
