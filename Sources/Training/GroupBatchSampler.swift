import Learning

/// Seeded batches in which no two items share a group (the corpus split group, which joins
/// repeat refinements, polymorphs and same-formula entries): the false negatives of InfoNCE
/// cannot meet in one batch.
///
/// Each epoch: shuffle the items (seed, epoch), then greedily place each item into the first open
/// batch lacking its group. Every item appears exactly once per epoch; batches are full except
/// possibly the last few (a group larger than the number of batches puts its surplus in extra
/// batches). Batches smaller than `minimumBatch` are dropped.
public struct GroupBatchSampler: Sendable {
    public let groups: [Int]
    public let batchSize: Int
    public let seed: UInt64
    public var minimumBatch: Int

    /// - Parameter groups: a group id per item.
    public init(groups: [Int], batchSize: Int, seed: UInt64, minimumBatch: Int = 8) {
        precondition(batchSize >= 2, "batchSize must be ≥ 2")
        self.groups = groups
        self.batchSize = batchSize
        self.seed = seed
        self.minimumBatch = minimumBatch
    }

    /// The batches of `epoch` (0-based): item indices.
    public func batches(epoch: Int) -> [[Int]] {
        let g = SeededGenerator(seed: seed &+ UInt64(epoch + 1) &* 0xD1B5_4A32_D192_ED03)
        let order = g.permutation(groups.count)
        var batches: [[Int]] = []
        var used: [Set<Int>] = []
        var open: [Int] = []  // indices of batches not yet full
        for i in order {
            let group = groups[i]
            var placed = false
            for (k, b) in open.enumerated() where !used[b].contains(group) {
                batches[b].append(i)
                used[b].insert(group)
                if batches[b].count == batchSize { open.remove(at: k) }
                placed = true
                break
            }
            if !placed {
                batches.append([i])
                used.append([group])
                open.append(batches.count - 1)
            }
        }
        return batches.filter { $0.count >= Swift.min(minimumBatch, batchSize) }
    }

    /// The number of steps in an epoch (as `batches(epoch:)` would give, approximately; exact for epoch 0).
    public var stepsPerEpoch: Int { batches(epoch: 0).count }
}
