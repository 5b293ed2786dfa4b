import Learning

/// The symmetric InfoNCE loss of CLIP (open_clip `ClipLoss`), as separate testable steps:
/// logits = exp(logScale) · a · bᵀ, targets = the diagonal (row i of `a` and row i of `b` describe
/// the same material), loss = ½ (CE(logits, targets) + CE(logitsᵀ, targets)).
///
/// False negatives (two rows of one material) are avoided upstream: a batch holds at most one
/// material per corpus group (`GroupBatchSampler`), so the diagonal is the only positive.
public enum ContrastiveLoss {
    /// The open_clip ceiling of the logit scale, in log space: log 100.
    public static let maxLogScale: Float = 4.605_170_2

    /// `[n, m]` logits exp(logScale)·a·bᵀ of unit-norm rows `a` `[n, d]` and `b` `[m, d]`.
    public static func logits(_ a: Tensor, _ b: Tensor, logScale: Tensor) -> Tensor {
        a.matmul(b, transposingB: true) * logScale.exp()
    }

    /// The symmetric loss of paired rows `a[i]` ↔ `b[i]` (a scalar).
    /// - Precondition: `a` and `b` have the same number of rows, at least one.
    public static func symmetric(_ a: Tensor, _ b: Tensor, logScale: Tensor) -> Tensor {
        precondition(a.shape[0] == b.shape[0] && a.shape[0] > 0, "InfoNCE needs paired, non-empty rows")
        let n = a.shape[0]
        let targets = Array(0..<n)
        let ab = Tensor.crossEntropy(logits: logits(a, b, logScale: logScale), targets: targets)
        let ba = Tensor.crossEntropy(logits: logits(b, a, logScale: logScale), targets: targets)
        return (ab + ba) * 0.5
    }

    /// Clamps the log scale to ≤ log 100 (after each optimiser step).
    public static func clampLogScale(_ logScale: Tensor) {
        let p = logScale.data
        for i in 0..<logScale.count where p[i] > maxLogScale { p[i] = maxLogScale }
    }
}
