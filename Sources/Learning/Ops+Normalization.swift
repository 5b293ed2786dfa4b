import Foundation

/// Layer norm, softmax / log-softmax over the last axis, cross-entropy, and L2 normalisation.
extension Tensor {
    /// Rows of the last axis: (number of rows, row length).
    var lastAxisRows: (rows: Int, n: Int) {
        let n = rank == 0 ? 1 : shape[rank - 1]
        return (n == 0 ? Tensor.elementCount(Array(shape.dropLast())) : count / n, n)
    }

    /// Layer normalisation over the last axis: (x − mean) / √(var + eps) · gamma + beta,
    /// with the biased variance (as PyTorch). `gamma`, `beta`: `[n]`, or `nil` for none.
    public func layerNorm(gamma: Tensor?, beta: Tensor?, eps: Float = 1e-5) -> Tensor {
        let (rows, n) = lastAxisRows
        if let gamma { precondition(gamma.shape == [n], "layerNorm gamma \(gamma.shape) for rows of \(n)") }
        if let beta { precondition(beta.shape == [n], "layerNorm beta \(beta.shape) for rows of \(n)") }
        let out = Tensor(uninitialized: shape)
        let xhat = Tensor(uninitialized: shape)
        var rstd = [Float](repeating: 0, count: rows)
        let px = data, po = out.data, ph = xhat.data
        let pg = gamma?.data, pb = beta?.data
        for r in 0..<rows {
            let x = px + r * n
            // Two passes (mean, then squared deviations), eight partial sums each.
            let m = Kernels.sumFloat(x, count: n) / Float(Swift.max(n, 1))
            let variance = Kernels.sumSquaredDeviations(x, count: n, from: m) / Float(Swift.max(n, 1))
            let rs = 1 / (variance + eps).squareRoot()
            rstd[r] = rs
            for j in 0..<n {
                let h = (x[j] - m) * rs
                ph[r * n + j] = h
                po[r * n + j] = h * (pg?[j] ?? 1) + (pb?[j] ?? 0)
            }
        }
        let inputs = [self] + [gamma, beta].compactMap { $0 }
        return Tensor.record(out, inputs: inputs) { out in
            let g = out.gradPointer(), ph = xhat.data  // xhat is kept alive by this closure
            if let gamma, gamma.requiresGrad {
                let gg = gamma.gradPointer()
                for r in 0..<rows { for j in 0..<n { gg[j] += g[r * n + j] * ph[r * n + j] } }
            }
            if let beta, beta.requiresGrad {
                let gb = beta.gradPointer()
                for r in 0..<rows { for j in 0..<n { gb[j] += g[r * n + j] } }
            }
            guard self.requiresGrad else { return }
            let gx = self.gradPointer()
            let gammaData = gamma?.data
            var dh = [Float](repeating: 0, count: n)
            for r in 0..<rows {
                // dx = rstd · (dĥ − mean(dĥ) − ĥ · mean(dĥ · ĥ)), with dĥ = dy · gamma.
                var meanD = 0.0, meanDH = 0.0
                for j in 0..<n {
                    let d = g[r * n + j] * (gammaData?[j] ?? 1)
                    dh[j] = d
                    meanD += Double(d)
                    meanDH += Double(d * ph[r * n + j])
                }
                let md = Float(meanD / Double(n)), mdh = Float(meanDH / Double(n))
                for j in 0..<n { gx[r * n + j] += rstd[r] * (dh[j] - md - ph[r * n + j] * mdh) }
            }
        }
    }

    /// Softmax over the last axis.
    public func softmax() -> Tensor {
        let (rows, n) = lastAxisRows
        let out = Tensor(uninitialized: shape)
        let px = data, po = out.data
        for r in 0..<rows {
            let x = px + r * n, y = po + r * n
            var m = -Float.infinity
            for j in 0..<n { m = Swift.max(m, x[j]) }
            for j in 0..<n { y[j] = FastMath.exp(x[j] - m) }
            let inv = 1 / Kernels.sumFloat(y, count: n)
            for j in 0..<n { y[j] *= inv }
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer(), py = out.data
            for r in 0..<rows {
                var dot: Float = 0
                for j in 0..<n { dot += g[r * n + j] * py[r * n + j] }
                for j in 0..<n { gx[r * n + j] += py[r * n + j] * (g[r * n + j] - dot) }
            }
        }
    }

    /// Log-softmax over the last axis (x − logsumexp(x)).
    public func logSoftmax() -> Tensor {
        let (rows, n) = lastAxisRows
        let out = Tensor(uninitialized: shape)
        let px = data, po = out.data
        for r in 0..<rows {
            let x = px + r * n
            var m = -Float.infinity
            for j in 0..<n { m = Swift.max(m, x[j]) }
            let y = po + r * n
            for j in 0..<n { y[j] = FastMath.exp(x[j] - m) }  // scratch, overwritten below
            let lse = m + Foundation.log(Kernels.sumFloat(y, count: n))
            for j in 0..<n { po[r * n + j] = x[j] - lse }
        }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer(), py = out.data
            for r in 0..<rows {
                let s = Kernels.sumFloat(g + r * n, count: n)
                for j in 0..<n { gx[r * n + j] += g[r * n + j] - FastMath.exp(py[r * n + j]) * s }
            }
        }
    }

    /// Mean cross-entropy of `logits` `[n, classes]` against class indices `targets` (fused
    /// log-softmax + negative log-likelihood). A scalar.
    public static func crossEntropy(logits: Tensor, targets: [Int]) -> Tensor {
        let (rows, c) = logits.lastAxisRows
        precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for \(rows) rows")
        let probabilities = Tensor(uninitialized: logits.shape)
        var loss = 0.0
        let px = logits.data, pp = probabilities.data
        for r in 0..<rows {
            let t = targets[r]
            precondition(t >= 0 && t < c, "target \(t) out of range 0..<\(c)")
            let x = px + r * c
            var m = -Float.infinity
            for j in 0..<c { m = Swift.max(m, x[j]) }
            for j in 0..<c { pp[r * c + j] = FastMath.exp(x[j] - m) }
            let s = Kernels.sumFloat(pp + r * c, count: c)
            for j in 0..<c { pp[r * c + j] /= s }
            loss += Double(m + Foundation.log(s) - x[t])
        }
        let out = Tensor(scalar: Float(loss / Double(Swift.max(rows, 1))))
        return record(out, inputs: [logits]) { out in
            let scale = out.gradPointer()[0] / Float(Swift.max(rows, 1)), gx = logits.gradPointer()
            let pp = probabilities.data  // kept alive by this closure
            for r in 0..<rows {
                for j in 0..<c { gx[r * c + j] += scale * pp[r * c + j] }
                gx[r * c + targets[r]] -= scale
            }
        }
    }

    /// Rows of the last axis scaled to unit L2 norm (x / √(Σx² + eps)).
    public func l2Normalized(eps: Float = 1e-12) -> Tensor {
        self / ((self * self).sum(axes: [rank - 1], keepingDimensions: true) + eps).sqrt()
    }
}
