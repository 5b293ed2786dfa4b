import Synchronization

/// A hierarchical navigable small world graph over unit vectors, scored by inner product.
///
/// Thread safety: any number of threads may call the search methods while **one** thread at a
/// time calls the mutating methods (`insert`, `remove`, `compact`, snapshot loading). Searches
/// take no lock: they read link lists, node states and the entry point through atomics, and
/// register with `ReaderEpochs` so that the writer reuses a deleted slot only after every
/// search that might still see it has finished. Serialising writers is the caller's job
/// (`VectorStore` holds its writer lock around every mutation).
public final class HNSWIndex: @unchecked Sendable {
    /// The graph parameters.
    public let parameters: HNSWParameters
    let storage: NodeStorage
    let epochs = ReaderEpochs()
    let visitedPool: VisitedPool

    /// The entry point packed as `level << 32 | node`, or `emptyEntry`. Written by the writer
    /// with release ordering, read by searches with acquire ordering.
    let entry = Atomic<UInt64>(HNSWIndex.emptyEntry)
    static let emptyEntry = UInt64.max
    /// Slots ever handed out (the high-water mark); searches read it to bound exact scans.
    let slotCount = Atomic<Int>(0)

    // Writer-owned state: touched only by the single writer.
    /// Label → slot of the live node with that label.
    var nodesByLabel: [UInt64: NodeID] = [:]
    /// Slots ready for reuse.
    var freeSlots: [NodeID] = []
    /// Tombstoned slots awaiting compaction.
    var tombstones: [NodeID] = []
    var levelGenerator: SplitMix64

    /// Creates an empty graph.
    public init(parameters: HNSWParameters) {
        self.parameters = parameters
        storage = NodeStorage(dimension: parameters.dimension, maxLinks0: parameters.maxLinks0,
                              maxLinksUpper: parameters.m, quantized: parameters.quantization == .int8)
        visitedPool = VisitedPool(capacity: 1024)
        levelGenerator = SplitMix64(seed: parameters.seed)
    }

    /// The vector dimension.
    public var dimension: Int { parameters.dimension }
    /// Number of live (searchable) vectors. Writer-consistent.
    public var count: Int { nodesByLabel.count }
    /// Number of tombstoned vectors awaiting compaction.
    public var tombstoneCount: Int { tombstones.count }
    /// Number of node slots in use or free (the graph's size in slots).
    public var slotsInUse: Int { slotCount.load(ordering: .acquiring) }
    /// Approximate heap bytes of node storage plus the label map.
    public var approximateByteCount: Int { storage.byteCount + nodesByLabel.capacity * 24 }

    /// True when a live vector has `label`.
    public func contains(_ label: VectorLabel) -> Bool { nodesByLabel[label.rawValue] != nil }

    /// The stored vector of `label`, if live. Writer-consistent.
    public func vector(for label: VectorLabel) -> [Float]? {
        guard let n = nodesByLabel[label.rawValue] else { return nil }
        return Array(UnsafeBufferPointer(start: storage.vector(n), count: dimension))
    }

    /// All live labels. Writer-consistent.
    public var labels: [VectorLabel] { nodesByLabel.keys.map(VectorLabel.init) }

    // MARK: Entry point

    @inline(__always)
    func loadEntry() -> (node: NodeID, level: Int)? {
        let packed = entry.load(ordering: .acquiring)
        if packed == Self.emptyEntry { return nil }
        return (NodeID(UInt32(truncatingIfNeeded: packed)), Int(packed >> 32))
    }

    func storeEntry(_ node: NodeID, level: Int) {
        entry.store(UInt64(level) << 32 | UInt64(node.rawValue), ordering: .releasing)
    }

    func clearEntry() { entry.store(Self.emptyEntry, ordering: .releasing) }

    /// Draws a level from the geometric distribution of the HNSW paper.
    func randomLevel() -> Int {
        let u = Double(levelGenerator.next() >> 11) * 0x1.0p-53
        let level = Int(-Foundation_log(max(u, 1e-300)) * parameters.levelMultiplier)
        return min(level, 30)
    }
}

import Foundation
@inline(__always) func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }
