import CMatlas
import Foundation

/// A search result: the label and its inner product with the query (1 is identical).
public struct SearchHit: Sendable, Equatable {
    /// The label of the stored vector.
    public var label: VectorLabel
    /// Inner product with the query (cosine similarity for unit vectors), in −1…1.
    public var score: Float
}

/// Distances from a fixed query to stored nodes.
protocol DistanceOracle {
    func distance(to node: NodeID) -> Float
    /// The bytes `distance(to:)` will read for `node` (to prefetch them).
    func footprint(of node: NodeID) -> UnsafeRawBufferPointer
}

/// Asks for the first cache line of `bytes` ahead of use (a prefetch hint through CMatlas: it
/// never faults and never stalls). Issued for all of a node's unvisited neighbours before any
/// distance is computed, the misses overlap instead of stalling one vector at a time, and the
/// hardware streamer fetches the rest of each vector (hnswlib does the same).
@inline(__always)
func prefetch(_ bytes: UnsafeRawBufferPointer) {
    cmatlas_prefetch(bytes.baseAddress)
}

struct FloatOracle: DistanceOracle {
    let query: UnsafePointer<Float>
    let storage: NodeStorage
    let dimension: Int
    @inline(__always) func distance(to node: NodeID) -> Float {
        1 - VectorKernels.dot(query, storage.vector(node), count: dimension)
    }
    @inline(__always) func footprint(of node: NodeID) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.vector(node), count: dimension * 4)
    }
}

struct Int8Oracle: DistanceOracle {
    let codes: UnsafePointer<Int8>
    let scale: Float
    let storage: NodeStorage
    let dimension: Int
    @inline(__always) func distance(to node: NodeID) -> Float {
        let dot = VectorKernels.dot(codes, storage.codes(node), count: dimension)
        return 1 - scale * storage.scale(node) * Float(dot)
    }
    @inline(__always) func footprint(of node: NodeID) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.codes(node), count: dimension)
    }
}

/// Which visited nodes may enter the result set (all nodes are walked through).
protocol NodeAcceptor {
    func accepts(_ node: NodeID) -> Bool
}

/// Accepts live nodes.
struct LiveAcceptor: NodeAcceptor {
    let storage: NodeStorage
    @inline(__always) func accepts(_ node: NodeID) -> Bool { storage.state(node) == .live }
}

/// Accepts live nodes whose label is in a set.
struct FilteredAcceptor: NodeAcceptor {
    let storage: NodeStorage
    let allowed: LabelSet
    @inline(__always) func accepts(_ node: NodeID) -> Bool {
        storage.state(node) == .live && allowed.contains(storage.label(node))
    }
}

extension HNSWIndex {
    /// Greedy descent from `start` on levels `fromLevel` down to `toLevel + 1`.
    @inline(__always)
    func greedyDescent<O: DistanceOracle>(_ oracle: O, start: Candidate, fromLevel: Int, toLevel: Int) -> Candidate {
        var current = start
        var level = fromLevel
        while level > toLevel {
            var changed = true
            while changed {
                changed = false
                let list = storage.links(current.node, level: level)
                let count = min(Int(list[0].load(ordering: .acquiring)), storage.maxLinksUpper)
                for i in 0..<count {
                    let neighbour = NodeID(list[1 + i].load(ordering: .acquiring))
                    let d = oracle.distance(to: neighbour)
                    if d < current.distance {
                        current = Candidate(distance: d, node: neighbour)
                        changed = true
                    }
                }
            }
            level -= 1
        }
        return current
    }

