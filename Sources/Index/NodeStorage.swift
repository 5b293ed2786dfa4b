import Synchronization

/// The life of a node slot.
enum NodeState: UInt8 {
    /// Unused; on the free list.
    case free = 0
    /// A searchable vector.
    case live = 1
    /// Deleted: still linked (searches walk through it) but never returned.
    case tombstoned = 2
    /// Deleted and unlinked by compaction; becomes free after the readers' grace period.
    case unlinked = 3
}

/// Per-node storage in fixed-size chunks that never move, so searches can read while the writer
/// appends. Each chunk holds, per node: the level-0 link list (`[count, id0, id1, …]`, atomics),
/// the f32 vector, optional int8 codes and their scale, the label, the top level, the state
/// (atomic) and a pointer to the upper-level link lists.
///
/// Publication: the writer fills a slot completely, then links it into the graph with
/// release stores; a reader reaches a slot only through an acquire load of a link (or of the
/// entry point), so the plain (non-atomic) fields it reads are immutable for as long as it can
/// reach the slot. Slots are reused only after `ReaderEpochs.synchronize()`.
final class NodeStorage: @unchecked Sendable {
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift
    static let maxChunks = 1 << 15

    struct Chunk {
        var links0: UnsafeMutablePointer<Atomic<UInt32>>
        var vectors: UnsafeMutablePointer<Float>
        var codes: UnsafeMutablePointer<Int8>?
        var scales: UnsafeMutablePointer<Float>?
        var labels: UnsafeMutablePointer<UInt64>
        var levels: UnsafeMutablePointer<UInt8>
        var states: UnsafeMutablePointer<Atomic<UInt8>>
        var upper: UnsafeMutablePointer<UnsafeMutablePointer<Atomic<UInt32>>?>
    }

    let dimension: Int
    let maxLinks0: Int
    let maxLinksUpper: Int
    let quantized: Bool
    /// Words per level-0 list: a count followed by `maxLinks0` ids.
    let stride0: Int
    /// Words per upper-level list.
    let strideUpper: Int
    /// Fixed table of chunks; entries below `chunkCount` are immutable once written.
    private let chunks: UnsafeMutablePointer<Chunk>
    /// Number of allocated chunks; writer-owned.
    private(set) var chunkCount = 0

    init(dimension: Int, maxLinks0: Int, maxLinksUpper: Int, quantized: Bool) {
        self.dimension = dimension
        self.maxLinks0 = maxLinks0
        self.maxLinksUpper = maxLinksUpper
        self.quantized = quantized
        stride0 = 1 + maxLinks0
        strideUpper = 1 + maxLinksUpper
        chunks = .allocate(capacity: Self.maxChunks)
    }

    deinit {
        let n = Self.chunkSize
        for c in 0..<chunkCount {
            let chunk = chunks[c]
            for i in 0..<n {
                if let upper = chunk.upper[i] {
                    freeUpper(upper, levels: Int(chunk.levels[i]))
                }
            }
            chunk.links0.deinitialize(count: n * stride0)
            chunk.links0.deallocate()
            chunk.vectors.deallocate()
            chunk.codes?.deallocate()
            chunk.scales?.deallocate()
            chunk.labels.deallocate()
            chunk.levels.deallocate()
            chunk.states.deinitialize(count: n)
            chunk.states.deallocate()
            chunk.upper.deallocate()
        }
        chunks.deallocate()
    }

    /// Slots available without allocating.
    var capacity: Int { chunkCount << Self.chunkShift }

