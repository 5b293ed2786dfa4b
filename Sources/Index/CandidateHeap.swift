/// Binary heaps of candidates: `NearestFirstHeap` pops the closest (the frontier of a search),
/// `FarthestFirstHeap` pops the farthest (the bounded result set). Two small types rather than
/// one heap over negated distances.
struct NearestFirstHeap {
    private(set) var items: [Candidate] = []

    init(capacity: Int) { items.reserveCapacity(capacity) }

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var top: Candidate? { items.first }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func push(_ c: Candidate) {
        items.append(c)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if items[parent].distance <= c.distance { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = c
    }

    @inline(__always)
    mutating func pop() -> Candidate? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            var i = 0
            let n = items.count
            while true {
                var child = 2 * i + 1
                if child >= n { break }
                if child + 1 < n && items[child + 1].distance < items[child].distance { child += 1 }
                if items[child].distance >= last.distance { break }
                items[i] = items[child]
                i = child
            }
            items[i] = last
        }
        return first
    }
}

/// A heap whose top is the farthest candidate; used as a bounded result set.
struct FarthestFirstHeap {
    private(set) var items: [Candidate] = []

    init(capacity: Int) { items.reserveCapacity(capacity) }

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var top: Candidate? { items.first }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func push(_ c: Candidate) {
        items.append(c)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if items[parent].distance >= c.distance { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = c
    }

    @discardableResult
    @inline(__always)
    mutating func pop() -> Candidate? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            var i = 0
            let n = items.count
            while true {
                var child = 2 * i + 1
                if child >= n { break }
                if child + 1 < n && items[child + 1].distance > items[child].distance { child += 1 }
                if items[child].distance <= last.distance { break }
                items[i] = items[child]
                i = child
            }
            items[i] = last
        }
        return first
    }

    /// The candidates, closest first.
    func sortedAscending() -> [Candidate] {
        items.sorted { $0.distance < $1.distance }
    }
}
