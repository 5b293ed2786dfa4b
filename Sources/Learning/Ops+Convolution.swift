/// Convolution by im2col + sgemm. Images are `[N, C, H, W]`, signals `[N, C, L]` (a 1-D
/// convolution is a 2-D one with H = 1). Cross-correlation, as in PyTorch.
extension Tensor {
    /// Geometry of one 2-D convolution or pooling window.
    struct Window {
        var channels, height, width: Int
        var kernelH, kernelW: Int
        var strideH, strideW: Int
        var padH, padW: Int
        var outH: Int { (height + 2 * padH - kernelH) / strideH + 1 }
        var outW: Int { (width + 2 * padW - kernelW) / strideW + 1 }
        var patch: Int { channels * kernelH * kernelW }
        var positions: Int { outH * outW }
    }

    /// Unfolds one image `[C, H, W]` into columns `[C·kh·kw, outH·outW]` (zero padding), row `r`
    /// starting at `cols + r · ld`.
    static func im2col(_ x: UnsafePointer<Float>, _ w: Window, _ cols: UnsafeMutablePointer<Float>, ld: Int) {
        let outH = w.outH, outW = w.outW, plane = w.height * w.width
        var row = 0
        for c in 0..<w.channels {
            for ki in 0..<w.kernelH {
                for kj in 0..<w.kernelW {
                    let dst = cols + row * ld
                    for oy in 0..<outH {
                        let iy = oy * w.strideH - w.padH + ki
                        let d = dst + oy * outW
                        if iy < 0 || iy >= w.height {
                            d.update(repeating: 0, count: outW)
                            continue
                        }
                        let src = x + c * plane + iy * w.width
                        if w.strideW == 1 {
                            // ix = ox − padW + kj is valid for ox in lo..<hi.
                            let lo = Swift.min(outW, Swift.max(0, w.padW - kj))
                            let hi = Swift.max(lo, Swift.min(outW, w.width + w.padW - kj))
                            if lo > 0 { d.update(repeating: 0, count: lo) }
                            if hi > lo { (d + lo).update(from: src + lo - w.padW + kj, count: hi - lo) }
                            if hi < outW { (d + hi).update(repeating: 0, count: outW - hi) }
                        } else {
                            for ox in 0..<outW {
                                let ix = ox * w.strideW - w.padW + kj
                                d[ox] = ix >= 0 && ix < w.width ? src[ix] : 0
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds columns back into an image gradient `[C, H, W]`.
    static func col2im(_ cols: UnsafePointer<Float>, ld: Int, _ w: Window, _ x: UnsafeMutablePointer<Float>) {
        let outH = w.outH, outW = w.outW, plane = w.height * w.width
        var row = 0
        for c in 0..<w.channels {
            for ki in 0..<w.kernelH {
                for kj in 0..<w.kernelW {
                    let src = cols + row * ld
                    for oy in 0..<outH {
                        let iy = oy * w.strideH - w.padH + ki
                        if iy < 0 || iy >= w.height { continue }
                        let dst = x + c * plane + iy * w.width, s = src + oy * outW
                        for ox in 0..<outW {
                            let ix = ox * w.strideW - w.padW + kj
                            if ix >= 0 && ix < w.width { dst[ix] += s[ox] }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// 2-D convolution: `self` `[N, C, H, W]`, `weight` `[O, C, kh, kw]`, `bias` `[O]` →
    /// `[N, O, outH, outW]` with outH = (H + 2·padding.0 − kh) / stride.0 + 1.
    /// - Complexity: 2·N·O·C·kh·kw·outH·outW flops (one sgemm per image).
    public func conv2d(weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1),
                       padding: (Int, Int) = (0, 0)) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) vs weight \(weight.shape)")
        let n = shape[0], o = weight.shape[0]
        let w = Window(channels: shape[1], height: shape[2], width: shape[3],
                       kernelH: weight.shape[2], kernelW: weight.shape[3],
                       strideH: stride.0, strideW: stride.1, padH: padding.0, padW: padding.1)
        precondition(w.outH > 0 && w.outW > 0, "conv2d: kernel larger than padded input \(shape)")
        if let bias { precondition(bias.shape == [o], "conv2d bias \(bias.shape) for \(o) channels") }
        let patch = w.patch, positions = w.positions, columns = n * positions
        let imageSize = w.channels * w.height * w.width
        // All images unfold side by side into cols [patch, N·P], so one sgemm computes
        // Y' [O, N·P] = W [O, patch] · cols; Y' is then scattered to [N, O, P] (+ bias).
        let cols = TensorStorage(uninitializedCount: patch * columns)
        for i in 0..<n { Tensor.im2col(data + i * imageSize, w, cols.pointer + i * positions, ld: columns) }
        let product = TensorStorage(uninitializedCount: o * columns)
        Kernels.gemm(m: o, n: columns, k: patch, a: weight.data, lda: patch, b: cols.pointer, ldb: columns,
                     beta: 0, c: product.pointer, ldc: columns)
        let out = Tensor(uninitialized: [n, o, w.outH, w.outW])
        for i in 0..<n {
            for ch in 0..<o {
                let src = product.pointer + ch * columns + i * positions, dst = out.data + (i * o + ch) * positions
                if let bias {
                    let b = bias.data[ch]
                    for j in 0..<positions { dst[j] = src[j] + b }
                } else {
                    dst.update(from: src, count: positions)
                }
            }
        }
        let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
        return Tensor.record(out, inputs: inputs) { out in
            let g = out.gradPointer()
            // dY' [O, N·P] from dY [N, O, P].
            let dProduct = product  // reuse the forward buffer
            for i in 0..<n {
                for ch in 0..<o {
                    (dProduct.pointer + ch * columns + i * positions).update(from: g + (i * o + ch) * positions,
                                                                             count: positions)
                }
            }
            if weight.requiresGrad {
                // dW [O, patch] += dY' · colsᵀ
                Kernels.gemm(transB: true, m: o, n: patch, k: columns, a: dProduct.pointer, lda: columns,
                             b: cols.pointer, ldb: columns, beta: 1, c: weight.gradPointer(), ldc: patch)
            }
            if let bias, bias.requiresGrad {
                let gb = bias.gradPointer()
                for ch in 0..<o { gb[ch] += Float(Kernels.sum(dProduct.pointer + ch * columns, count: columns)) }
            }
            if self.requiresGrad {
                // dcols = Wᵀ · dY' (into the cols buffer, no longer needed), folded back per image.
                Kernels.gemm(transA: true, m: patch, n: columns, k: o, a: weight.data, lda: patch,
                             b: dProduct.pointer, ldb: columns, beta: 0, c: cols.pointer, ldc: columns)
                let gx = self.gradPointer()
                for i in 0..<n {
                    Tensor.col2im(cols.pointer + i * positions, ld: columns, w, gx + i * imageSize)
                }
            }
        }
    }

    /// 1-D convolution: `self` `[N, C, L]`, `weight` `[O, C, k]`, `bias` `[O]` → `[N, O, outL]`.
    public func conv1d(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(rank == 3 && weight.rank == 3, "conv1d: input \(shape) vs weight \(weight.shape)")
        let y = reshaped([shape[0], shape[1], 1, shape[2]])
            .conv2d(weight: weight.reshaped([weight.shape[0], weight.shape[1], 1, weight.shape[2]]),
                    bias: bias, stride: (1, stride), padding: (0, padding))
        return y.reshaped([y.shape[0], y.shape[1], y.shape[3]])
    }
}
