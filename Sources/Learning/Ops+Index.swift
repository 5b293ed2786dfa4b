/// Indexing for graphs and tokens: index-select (rows), gather along the last axis, embedding
/// lookup, scatter-add and segment sum/mean/max.
///
/// Indices are programmer-supplied (built by featurisers), so out-of-range values are
/// precondition failures, not thrown errors.
extension Tensor {
    /// Elements per entry of axis 0.
    var rowLength: Int { rank == 0 ? 1 : (shape[0] == 0 ? Tensor.elementCount(Array(shape.dropFirst())) : count / shape[0]) }

    /// Rows `indices` of axis 0 (repeats allowed): `[n, ...]` → `[indices.count, ...]`.
    /// Gradients of repeated rows add up.
    public func indexSelect(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "indexSelect on a scalar")
        let n = shape[0], len = rowLength
        let out = Tensor(uninitialized: [indices.count] + shape.dropFirst())
        for (r, i) in indices.enumerated() {
            precondition(i >= 0 && i < n, "index \(i) out of range 0..<\(n)")
            (out.data + r * len).update(from: data + i * len, count: len)
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for (r, i) in indices.enumerated() { Kernels.axpy(len, x: g + r * len, y: gx + i * len) }
        }
    }

    /// Embedding lookup: rows of `table` `[vocabulary, dim]` for `ids`, shaped `idsShape + [dim]`.
    public static func embedding(_ table: Tensor, ids: [Int], idsShape: [Int]? = nil) -> Tensor {
        precondition(table.rank == 2, "embedding table must be [vocabulary, dim]; got \(table.shape)")
        let rows = table.indexSelect(ids)
        guard let idsShape else { return rows }
        return rows.reshaped(idsShape + [table.shape[1]])
    }

    /// Picks along the last axis: `self` `[..., n]`, `indices` row-major of shape `[..., k]`
    /// (same leading dimensions) → `[..., k]` with out[r, j] = self[r, indices[r, j]].
    public func gather(lastAxis indices: [Int], k: Int = 1) -> Tensor {
        precondition(rank >= 1, "gather on a scalar")
        let n = shape[rank - 1], rows = n == 0 ? Tensor.elementCount(Array(shape.dropLast())) : count / n
        precondition(indices.count == rows * k, "gather: \(indices.count) indices for \(rows) rows × \(k)")
        let out = Tensor(uninitialized: Array(shape.dropLast()) + [k])
        for r in 0..<rows {
            for j in 0..<k {
                let i = indices[r * k + j]
                precondition(i >= 0 && i < n, "gather index \(i) out of range 0..<\(n)")
                out.data[r * k + j] = data[r * n + i]
            }
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for r in 0..<rows {
                for j in 0..<k { gx[r * n + indices[r * k + j]] += g[r * k + j] }
            }
        }
    }

    /// Scatter-add over axis 0: `self` `[e, ...]` into `[count, ...]` with out[index[i]] += self[i].
    /// This is segment sum; segments need not be sorted, and empty segments are zero.
    public func scatterAdd(index: [Int], count segments: Int) -> Tensor {
        precondition(rank >= 1 && index.count == shape[0], "scatterAdd: \(index.count) indices for \(shape)")
        let len = rowLength
        let out = Tensor(shape: [segments] + shape.dropFirst())
        for (r, s) in index.enumerated() {
            precondition(s >= 0 && s < segments, "segment \(s) out of range 0..<\(segments)")
            Kernels.axpy(len, x: data + r * len, y: out.data + s * len)
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for (r, s) in index.enumerated() { Kernels.axpy(len, x: g + s * len, y: gx + r * len) }
        }
    }

    /// Segment sum (an alias of ``scatterAdd(index:count:)``).
    public func segmentSum(_ segment: [Int], count: Int) -> Tensor { scatterAdd(index: segment, count: count) }

    /// Segment mean over axis 0; an empty segment's mean is zero.
    public func segmentMean(_ segment: [Int], count segments: Int) -> Tensor {
        var sizes = [Float](repeating: 0, count: segments)
        for s in segment where s >= 0 && s < segments { sizes[s] += 1 }
        let inverse = Tensor(shape: [segments] + [Int](repeating: 1, count: Swift.max(rank - 1, 0)),
                             values: sizes.map { 1 / Swift.max($0, 1) })
        return scatterAdd(index: segment, count: segments) * inverse
    }

    /// Segment max over axis 0, per feature; an empty segment gives zero and passes no gradient.
    public func segmentMax(_ segment: [Int], count segments: Int) -> Tensor {
        precondition(rank >= 1 && segment.count == shape[0], "segmentMax: \(segment.count) indices for \(shape)")
        let len = rowLength
        let out = Tensor(shape: [segments] + shape.dropFirst())
        var argmax = [Int32](repeating: -1, count: segments * len)
        let px = data, po = out.data
        for (r, s) in segment.enumerated() {
            precondition(s >= 0 && s < segments, "segment \(s) out of range 0..<\(segments)")
            for f in 0..<len {
                let v = px[r * len + f], slot = s * len + f
                if argmax[slot] < 0 || v > po[slot] {
                    po[slot] = v
                    argmax[slot] = Int32(r)
                }
            }
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for slot in 0..<(segments * len) where argmax[slot] >= 0 {
                gx[Int(argmax[slot]) * len + slot % len] += g[slot]
            }
        }
    }
}
