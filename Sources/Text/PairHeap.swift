/// A binary max-heap of (count, pair) entries for BPE training: highest count first, ties broken by
/// the smaller packed pair (left id, then right id), so training is deterministic.
///
/// Entries go stale when a pair's count drops; the trainer re-checks each popped entry against the
/// live count (lazy deletion, as in Hugging Face `tokenizers`).
struct PairHeap {
    struct Entry {
        var count: Int
        var pair: UInt64

        /// Whether `self` should be popped before `other`.
        func precedes(_ other: Entry) -> Bool {
            count != other.count ? count > other.count : pair < other.pair
        }
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var best = parent
                if left < entries.count, entries[left].precedes(entries[best]) { best = left }
                if right < entries.count, entries[right].precedes(entries[best]) { best = right }
                if best == parent { break }
                entries.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
