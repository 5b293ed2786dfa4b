/// Reductions over axes: sum, mean, max.
extension Tensor {
    /// The shape with each axis in `axes` set to 1.
    func keptShape(_ axes: [Int]) -> [Int] {
        var s = shape
        for a in axes { s[Tensor.normalizedAxis(a, rank: rank)] = 1 }
        return s
    }

    /// The shape with the axes in `axes` removed.
    func droppedShape(_ axes: [Int]) -> [Int] {
        let drop = Set(axes.map { Tensor.normalizedAxis($0, rank: rank) })
        return shape.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
    }

    /// Sum over `axes` (all axes when `nil`), optionally keeping them as extent-1 dimensions.
    public func sum(axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
        let axes = axes ?? Array(0..<rank)
        let kept = keptShape(axes)
        let out = Tensor(shape: kept)
        Broadcast.accumulate(data, outShape: shape, into: out.data, shape: kept)
        Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            let sg = Broadcast.strides(of: kept, in: self.shape)
            Broadcast.forEachRow(self.shape, sg, sg) { o, ig, _, n, step, _ in
                if step == 0 {
                    let v = g[ig]
                    for j in 0..<n { gx[o + j] += v }
                } else {
                    for j in 0..<n { gx[o + j] += g[ig + j * step] }
                }
            }
        }
        return keep ? out : out.reshaped(droppedShape(axes))
    }

    /// Mean over `axes` (all axes when `nil`).
    public func mean(axes: [Int]? = nil, keepingDimensions keep: Bool = false) -> Tensor {
        let axes = axes ?? Array(0..<rank)
        var n = 1
        for a in axes { n *= shape[Tensor.normalizedAxis(a, rank: rank)] }
        return sum(axes: axes, keepingDimensions: keep) * (1 / Float(Swift.max(n, 1)))
    }

    /// Splits `shape` around `axis` into (outer, extent, inner) element counts.
    func split(around axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        let a = Tensor.normalizedAxis(axis, rank: rank)
        return (Tensor.elementCount(Array(shape[..<a])), shape[a], Tensor.elementCount(Array(shape[(a + 1)...])))
    }

    /// Maximum over one axis. The gradient flows to the first maximal element.
    public func max(axis: Int, keepingDimensions keep: Bool = false) -> Tensor {
        let a = Tensor.normalizedAxis(axis, rank: rank)
        let (outer, n, inner) = split(around: a)
        precondition(n > 0, "max over an empty axis")
        let out = Tensor(uninitialized: keptShape([a]))
        var argmax = [Int32](repeating: 0, count: outer * inner)
        let px = data, po = out.data
        for o in 0..<outer {
            for i in 0..<inner {
                var best = px[o * n * inner + i], arg = 0
                for k in 1..<n {
                    let v = px[(o * n + k) * inner + i]
                    if v > best { best = v; arg = k }
                }
                po[o * inner + i] = best
                argmax[o * inner + i] = Int32(arg)
            }
        }
        Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for o in 0..<outer {
                for i in 0..<inner {
                    gx[(o * n + Int(argmax[o * inner + i])) * inner + i] += g[o * inner + i]
                }
            }
        }
        return keep ? out : out.reshaped(droppedShape([a]))
    }
}