    /// The beam search of one level (Algorithm 2 of the paper): returns up to `ef` accepted
    /// nodes closest to the query. Rejected nodes are walked through but never returned.
    @inline(__always)
    func searchLevel<O: DistanceOracle, A: NodeAcceptor>(
        _ oracle: O, entries: [Candidate], ef: Int, level: Int, visited: VisitedSet, acceptor: A
    ) -> FarthestFirstHeap {
        var frontier = NearestFirstHeap(capacity: ef * 4)
        var results = FarthestFirstHeap(capacity: ef + 1)
        for e in entries where !visited.testAndSet(e.node) {
            frontier.push(e)
            if acceptor.accepts(e.node) { results.push(e) }
        }
        var bound: Float = results.count >= ef ? results.top!.distance : .infinity
        let maxLinks = storage.maxLinks(level: level)
        withUnsafeTemporaryAllocation(of: NodeID.self, capacity: maxLinks) { fresh in
            while let c = frontier.pop() {
                if c.distance > bound { break }
                // Pass 1: unvisited neighbours, with their vectors' first cache lines prefetched.
                let list = storage.links(c.node, level: level)
                let count = min(Int(list[0].load(ordering: .acquiring)), maxLinks)
                var m = 0
                for i in 0..<count {
                    let neighbour = NodeID(list[1 + i].load(ordering: .acquiring))
                    if visited.testAndSet(neighbour) { continue }
                    fresh[m] = neighbour
                    m += 1
                    prefetch(oracle.footprint(of: neighbour))
                }
                // Pass 2: distances.
                for j in 0..<m {
                    let neighbour = fresh[j]
                    let d = oracle.distance(to: neighbour)
                    if results.count < ef || d < bound {
                        frontier.push(Candidate(distance: d, node: neighbour))
                        if acceptor.accepts(neighbour) {
                            results.push(Candidate(distance: d, node: neighbour))
                            if results.count > ef { results.pop() }
                            if results.count >= ef { bound = results.top!.distance }
                        }
                    }
                }
            }
        }
        return results
    }

    /// The `k` nearest live vectors to `query` by inner product.
    ///
    /// - Parameters:
    ///   - query: a unit vector of `dimension` floats.
    ///   - k: number of hits wanted.
    ///   - ef: candidate-list size (defaults to `parameters.efSearch`; raised to `k`).
    ///   - allowed: when given, only these labels are returned. Small sets are scanned
    ///     exactly (see `exactScanLimit`); larger ones use a filtered graph walk (the filter
    ///     decides what enters the results, every node may be walked through), falling back to
    ///     an exact scan if the walk finds fewer than `k` allowed vectors.
    ///   - exactScanLimit: allowed-set size at or below which the scan is exact; nil chooses by
    ///     cost: a filtered walk evaluates about `ef · 2M / selectivity` distances, an exact scan
    ///     one per match, so the scan wins while `matches² ≤ ef · 2M · slots` (at 100k slots,
    ///     ef 64, M 16: up to ~14k matches; at 1M: ~45k).
    /// - Returns: hits ordered by decreasing score. Safe to call concurrently with one writer.
    public func search(_ query: [Float], k: Int, ef: Int? = nil, allowed: LabelSet? = nil,
                       exactScanLimit: Int? = nil) -> [SearchHit] {
        precondition(query.count == dimension, "query dimension \(query.count) ≠ \(dimension)")
        guard k > 0 else { return [] }
        let ef = max(ef ?? parameters.efSearch, k)
        if let allowed {
            let exact = exactScanLimit.map { allowed.count <= $0 }
                ?? (Double(allowed.count) * Double(allowed.count)
                    <= Double(ef) * Double(parameters.maxLinks0) * Double(slotCount.load(ordering: .relaxed)))
            if exact { return exactSearch(query, k: k, allowed: allowed) }
        }
        let hits = graphSearch(query, k: k, ef: ef, allowed: allowed)
        if let allowed, hits.count < min(k, allowed.count) {
            return exactSearch(query, k: k, allowed: allowed)
        }
        return hits
    }

