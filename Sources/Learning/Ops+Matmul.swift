/// Matrix products on `cblas_sgemm`: plain, batched, and the fused affine map of a linear layer.
extension Tensor {
    /// Matrix product over the last two dimensions.
    ///
    /// - `self` `[..., m, k]` × `b` `[k, n]` → `[..., m, n]` (leading dimensions folded into m);
    /// - `self` `[B..., m, k]` × `b` `[B..., k, n]` → `[B..., m, n]` (one sgemm per batch entry).
    ///
    /// With `transposingB`, `b` is given as `[..., n, k]` and used transposed (no copy).
    /// - Complexity: 2·m·n·k flops per batch entry.
    public func matmul(_ b: Tensor, transposingB: Bool = false) -> Tensor {
        let a = self
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank ≥ 2; got \(a.shape) × \(b.shape)")
        let k = a.shape[a.rank - 1]
        let kb = transposingB ? b.shape[b.rank - 1] : b.shape[b.rank - 2]
        let n = transposingB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]
        precondition(k == kb, "matmul inner extents differ: \(a.shape) × \(b.shape)\(transposingB ? "ᵀ" : "")")
        let batch: Int, m: Int
        let outShape = Array(a.shape.dropLast()) + [n]
        if b.rank == 2 {
            batch = 1
            m = Tensor.elementCount(Array(a.shape.dropLast()))
        } else {
            precondition(Array(a.shape.dropLast(2)) == Array(b.shape.dropLast(2)),
                         "batched matmul needs equal batch dimensions: \(a.shape) × \(b.shape)")
            m = a.shape[a.rank - 2]
            batch = Tensor.elementCount(Array(a.shape.dropLast(2)))
        }
        let strideA = m * k, strideB = k * n, strideC = m * n
        let ldb = transposingB ? k : n
        let out = Tensor(uninitialized: outShape)
        for i in 0..<batch {
            Kernels.gemm(transB: transposingB, m: m, n: n, k: k, a: a.data + i * strideA, lda: k,
                         b: b.data + i * strideB, ldb: ldb, beta: 0, c: out.data + i * strideC, ldc: n)
        }
        return Tensor.record(out, inputs: [a, b]) { out in
            let g = out.gradPointer()
            // Fresh (uninitialised) gradient buffers are stored into (beta 0) rather than added to.
            // When a and b are one tensor, b's request finds a's buffer and adds.
            let da = a.requiresGrad ? a.gradPointerForOverwrite() : nil
            let db = b.requiresGrad ? b.gradPointerForOverwrite() : nil
            for i in 0..<batch {
                let gi = g + i * strideC
                if let (ga, fresh) = da {
                    // dA = dC · Bᵀ   (or dC · B when B was given transposed)
                    Kernels.gemm(transB: !transposingB, m: m, n: k, k: n, a: gi, lda: n,
                                 b: b.data + i * strideB, ldb: ldb, beta: fresh ? 0 : 1,
                                 c: ga + i * strideA, ldc: k)
                }
                if let (gb, fresh) = db {
                    if transposingB {
                        // dB[n, k] = dCᵀ · A
                        Kernels.gemm(transA: true, m: n, n: k, k: m, a: gi, lda: n,
                                     b: a.data + i * strideA, ldb: k, beta: fresh ? 0 : 1,
                                     c: gb + i * strideB, ldc: k)
                    } else {
                        // dB[k, n] = Aᵀ · dC
                        Kernels.gemm(transA: true, m: k, n: n, k: m, a: a.data + i * strideA, lda: k,
                                     b: gi, ldb: n, beta: fresh ? 0 : 1, c: gb + i * strideB, ldc: n)
                    }
                }
            }
        }
    }

    /// The affine map of a linear layer, fused: `self` `[..., in]` · `weight`ᵀ (`weight` is
    /// `[out, in]`, PyTorch's layout) + `bias` `[out]`.
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(weight.rank == 2, "linear weight must be [out, in]; got \(weight.shape)")
        let inF = weight.shape[1], outF = weight.shape[0]
        precondition(rank >= 1 && shape[rank - 1] == inF, "linear: input \(shape) vs weight \(weight.shape)")
        if let bias { precondition(bias.shape == [outF], "linear bias \(bias.shape) for \(outF) outputs") }
        let rows = inF == 0 ? Tensor.elementCount(Array(shape.dropLast())) : count / inF
        let out = Tensor(uninitialized: Array(shape.dropLast()) + [outF])
        if let bias {
            for r in 0..<rows { (out.data + r * outF).update(from: bias.data, count: outF) }
        }
        if rows <= 4 {
            // A few rows (one query at inference): sgemv reads W once without packing it.
            for r in 0..<rows {
                Kernels.gemv(trans: false, m: outF, n: inF, a: weight.data, lda: inF, x: data + r * inF,
                             beta: bias == nil ? 0 : 1, y: out.data + r * outF)
            }
        } else {
            Kernels.gemm(transB: true, m: rows, n: outF, k: inF, a: data, lda: inF, b: weight.data, ldb: inF,
                         beta: bias == nil ? 0 : 1, c: out.data, ldc: outF)
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return Tensor.record(out, inputs: inputs) { out in
            let g = out.gradPointer()
            // A fresh gradient buffer is uninitialised: BLAS then stores (beta 0) instead of adding.
            if self.requiresGrad {
                let (gx, fresh) = self.gradPointerForOverwrite()
                Kernels.gemm(m: rows, n: inF, k: outF, a: g, lda: outF, b: weight.data, ldb: inF,
                             beta: fresh ? 0 : 1, c: gx, ldc: inF)
            }
            if weight.requiresGrad {
                let (gw, fresh) = weight.gradPointerForOverwrite()
                Kernels.gemm(transA: true, m: outF, n: inF, k: rows, a: g, lda: outF, b: self.data, ldb: inF,
                             beta: fresh ? 0 : 1, c: gw, ldc: inF)
            }
            if let bias, bias.requiresGrad {
                // Column sums of dY: dYᵀ · 1.
                let ones = Tensor(shape: [rows], repeating: 1)
                Kernels.gemv(trans: true, m: rows, n: outF, a: g, lda: outF, x: ones.data, beta: 1,
                             y: bias.gradPointer())
            }
        }
    }
}