    /// Makes sure slot `count - 1` exists. Writer only.
    func reserve(_ count: Int) {
        while capacity < count {
            precondition(chunkCount < Self.maxChunks, "index capacity exceeded")
            let n = Self.chunkSize
            let links = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: n * stride0)
            for i in 0..<(n * stride0) { (links + i).initialize(to: Atomic(0)) }
            let vectors = UnsafeMutableRawPointer.allocate(byteCount: n * dimension * 4, alignment: 64)
                .bindMemory(to: Float.self, capacity: n * dimension)
            vectors.initialize(repeating: 0, count: n * dimension)
            var codes: UnsafeMutablePointer<Int8>? = nil
            var scales: UnsafeMutablePointer<Float>? = nil
            if quantized {
                let c = UnsafeMutableRawPointer.allocate(byteCount: n * dimension, alignment: 64)
                    .bindMemory(to: Int8.self, capacity: n * dimension)
                c.initialize(repeating: 0, count: n * dimension)
                codes = c
                let s = UnsafeMutablePointer<Float>.allocate(capacity: n)
                s.initialize(repeating: 0, count: n)
                scales = s
            }
            let labels = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
            labels.initialize(repeating: 0, count: n)
            let levels = UnsafeMutablePointer<UInt8>.allocate(capacity: n)
            levels.initialize(repeating: 0, count: n)
            let states = UnsafeMutablePointer<Atomic<UInt8>>.allocate(capacity: n)
            for i in 0..<n { (states + i).initialize(to: Atomic(NodeState.free.rawValue)) }
            let upper = UnsafeMutablePointer<UnsafeMutablePointer<Atomic<UInt32>>?>.allocate(capacity: n)
            upper.initialize(repeating: nil, count: n)
            (chunks + chunkCount).initialize(to: Chunk(
                links0: links, vectors: vectors, codes: codes, scales: scales,
                labels: labels, levels: levels, states: states, upper: upper))
            chunkCount += 1
        }
    }

    // MARK: Field access (O(1), no locks)

    @inline(__always) private func chunk(_ n: NodeID) -> UnsafeMutablePointer<Chunk> {
        chunks + (n.index >> Self.chunkShift)
    }
    @inline(__always) private func slot(_ n: NodeID) -> Int { n.index & (Self.chunkSize - 1) }

    @inline(__always) func vector(_ n: NodeID) -> UnsafeMutablePointer<Float> {
        chunk(n).pointee.vectors + slot(n) * dimension
    }
    @inline(__always) func codes(_ n: NodeID) -> UnsafeMutablePointer<Int8> {
        chunk(n).pointee.codes.unsafelyUnwrapped + slot(n) * dimension
    }
    @inline(__always) func scale(_ n: NodeID) -> Float {
        chunk(n).pointee.scales.unsafelyUnwrapped[slot(n)]
    }
    @inline(__always) func setScale(_ n: NodeID, _ value: Float) {
        chunk(n).pointee.scales.unsafelyUnwrapped[slot(n)] = value
    }
    @inline(__always) func label(_ n: NodeID) -> UInt64 { chunk(n).pointee.labels[slot(n)] }
    @inline(__always) func setLabel(_ n: NodeID, _ value: UInt64) { chunk(n).pointee.labels[slot(n)] = value }
    @inline(__always) func level(_ n: NodeID) -> Int { Int(chunk(n).pointee.levels[slot(n)]) }
    @inline(__always) func state(_ n: NodeID) -> NodeState {
        NodeState(rawValue: chunk(n).pointee.states[slot(n)].load(ordering: .acquiring)) ?? .free
    }
    @inline(__always) func setState(_ n: NodeID, _ s: NodeState) {
        chunk(n).pointee.states[slot(n)].store(s.rawValue, ordering: .releasing)
    }

    /// The link list of `n` at `level`: element 0 is the count, then the ids.
    @inline(__always) func links(_ n: NodeID, level: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
        if level == 0 { return chunk(n).pointee.links0 + slot(n) * stride0 }
        return chunk(n).pointee.upper[slot(n)].unsafelyUnwrapped + (level - 1) * strideUpper
    }

    /// The maximum number of links at `level`.
    @inline(__always) func maxLinks(level: Int) -> Int { level == 0 ? maxLinks0 : maxLinksUpper }

    /// Prepares slot `n` for a new node with `level` upper levels and no links. Writer only;
    /// the slot must be unreachable.
    func initialize(_ n: NodeID, label: UInt64, level: Int, vector source: UnsafePointer<Float>) {
        let c = chunk(n)
        let s = slot(n)
        if let old = c.pointee.upper[s] {
            freeUpper(old, levels: Int(c.pointee.levels[s]))
            c.pointee.upper[s] = nil
        }
        c.pointee.labels[s] = label
        c.pointee.levels[s] = UInt8(level)
        vector(n).update(from: source, count: dimension)
        if quantized {
            c.pointee.scales.unsafelyUnwrapped[s] = VectorKernels.quantize(source, count: dimension, into: codes(n))
        }
        let base = c.pointee.links0 + s * stride0
        base[0].store(0, ordering: .relaxed)
        if level > 0 {
            let words = level * strideUpper
            let upper = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: words)
            for i in 0..<words { (upper + i).initialize(to: Atomic(0)) }
            c.pointee.upper[s] = upper
        }
    }

    /// Replaces the link list of `n` at `level`. Ids are stored before the count so a concurrent
    /// reader sees either list entries or older ones, always valid ids.
    func setLinks(_ n: NodeID, level: Int, _ ids: [NodeID]) {
        let list = links(n, level: level)
        let count = min(ids.count, maxLinks(level: level))
        for i in 0..<count { list[1 + i].store(ids[i].rawValue, ordering: .releasing) }
        list[0].store(UInt32(count), ordering: .releasing)
    }

    /// The link ids of `n` at `level`.
    func linkIDs(_ n: NodeID, level: Int) -> [NodeID] {
        let list = links(n, level: level)
        let count = min(Int(list[0].load(ordering: .acquiring)), maxLinks(level: level))
        return (0..<count).map { NodeID(list[1 + $0].load(ordering: .acquiring)) }
    }

    private func freeUpper(_ p: UnsafeMutablePointer<Atomic<UInt32>>, levels: Int) {
        p.deinitialize(count: levels * strideUpper)
        p.deallocate()
    }

    /// Approximate bytes held by the storage.
    var byteCount: Int {
        let n = Self.chunkSize
        var perNode = stride0 * 4 + dimension * 4 + 8 + 1 + 1 + 8
        if quantized { perNode += dimension + 4 }
        return chunkCount * n * perNode
    }
}