    func graphSearch(_ query: [Float], k: Int, ef: Int, allowed: LabelSet?) -> [SearchHit] {
        let token = epochs.enter()
        defer { epochs.leave(token) }
        guard let (entryNode, entryLevel) = loadEntry() else { return [] }
        return query.withUnsafeBufferPointer { q -> [SearchHit] in
            let f32 = FloatOracle(query: q.baseAddress!, storage: storage, dimension: dimension)
            let candidates: [Candidate]
            if storage.quantized {
                var codes = [Int8](repeating: 0, count: dimension)
                let scale = codes.withUnsafeMutableBufferPointer {
                    VectorKernels.quantize(q.baseAddress!, count: dimension, into: $0.baseAddress!)
                }
                candidates = codes.withUnsafeBufferPointer { c in
                    let oracle = Int8Oracle(codes: c.baseAddress!, scale: scale, storage: storage, dimension: dimension)
                    return walk(oracle, entryNode: entryNode, entryLevel: entryLevel, ef: ef, allowed: allowed)
                }
            } else {
                candidates = walk(f32, entryNode: entryNode, entryLevel: entryLevel, ef: ef, allowed: allowed)
            }
            var scored = candidates.map { c -> SearchHit in
                let score = storage.quantized ? 1 - f32.distance(to: c.node) : 1 - c.distance
                return SearchHit(label: VectorLabel(storage.label(c.node)), score: score)
            }
            if storage.quantized { scored.sort { $0.score > $1.score } }
            return Array(scored.prefix(k))
        }
    }

    private func walk<O: DistanceOracle>(_ oracle: O, entryNode: NodeID, entryLevel: Int, ef: Int,
                                         allowed: LabelSet?) -> [Candidate] {
        let start = Candidate(distance: oracle.distance(to: entryNode), node: entryNode)
        let nearest = greedyDescent(oracle, start: start, fromLevel: entryLevel, toLevel: 0)
        return visitedPool.withSet(count: slotCount.load(ordering: .acquiring)) { visited in
            let heap: FarthestFirstHeap
            if let allowed {
                heap = searchLevel(oracle, entries: [nearest], ef: ef, level: 0, visited: visited,
                                   acceptor: FilteredAcceptor(storage: storage, allowed: allowed))
            } else {
                heap = searchLevel(oracle, entries: [nearest], ef: ef, level: 0, visited: visited,
                                   acceptor: LiveAcceptor(storage: storage))
            }
            return heap.sortedAscending()
        }
    }

    /// Exact top-`k` over every live vector (optionally restricted to `allowed`). O(slots).
    public func exactSearch(_ query: [Float], k: Int, allowed: LabelSet? = nil) -> [SearchHit] {
        precondition(query.count == dimension)
        guard k > 0 else { return [] }
        let token = epochs.enter()
        defer { epochs.leave(token) }
        let slots = slotCount.load(ordering: .acquiring)
        var best = FarthestFirstHeap(capacity: k + 1)
        query.withUnsafeBufferPointer { q in
            let oracle = FloatOracle(query: q.baseAddress!, storage: storage, dimension: dimension)
            for i in 0..<slots {
                let n = NodeID(i)
                guard storage.state(n) == .live else { continue }
                if let allowed, !allowed.contains(storage.label(n)) { continue }
                let d = oracle.distance(to: n)
                if best.count < k || d < best.top!.distance {
                    best.push(Candidate(distance: d, node: n))
                    if best.count > k { best.pop() }
                }
            }
        }
        return best.sortedAscending().map {
            SearchHit(label: VectorLabel(storage.label($0.node)), score: 1 - $0.distance)
        }
    }

    /// Runs many queries, spread over `threads` threads (1: on the calling thread).
    public func search(batch queries: [[Float]], k: Int, ef: Int? = nil, allowed: LabelSet? = nil,
                       exactScanLimit: Int? = nil, threads: Int = 1) -> [[SearchHit]] {
        if threads <= 1 || queries.count < 2 {
            return queries.map { search($0, k: k, ef: ef, allowed: allowed, exactScanLimit: exactScanLimit) }
        }
        let results = ResultSlots(count: queries.count)
        let workers = min(threads, queries.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < queries.count {
                results.set(i, search(queries[i], k: k, ef: ef, allowed: allowed, exactScanLimit: exactScanLimit))
                i += workers
            }
        }
        return results.values
    }
}

/// Per-query result slots written by disjoint workers (each index by exactly one thread).
private final class ResultSlots: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<[SearchHit]>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: [], count: count)
    }
    deinit { storage.deinitialize(count: count); storage.deallocate() }
    func set(_ i: Int, _ value: [SearchHit]) { storage[i] = value }
    var values: [[SearchHit]] { Array(UnsafeBufferPointer(start: storage, count: count)) }
}
