/// Max and average pooling over `[N, C, H, W]` (2-D) and `[N, C, L]` (1-D), no padding.
extension Tensor {
    /// Max pooling with a `kernel` window moved by `stride` (default: the kernel).
    /// The gradient goes to the first maximal element of each window.
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil) -> Tensor {
        pool2d(kernel: kernel, stride: stride ?? kernel, max: true)
    }

    /// Average pooling with a `kernel` window moved by `stride` (default: the kernel).
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil) -> Tensor {
        pool2d(kernel: kernel, stride: stride ?? kernel, max: false)
    }

    /// 1-D max pooling over `[N, C, L]`.
    public func maxPool1d(kernel: Int, stride: Int? = nil) -> Tensor {
        pool1d { $0.maxPool2d(kernel: (1, kernel), stride: (1, stride ?? kernel)) }
    }

    /// 1-D average pooling over `[N, C, L]`.
    public func avgPool1d(kernel: Int, stride: Int? = nil) -> Tensor {
        pool1d { $0.avgPool2d(kernel: (1, kernel), stride: (1, stride ?? kernel)) }
    }

    private func pool1d(_ op: (Tensor) -> Tensor) -> Tensor {
        precondition(rank == 3, "1-D pooling needs [N, C, L]; got \(shape)")
        let y = op(reshaped([shape[0], shape[1], 1, shape[2]]))
        return y.reshaped([y.shape[0], y.shape[1], y.shape[3]])
    }

    private func pool2d(kernel: (Int, Int), stride: (Int, Int), max isMax: Bool) -> Tensor {
        precondition(rank == 4, "2-D pooling needs [N, C, H, W]; got \(shape)")
        let planes = shape[0] * shape[1], h = shape[2], w = shape[3]
        let (kh, kw) = kernel, (sh, sw) = stride
        precondition(kh >= 1 && kw >= 1 && kh <= h && kw <= w && sh >= 1 && sw >= 1,
                     "pooling window \(kernel) stride \(stride) on \(shape)")
        let oh = (h - kh) / sh + 1, ow = (w - kw) / sw + 1
        let out = Tensor(uninitialized: [shape[0], shape[1], oh, ow])
        var argmax = isMax ? [Int32](repeating: 0, count: out.count) : []
        let px = data, po = out.data
        let inverseArea = 1 / Float(kh * kw)
        argmax.withUnsafeMutableBufferPointer { arg in
            for p in 0..<planes {
                let src = px + p * h * w
                for oy in 0..<oh {
                    let row = po + (p * oh + oy) * ow
                    // Window offset (0, 0) initialises the row; the other offsets update it, with
                    // the output position innermost so the loop runs over contiguous outputs.
                    let first = oy * sh * w
                    for ox in 0..<ow { row[ox] = src[first + ox * sw] }
                    if isMax, let a = arg.baseAddress {
                        let argRow = a + (p * oh + oy) * ow
                        for ox in 0..<ow { argRow[ox] = Int32(first + ox * sw) }
                        for ki in 0..<kh {
                            for kj in 0..<kw where ki != 0 || kj != 0 {
                                let base = (oy * sh + ki) * w + kj
                                for ox in 0..<ow {
                                    let v = src[base + ox * sw]
                                    if v > row[ox] {
                                        row[ox] = v
                                        argRow[ox] = Int32(base + ox * sw)
                                    }
                                }
                            }
                        }
                    } else if !isMax {
                        for ki in 0..<kh {
                            for kj in 0..<kw where ki != 0 || kj != 0 {
                                let base = (oy * sh + ki) * w + kj
                                for ox in 0..<ow { row[ox] += src[base + ox * sw] }
                            }
                        }
                        for ox in 0..<ow { row[ox] *= inverseArea }
                    }
                }
            }
        }
        let winners = argmax
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for p in 0..<planes {
                let dst = gx + p * h * w
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let slot = (p * oh + oy) * ow + ox
                        if isMax {
                            dst[Int(winners[slot])] += g[slot]
                        } else {
                            let v = g[slot] * inverseArea
                            for ki in 0..<kh { for kj in 0..<kw { dst[(oy * sh + ki) * w + ox * sw + kj] += v } }
                        }
                    }
                }
            }
        }
    }
}
