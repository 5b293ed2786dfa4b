/// Dropout and scaled dot-product attention with additive masks.
extension Tensor {
    /// Inverted dropout: in training, zeroes each element with probability `p` and scales the rest
    /// by 1 / (1 − p); otherwise (or with p = 0) returns self unchanged.
    public func dropout(_ p: Float, generator: SeededGenerator, training: Bool) -> Tensor {
        precondition(p >= 0 && p < 1, "dropout probability \(p) not in [0, 1)")
        guard training && p > 0 else { return self }
        let scale = 1 / (1 - p)
        var mask = [Float](repeating: 0, count: count)
        for i in 0..<count where generator.uniformDouble() >= Double(p) { mask[i] = scale }
        let out = Tensor(uninitialized: shape)
        let px = data, po = out.data
        for i in 0..<count { po[i] = px[i] * mask[i] }
        return Tensor.record(out, inputs: [self]) { out in
            let g = out.gradPointer(), gx = self.gradPointer()
            for i in 0..<out.count { gx[i] += g[i] * mask[i] }
        }
    }

    /// The value an additive mask puts on a forbidden position: large and finite, so a row with
    /// every position masked gives uniform weights instead of NaN.
    public static let maskedScore: Float = -1e9

    /// A key-padding mask `[B, 1, Lk]`: 0 where `valid[b][j]`, ``maskedScore`` elsewhere.
    /// For 4-D attention (`[B, H, L, d]`) use `.unsqueezed(1)` to get `[B, 1, 1, Lk]`.
    public static func keyPaddingMask(valid: [[Bool]]) -> Tensor {
        let b = valid.count, lk = valid.first?.count ?? 0
        var values = [Float](repeating: 0, count: b * lk)
        for (i, row) in valid.enumerated() {
            precondition(row.count == lk, "keyPaddingMask rows of different lengths")
            for (j, ok) in row.enumerated() where !ok { values[i * lk + j] = maskedScore }
        }
        return Tensor(shape: [b, 1, lk], values: values)
    }

    /// A causal mask `[L, L]`: position i may attend to j ≤ i.
    public static func causalMask(length l: Int) -> Tensor {
        var values = [Float](repeating: 0, count: l * l)
        for i in 0..<l { for j in (i + 1)..<Swift.max(l, i + 1) { values[i * l + j] = maskedScore } }
        return Tensor(shape: [l, l], values: values)
    }

    /// softmax(q·kᵀ / √d + mask) · v over the last two dimensions.
    ///
    /// - Parameters:
    ///   - query: `[..., Lq, d]`; key: `[..., Lk, d]`; value: `[..., Lk, dv]` (equal leading dimensions).
    ///   - mask: additive, broadcastable to `[..., Lq, Lk]` (see ``keyPaddingMask(valid:)``,
    ///     ``causalMask(length:)``); `nil` for none.
    /// - Returns: `[..., Lq, dv]`.
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor,
                                                 mask: Tensor? = nil) -> Tensor {
        let d = query.shape[query.rank - 1]
        var scores = query.matmul(key, transposingB: true) * (1 / Float(d).squareRoot())
        if let mask { scores = scores + mask }
        return scores.softmax().matmul(value)
    }
}
