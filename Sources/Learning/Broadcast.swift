/// NumPy broadcasting: shapes align on the right; an extent of 1 (or a missing dimension) repeats.
enum Broadcast {
    /// The broadcast result shape of `a` and `b`.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(da == db || da == 1 || db == 1, "shapes \(a) and \(b) do not broadcast")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides of a contiguous tensor of `shape` seen inside `outShape`: 0 where it repeats.
    static func strides(of shape: [Int], in outShape: [Int]) -> [Int] {
        let own = Tensor.strides(of: shape)
        let lead = outShape.count - shape.count
        precondition(lead >= 0, "cannot broadcast \(shape) to \(outShape)")
        var s = [Int](repeating: 0, count: outShape.count)
        for i in 0..<shape.count {
            precondition(shape[i] == outShape[lead + i] || shape[i] == 1, "cannot broadcast \(shape) to \(outShape)")
            s[lead + i] = shape[i] == 1 ? 0 : own[i]
        }
        return s
    }

    /// Visits every row (the last dimension) of `outShape`, passing the element offsets of the row's
    /// start in the contiguous output and in two broadcast operands (strides `sa`, `sb`), the row
    /// length, and the operands' strides along it.
    static func forEachRow(_ outShape: [Int], _ sa: [Int], _ sb: [Int],
                           _ body: (_ out: Int, _ a: Int, _ b: Int, _ n: Int, _ stepA: Int, _ stepB: Int) -> Void) {
        let rank = outShape.count
        if rank == 0 {
            body(0, 0, 0, 1, 0, 0)
            return
        }
        let n = outShape[rank - 1]
        let rows = Tensor.elementCount(Array(outShape.dropLast()))
        if rows == 0 || n == 0 { return }
        var index = [Int](repeating: 0, count: rank - 1)
        var offA = 0, offB = 0
        for r in 0..<rows {
            body(r * n, offA, offB, n, sa[rank - 1], sb[rank - 1])
            // Advance the multi-index over the leading dimensions.
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                offA += sa[d]
                offB += sb[d]
                if index[d] < outShape[d] { break }
                offA -= sa[d] * outShape[d]
                offB -= sb[d] * outShape[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Adds `g` (contiguous, of `outShape`) into `target` (contiguous, of `shape`), summing over
    /// the broadcast dimensions: the adjoint of broadcasting `shape` to `outShape`.
    static func accumulate(_ g: UnsafePointer<Float>, outShape: [Int],
                           into target: UnsafeMutablePointer<Float>, shape: [Int]) {
        if shape == outShape {
            Kernels.axpy(Tensor.elementCount(shape), x: g, y: target)
            return
        }
        let st = strides(of: shape, in: outShape)
        forEachRow(outShape, st, st) { o, t, _, n, step, _ in
            if step == 0 {
                var s: Float = 0
                for j in 0..<n { s += g[o + j] }
                target[t] += s
            } else {
                for j in 0..<n { target[t + j * step] += g[o + j] }
            }
        }
    }
}
