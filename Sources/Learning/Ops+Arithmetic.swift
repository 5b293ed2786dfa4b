/// Elementwise add, subtract, multiply and divide with NumPy broadcasting, and their scalar forms.
extension Tensor {
    /// Applies `f` elementwise over the broadcast of `a` and `b` (forward only).
    @inline(__always)
    static func broadcastMap(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        let pa = a.data, pb = b.data
        if a.shape == b.shape {
            let out = Tensor(uninitialized: a.shape)
            let po = out.data
            for i in 0..<a.count { po[i] = f(pa[i], pb[i]) }
            return out
        }
        let shape = Broadcast.shape(a.shape, b.shape)
        let out = Tensor(uninitialized: shape)
        let po = out.data
        Broadcast.forEachRow(shape, Broadcast.strides(of: a.shape, in: shape),
                             Broadcast.strides(of: b.shape, in: shape)) { o, ia, ib, n, sa, sb in
            if sa == 1 && sb == 1 {
                for j in 0..<n { po[o + j] = f(pa[ia + j], pb[ib + j]) }
            } else if sa == 1 && sb == 0 {
                let y = pb[ib]
                for j in 0..<n { po[o + j] = f(pa[ia + j], y) }
            } else if sa == 0 && sb == 1 {
                let x = pa[ia]
                for j in 0..<n { po[o + j] = f(x, pb[ib + j]) }
            } else {
                for j in 0..<n { po[o + j] = f(pa[ia + j * sa], pb[ib + j * sb]) }
            }
        }
        return out
    }

    /// Adds into the gradient of `a` (when `intoFirst`) or `b` the sum over broadcast dimensions of
    /// `h(g, x, y)`, where `g` is `out`'s gradient and `x`, `y` the operands at that element.
    static func accumulateProduct(_ out: Tensor, _ a: Tensor, _ b: Tensor, intoFirst: Bool,
                                  _ h: (Float, Float, Float) -> Float) {
        let shape = out.shape
        let pg = out.gradPointer(), pa = a.data, pb = b.data
        if a.shape == shape && b.shape == shape && a !== b {
            let (pt, fresh) = intoFirst ? a.gradPointerForOverwrite() : b.gradPointerForOverwrite()
            if fresh {
                for i in 0..<out.count { pt[i] = h(pg[i], pa[i], pb[i]) }
            } else {
                for i in 0..<out.count { pt[i] += h(pg[i], pa[i], pb[i]) }
            }
            return
        }
        let pt = intoFirst ? a.gradPointer() : b.gradPointer()
        let sa = Broadcast.strides(of: a.shape, in: shape), sb = Broadcast.strides(of: b.shape, in: shape)
        Broadcast.forEachRow(shape, sa, sb) { o, ia, ib, n, stepA, stepB in
            let it = intoFirst ? ia : ib, tStep = intoFirst ? stepA : stepB
            for j in 0..<n {
                pt[it + j * tStep] += h(pg[o + j], pa[ia + j * stepA], pb[ib + j * stepB])
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, +)
        return record(out, inputs: [a, b]) { out in
            let g = out.gradPointer()
            if a.requiresGrad { a.accumulateGrad(g, from: out.shape) }
            if b.requiresGrad { b.accumulateGrad(g, from: out.shape) }
        }
    }

    /// Adds `g` (a gradient of shape `outShape`, which self's shape broadcasts to) into self's
    /// gradient, summing over broadcast dimensions; a plain copy for a same-shape first gradient.
    func accumulateGrad(_ g: UnsafePointer<Float>, from outShape: [Int]) {
        if shape == outShape {
            let (p, fresh) = gradPointerForOverwrite()
            if fresh { p.update(from: g, count: count) } else { Kernels.axpy(count, x: g, y: p) }
        } else {
            Broadcast.accumulate(g, outShape: outShape, into: gradPointer(), shape: shape)
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, -)
        return record(out, inputs: [a, b]) { out in
            let g = out.gradPointer()
            if a.requiresGrad { a.accumulateGrad(g, from: out.shape) }
            if b.requiresGrad {
                let neg = Tensor(shape: out.shape)
                for i in 0..<out.count { neg.data[i] = -g[i] }
                Broadcast.accumulate(neg.data, outShape: out.shape, into: b.gradPointer(), shape: b.shape)
            }
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, *)
        return record(out, inputs: [a, b]) { out in
            if a.requiresGrad { accumulateProduct(out, a, b, intoFirst: true) { g, _, y in g * y } }
            if b.requiresGrad { accumulateProduct(out, a, b, intoFirst: false) { g, x, _ in g * x } }
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let out = broadcastMap(a, b, /)
        return record(out, inputs: [a, b]) { out in
            if a.requiresGrad { accumulateProduct(out, a, b, intoFirst: true) { g, _, y in g / y } }
            if b.requiresGrad { accumulateProduct(out, a, b, intoFirst: false) { g, x, y in -g * x / (y * y) } }
        }
    }

    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    /// x · s + c elementwise (the scalar forms of `+ - * /` all go through here).
    public func affine(scale s: Float, shift c: Float) -> Tensor {
        let out = Tensor(uninitialized: shape)
        let px = data, po = out.data
        for i in 0..<count { po[i] = px[i] * s + c }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), (gx, fresh) = self.gradPointerForOverwrite()
            if fresh {
                for i in 0..<out.count { gx[i] = s * g[i] }
            } else {
                Kernels.axpy(out.count, alpha: s, x: g, y: gx)
            }
        }
    }

    public static func + (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: s) }
    public static func + (s: Float, a: Tensor) -> Tensor { a.affine(scale: 1, shift: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: -s) }
    public static func - (s: Float, a: Tensor) -> Tensor { a.affine(scale: -1, shift: s) }
    public static func * (a: Tensor, s: Float) -> Tensor { a.affine(scale: s, shift: 0) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.affine(scale: s, shift: 0) }
    public static func / (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1 / s, shift: 0) }
    public static func / (s: Float, a: Tensor) -> Tensor { a.pow(-1) * s }
}
