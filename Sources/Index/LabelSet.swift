/// An immutable set of labels as a bitset, for filtered searches.
public final class LabelSet: Sendable {
    private let words: [UInt64]
    /// Number of labels in the set.
    public let count: Int

    /// Builds the set from labels.
    public init<S: Sequence>(_ labels: S) where S.Element == VectorLabel {
        var words: [UInt64] = []
        var count = 0
        for label in labels {
            let w = Int(label.rawValue >> 6)
            if w >= words.count { words.append(contentsOf: repeatElement(0, count: w + 1 - words.count)) }
            let bit = UInt64(1) << (label.rawValue & 63)
            if words[w] & bit == 0 { count += 1 }
            words[w] |= bit
        }
        self.words = words
        self.count = count
    }

    /// True when `label` is in the set.
    @inline(__always)
    public func contains(_ label: VectorLabel) -> Bool { contains(label.rawValue) }

    @inline(__always)
    func contains(_ raw: UInt64) -> Bool {
        let w = Int(truncatingIfNeeded: raw >> 6)
        return w < words.count && words[w] & (UInt64(1) << (raw & 63)) != 0
    }
}
