/// Insertion (Algorithm 1 of Malkov & Yashunin, with the neighbour-selection heuristic of
/// Algorithm 4). Writer only.
extension HNSWIndex {
    /// Inserts `vector` under `label`. Writer only.
    ///
    /// - Precondition: `label` is not live (remove it first to replace its vector) and
    ///   `vector.count == dimension`.
    /// - Complexity: O(efConstruction · M · log n) distance evaluations.
    public func insert(_ vector: [Float], label: VectorLabel) {
        precondition(vector.count == dimension, "vector dimension \(vector.count) ≠ \(dimension)")
        precondition(nodesByLabel[label.rawValue] == nil, "label \(label) is already live")
        vector.withUnsafeBufferPointer { insert($0.baseAddress!, label: label) }
    }

    func insert(_ vector: UnsafePointer<Float>, label: VectorLabel) {
        let level = randomLevel()
        let node = takeSlot()
        storage.initialize(node, label: label.rawValue, level: level, vector: vector)
        storage.setState(node, .live)
        nodesByLabel[label.rawValue] = node
        guard let (entryNode, entryLevel) = loadEntry() else {
            storeEntry(node, level: level)
            return
        }
        let oracle = FloatOracle(query: vector, storage: storage, dimension: dimension)
        var nearest = Candidate(distance: oracle.distance(to: entryNode), node: entryNode)
        nearest = greedyDescent(oracle, start: nearest, fromLevel: entryLevel, toLevel: level)
        var entries = [nearest]
        let slots = slotCount.load(ordering: .relaxed)
        visitedPool.withSet(count: slots) { visited in
            var level0Pass = true
            for l in stride(from: min(level, entryLevel), through: 0, by: -1) {
                if !level0Pass { visited.reset(count: slots) }
                level0Pass = false
                var found = searchLevel(oracle, entries: entries, ef: parameters.efConstruction, level: l,
                                        visited: visited, acceptor: LiveAcceptor(storage: storage))
                    .sortedAscending()
                found.removeAll { $0.node == node }
                if found.isEmpty {
                    // Every reachable node is tombstoned: link to them anyway so the new node stays
                    // reachable; compaction repairs these links.
                    visited.reset(count: slots)
                    found = searchLevel(oracle, entries: entries, ef: parameters.efConstruction, level: l,
                                        visited: visited, acceptor: AnyAcceptor())
                        .sortedAscending().filter { $0.node != node }
                }
                let chosen = selectNeighbours(found, maximum: parameters.m)
                storage.setLinks(node, level: l, chosen.map(\.node))
                for neighbour in chosen { addLink(from: neighbour.node, to: node, distance: neighbour.distance, level: l) }
                if !found.isEmpty { entries = [found[0]] }
            }
        }
        if level > entryLevel { storeEntry(node, level: level) }
    }

    /// A fresh or recycled slot. Writer only.
    func takeSlot() -> NodeID {
        if let slot = freeSlots.popLast() { return slot }
        let n = slotCount.load(ordering: .relaxed)
        storage.reserve(n + 1)
        slotCount.store(n + 1, ordering: .releasing)
        return NodeID(n)
    }

    /// The heuristic of Algorithm 4: keep a candidate only when it is closer to the base than to
    /// every candidate kept so far, which spreads links across directions.
    /// - Parameter candidates: sorted by increasing distance to the base.
    func selectNeighbours(_ candidates: [Candidate], maximum: Int) -> [Candidate] {
        if candidates.count <= maximum { return candidates }
        var chosen: [Candidate] = []
        chosen.reserveCapacity(maximum)
        for c in candidates {
            if chosen.count >= maximum { break }
            let v = storage.vector(c.node)
            var keep = true
            for s in chosen where 1 - VectorKernels.dot(v, storage.vector(s.node), count: dimension) < c.distance {
                keep = false
                break
            }
            if keep { chosen.append(c) }
        }
        return chosen
    }

    /// Adds the link `from → to` on `level`, pruning `from`'s list with the heuristic when full.
    func addLink(from: NodeID, to: NodeID, distance: Float, level: Int) {
        let list = storage.links(from, level: level)
        let count = Int(list[0].load(ordering: .relaxed))
        let maximum = storage.maxLinks(level: level)
        if count < maximum {
            list[1 + count].store(to.rawValue, ordering: .releasing)
            list[0].store(UInt32(count + 1), ordering: .releasing)
            return
        }
        let base = storage.vector(from)
        var candidates = [Candidate(distance: distance, node: to)]
        candidates.reserveCapacity(count + 1)
        for i in 0..<count {
            let n = NodeID(list[1 + i].load(ordering: .relaxed))
            candidates.append(Candidate(distance: 1 - VectorKernels.dot(base, storage.vector(n), count: dimension), node: n))
        }
        candidates.sort { $0.distance < $1.distance }
        storage.setLinks(from, level: level, selectNeighbours(candidates, maximum: maximum).map(\.node))
    }
}

/// Accepts every visited node.
struct AnyAcceptor: NodeAcceptor {
    @inline(__always) func accepts(_ node: NodeID) -> Bool { true }
}
