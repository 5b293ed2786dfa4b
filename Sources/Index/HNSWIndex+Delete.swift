/// Deletion: tombstones first (O(1), searches stop returning the vector at once), then batch
/// compaction that repairs every link into the tombstones and recycles their slots, so the
/// graph's size stays bounded under add/delete churn. Writer only.
extension HNSWIndex {
    /// Tombstones the vector of `label`; returns false when no live vector has it. Writer only.
    @discardableResult
    public func remove(_ label: VectorLabel) -> Bool {
        guard let node = nodesByLabel.removeValue(forKey: label.rawValue) else { return false }
        storage.setState(node, .tombstoned)
        tombstones.append(node)
        return true
    }

    /// Compacts when tombstones exceed `fraction` of the live vectors (and at least `minimum`).
    /// Returns true when it compacted. Writer only.
    @discardableResult
    public func compactIfNeeded(fraction: Double = 0.1, minimum: Int = 64) -> Bool {
        guard tombstones.count >= max(minimum, Int(fraction * Double(count))) else { return false }
        compact()
        return true
    }

    /// Repairs every link into a tombstone, moves the entry point off tombstones, waits for
    /// running searches to finish, then frees the tombstoned slots for reuse. Writer only.
    ///
    /// Repair of a live node `p` on level `l`: its candidates are its live neighbours plus the
    /// live neighbours of its deleted neighbours; the selection heuristic keeps up to the
    /// level's maximum.
    /// - Complexity: O(slots · links) to find affected lists, plus the heuristic per repaired list.
    public func compact() {
        guard !tombstones.isEmpty else { return }
        let slots = slotCount.load(ordering: .relaxed)
        // 1. Repair links of live nodes.
        for i in 0..<slots {
            let p = NodeID(i)
            guard storage.state(p) == .live else { continue }
            for l in 0...storage.level(p) { repairLinks(of: p, level: l) }
        }
        // 2. Move the entry point to the highest live node if it was deleted.
        if let (node, _) = loadEntry(), storage.state(node) != .live {
            var best: (NodeID, Int)? = nil
            for i in 0..<slots {
                let n = NodeID(i)
                if storage.state(n) == .live, best == nil || storage.level(n) > best!.1 {
                    best = (n, storage.level(n))
                }
            }
            if let best { storeEntry(best.0, level: best.1) } else { clearEntry() }
        }
        // 3. Unlink, wait out the searches that may still stand on them, then recycle.
        for n in tombstones { storage.setState(n, .unlinked) }
        epochs.synchronize()
        for n in tombstones {
            storage.setState(n, .free)
            storage.setLinks(n, level: 0, [])
        }
        freeSlots.append(contentsOf: tombstones.reversed())
        tombstones.removeAll()
    }

    private func repairLinks(of p: NodeID, level: Int) {
        let ids = storage.linkIDs(p, level: level)
        guard ids.contains(where: { storage.state($0) != .live }) else { return }
        // The live links were chosen by the heuristic and stay; each link lost to a deletion is
        // replaced from the deleted neighbours' live neighbours, nearest first, keeping a
        // candidate only if no kept link occludes it (the Algorithm 4 test against the kept
        // set). Re-running the full heuristic over every candidate cost ~15 s per compaction at
        // 100k × 256; this costs a few distance evaluations per candidate.
        var kept = ids.filter { storage.state($0) == .live }
        let lost = ids.count - kept.count
        var seen = Set(ids)
        seen.insert(p)
        let base = storage.vector(p)
        var candidates: [Candidate] = []
        for d in ids where storage.state(d) != .live && storage.level(d) >= level {
            for m in storage.linkIDs(d, level: level) where storage.state(m) == .live && seen.insert(m).inserted {
                candidates.append(Candidate(distance: 1 - VectorKernels.dot(base, storage.vector(m), count: dimension), node: m))
            }
        }
        candidates.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.node < $1.node) }
        var added = 0
        var occluded: [Candidate] = []
        for c in candidates where added < lost {
            let v = storage.vector(c.node)
            if kept.contains(where: { 1 - VectorKernels.dot(v, storage.vector($0), count: dimension) < c.distance }) {
                occluded.append(c)
            } else {
                kept.append(c.node)
                added += 1
            }
        }
        // Keep the degree: fill what the test left open with the nearest occluded candidates.
        for c in occluded where added < lost {
            kept.append(c.node)
            added += 1
        }
        storage.setLinks(p, level: level, kept)
    }
}
