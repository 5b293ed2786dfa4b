import Foundation

/// Elementwise maths and activations. Each op gives a forward kernel and a backward kernel over
/// whole buffers (so the loops inline and vectorise); the backward reads the input `x` and/or the
/// output `y`, whichever is cheaper.
extension Tensor {
    /// Runs `forward(x, y, n)` into a new tensor; on the tape, `backward(g, x, y, gx, n, fresh)` must
    /// add dL/dx into `gx` (store it when `fresh`: the buffer is new and uninitialised).
    @inline(__always)
    func unary(_ forward: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
               backward: @escaping (_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                    _ gx: UnsafeMutablePointer<Float>, _ n: Int, _ fresh: Bool) -> Void) -> Tensor {
        let out = Tensor(uninitialized: shape)
        let x = data, y = out.data
        Parallel.forChunks(count) { r in forward(x + r.lowerBound, y + r.lowerBound, r.count) }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), x = self.data, y = out.data
            let (gx, fresh) = self.gradPointerForOverwrite()
            Parallel.forChunks(out.count) { r in
                let i = r.lowerBound
                backward(g + i, x + i, y + i, gx + i, r.count, fresh)
            }
        }
    }

    /// y[i] = f(x[i]).
    @inline(__always)
    static func map(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ f: (Float) -> Float) {
        for i in 0..<n { y[i] = f(x[i]) }
    }

    /// gx[i] += g[i] · d(x[i], y[i]) (or `=` when `fresh`).
    @inline(__always)
    static func chain(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                      _ gx: UnsafeMutablePointer<Float>, _ n: Int, _ fresh: Bool, _ d: (Float, Float) -> Float) {
        if fresh {
            for i in 0..<n { gx[i] = g[i] * d(x[i], y[i]) }
        } else {
            for i in 0..<n { gx[i] += g[i] * d(x[i], y[i]) }
        }
    }

    /// eˣ.
    public func exp() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { FastMath.exp($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { _, y in y } })
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { Foundation.log($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in 1 / x } })
    }

    /// Square root.
    public func sqrt() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { $0.squareRoot() } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { _, y in 0.5 / y } })
    }

    /// xᵖ for a constant exponent.
    public func pow(_ p: Float) -> Tensor {
        if p == 2 {
            return unary({ Tensor.map($0, $1, $2) { $0 * $0 } },
                         backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in 2 * x } })
        }
        return unary({ Tensor.map($0, $1, $2) { Foundation.pow($0, p) } },
                     backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in p * Foundation.pow(x, p - 1) } })
    }

    /// |x| (derivative sign(x), 0 at 0).
    public func abs() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { Swift.abs($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) } })
    }

    /// max(x, 0).
    public func relu() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { Swift.max($0, 0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in x > 0 ? 1 : 0 } })
    }

    /// Logistic sigmoid 1 / (1 + e⁻ˣ).
    public func sigmoid() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { FastMath.sigmoid($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { _, y in y * (1 - y) } })
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { Foundation.tanh($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { _, y in 1 - y * y } })
    }

    /// x · sigmoid(x) (SiLU / swish).
    public func silu() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { $0 * FastMath.sigmoid($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in
                  let s = FastMath.sigmoid(x)
                  return s * (1 + x * (1 - s))
              } })
    }

    /// GELU, the exact form x · Φ(x) = x/2 · (1 + erf(x/√2)) (PyTorch's default).
    public func gelu() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { 0.5 * $0 * (1 + FastMath.erf($0 * 0.707_106_77)) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in
                  0.5 * (1 + FastMath.erf(x * 0.707_106_77)) + x * 0.398_942_3 * FastMath.exp(-0.5 * x * x)
              } })
    }

    /// log(1 + eˣ), computed stably as max(x, 0) + log1p(e^−|x|).
    public func softplus() -> Tensor {
        unary({ Tensor.map($0, $1, $2) { FastMath.softplus($0) } },
              backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in FastMath.sigmoid(x) } })
    }

    /// x limited to [low, high]; the gradient passes where low < x < high and is 0 outside
    /// (for example, to bound a learned log-temperature).
    public func clamped(min low: Float = -.infinity, max high: Float = .infinity) -> Tensor {
        precondition(low <= high, "clamped: min \(low) > max \(high)")
        return unary({ Tensor.map($0, $1, $2) { Swift.min(Swift.max($0, low), high) } },
                     backward: { Tensor.chain($0, $1, $2, $3, $4, $5) { x, _ in x > low && x < high ? 1 : 0 } })
    }
}
