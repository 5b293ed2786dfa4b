import CMatlas

/// Thin wrappers over CBLAS and the few raw loops every op shares.
enum Kernels {
    /// C = alpha · op(A) · op(B) + beta · C, row-major; op(A) is m×k, op(B) is k×n, C is m×n.
    @inline(__always)
    static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                     alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 {
                for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
            } else if beta != 1 {
                for i in 0..<m { scale(c + i * ldc, count: n, by: beta) }
            }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y = alpha · op(A) · x + beta · y for a row-major m×n matrix A.
    @inline(__always)
    static func gemv(trans: Bool, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                     x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        if m == 0 || n == 0 {
            let len = trans ? n : m
            if beta == 0 { y.update(repeating: 0, count: len) } else if beta != 1 { scale(y, count: len, by: beta) }
            return
        }
        cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda),
                    x, 1, beta, y, 1)
    }

    /// y += alpha · x over `count` elements.
    @inline(__always)
    static func axpy(_ count: Int, alpha: Float = 1, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        if count == 0 { return }
        if alpha == 1 {
            for i in 0..<count { y[i] += x[i] }
        } else {
            for i in 0..<count { y[i] += alpha * x[i] }
        }
    }

    /// x *= s in place.
    @inline(__always)
    static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by s: Float) {
        for i in 0..<count { x[i] *= s }
    }

    /// Sum in Double for accuracy.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var s = 0.0
        for i in 0..<count { s += Double(x[i]) }
        return s
    }

    /// Float sum with eight independent partial sums (a vector register): Swift does not
    /// reassociate floating-point reductions itself, so a plain loop would be one add per cycle
    /// chain. The order is fixed, so results are reproducible.
    @inline(__always)
    static func sumFloat(_ x: UnsafePointer<Float>, count n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= n {
            acc += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += x[i]; i += 1 }
        return s
    }

    /// Σ (x − c)² with eight partial sums.
    @inline(__always)
    static func sumSquaredDeviations(_ x: UnsafePointer<Float>, count n: Int, from c: Float) -> Float {
        var acc = SIMD8<Float>()
        let center = SIMD8<Float>(repeating: c)
        var i = 0
        while i + 8 <= n {
            let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - center
            acc += d * d
            i += 8
        }
        var s = acc.sum()
        while i < n { let d = x[i] - c; s += d * d; i += 1 }
        return s
    }
}
