/// Shape ops: reshape (a view), permute/transpose, slices and splits (views along axis 0),
/// concatenation.
extension Tensor {
    /// The same elements under a new shape; one extent may be -1 (inferred). Shares storage.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let hole = newShape.firstIndex(of: -1) {
            var known = 1
            for (i, d) in newShape.enumerated() where i != hole { known *= d }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[hole] = count / known
        }
        precondition(Tensor.elementCount(target) == count, "cannot reshape \(shape) to \(newShape)")
        if target == shape { return self }
        let out = Tensor(shape: target, storage: storage, offset: offset)
        return Tensor.record(out, inputs: [self]) { out in
            self.accumulateGrad(out.gradPointer(), from: self.shape)
        }
    }

    /// Flattens all dimensions from `axis` on into one.
    public func flattened(from axis: Int = 1) -> Tensor {
        reshaped(Array(shape[..<axis]) + [Tensor.elementCount(Array(shape[axis...]))])
    }

    /// Inserts an extent-1 dimension at `axis`.
    public func unsqueezed(_ axis: Int) -> Tensor {
        var s = shape
        s.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
        return reshaped(s)
    }

    /// Reorders dimensions: output dimension `d` is input dimension `axes[d]` (a copy).
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.count == rank && Set(axes) == Set(0..<rank), "bad permutation \(axes) for rank \(rank)")
        let own = Tensor.strides(of: shape)
        let outShape = axes.map { shape[$0] }
        let sIn = axes.map { own[$0] }
        let out = Tensor(uninitialized: outShape)
        let px = data, po = out.data
        Broadcast.forEachRow(outShape, sIn, sIn) { o, i, _, n, step, _ in
            for j in 0..<n { po[o + j] = px[i + j * step] }
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            Broadcast.forEachRow(outShape, sIn, sIn) { o, i, _, n, step, _ in
                for j in 0..<n { gx[i + j * step] += g[o + j] }
            }
        }
    }

    /// Swaps two dimensions (default: the last two).
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        var axes = Array(0..<rank)
        axes.swapAt(Tensor.normalizedAxis(a, rank: rank), Tensor.normalizedAxis(b, rank: rank))
        return permuted(axes)
    }

    /// Elements `range` along `axis`. Along axis 0 this is a view sharing storage.
    public func slice(axis: Int = 0, _ range: Range<Int>) -> Tensor {
        let a = Tensor.normalizedAxis(axis, rank: rank)
        let (outer, n, inner) = split(around: a)
        precondition(range.lowerBound >= 0 && range.upperBound <= n, "slice \(range) of extent \(n)")
        var outShape = shape
        outShape[a] = range.count
        let len = range.count * inner
        let out: Tensor
        if outer == 1 {
            out = Tensor(shape: outShape, storage: storage, offset: offset + range.lowerBound * inner)
        } else {
            out = Tensor(uninitialized: outShape)
            for o in 0..<outer {
                (out.data + o * len).update(from: data + (o * n + range.lowerBound) * inner, count: len)
            }
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for o in 0..<outer {
                Kernels.axpy(len, x: g + o * len, y: gx + (o * n + range.lowerBound) * inner)
            }
        }
    }

    /// Splits along `axis` into consecutive pieces of the given extents (which must add up).
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = Tensor.normalizedAxis(axis, rank: rank)
        precondition(sizes.reduce(0, +) == shape[a], "split sizes \(sizes) for extent \(shape[a])")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: a, start..<(start + size))
        }
    }

    /// Joins tensors along `axis`; all other extents must agree.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concat of nothing")
        let first = tensors[0]
        let a = Tensor.normalizedAxis(axis, rank: first.rank)
        var outShape = first.shape
        outShape[a] = 0
        for t in tensors {
            var s = t.shape
            precondition(t.rank == first.rank, "concat of ranks \(first.rank) and \(t.rank)")
            outShape[a] += s[a]
            s[a] = first.shape[a]
            precondition(s == first.shape, "concat of shapes \(first.shape) and \(t.shape) along \(a)")
        }
        let outer = Tensor.elementCount(Array(first.shape[..<a]))
        let inner = Tensor.elementCount(Array(first.shape[(a + 1)...]))
        let rowOut = outShape[a] * inner
        let out = Tensor(uninitialized: outShape)
        var starts: [Int] = []
        var start = 0
        for t in tensors {
            starts.append(start)
            let len = t.shape[a] * inner
            for o in 0..<outer { (out.data + o * rowOut + start).update(from: t.data + o * len, count: len) }
            start += len
        }
        return record(out, inputs: tensors) { out in
            let g = out.gradPointer()
            for (t, s) in zip(tensors, starts) where t.requiresGrad {
                let len = t.shape[a] * inner, (gt, fresh) = t.gradPointerForOverwrite()
                for o in 0..<outer {
                    if fresh {
                        (gt + o * len).update(from: g + o * rowOut + s, count: len)
                    } else {
                        Kernels.axpy(len, x: g + o * rowOut + s, y: gt + o * len)
                    }
                }
            }
        }
    }
}
