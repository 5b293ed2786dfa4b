/// Branch-free exp, erf, sigmoid and softplus in Float32 that LLVM vectorises when inlined into a loop
/// (glibc's `expf`/`log1pf` are scalar calls). exp is Cephes's polynomial with Cody-Waite range
/// reduction; the tests bound the errors against Foundation at a few ulp.
enum FastMath {
    /// eˣ; 0 below −87.3 (instead of a subnormal), +∞ above 88.7, NaN for NaN.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.3), 88.7)
        // Round x·log2(e) to the nearest integer n with the 1.5·2²³ trick, which also leaves n in
        // the low mantissa bits (no trapping Float → Int conversion, so the loop vectorises).
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let integer = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_1e-1
        let y = p * r * r + r + 1
        let scale = Float(bitPattern: UInt32(bitPattern: (integer &+ 127) &<< 23))
        let value = y * scale
        if x != x { return x }
        return x < -87.3 ? 0 : (x > 88.7 ? .infinity : value)
    }

    /// log(1 + t) for t in [0, 1] (what softplus needs): 2·atanh(s) with s = t / (2 + t) ≤ 1/3,
    /// summed as 2s·(1 + s²/3 + s⁴/5 + … + s¹²/13); the first omitted term is below 2e-8
    /// relative, and tiny t keep full relative accuracy.
    @inline(__always)
    static func log1pUnit(_ t: Float) -> Float {
        let s = t / (2 + t)
        let z = s * s
        var p: Float = 1.0 / 13
        p = p * z + 1.0 / 11
        p = p * z + 1.0 / 9
        p = p * z + 1.0 / 7
        p = p * z + 1.0 / 5
        p = p * z + 1.0 / 3
        p = p * z + 1
        return 2 * s * p
    }

    /// erf(x) as the rational x·α(x²)/β(x²) on x clamped to [−4, 4] (beyond it erf is ±1 in
    /// Float32): the approximation of Eigen's `generic_fast_erf_float`, also used by XLA.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let v = Swift.min(Swift.max(x, -4), 4)
        let z = v * v
        var p: Float = -2.726_142_258_013_06e-10
        p = p * z + 2.770_681_424_959_02e-08
        p = p * z - 2.101_024_020_825_08e-06
        p = p * z - 5.692_506_394_623_46e-05
        p = p * z - 7.349_906_303_268_55e-04
        p = p * z - 2.954_599_808_540_25e-03
        p = p * z - 1.609_603_332_624_15e-02
        var q: Float = -1.456_607_184_649_96e-05
        q = q * z - 2.133_740_552_789_05e-04
        q = q * z - 1.682_826_974_382_03e-03
        q = q * z - 7.373_329_167_204_68e-03
        q = q * z - 1.426_473_905_141_89e-02
        return v * p / q
    }

    /// 1 / (1 + e⁻ˣ) without overflow.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        let e = exp(-Swift.abs(x))
        let s = 1 / (1 + e)
        return x >= 0 ? s : e * s
    }

    /// log(1 + eˣ) = max(x, 0) + log1p(e^−|x|).
    @inline(__always)
    static func softplus(_ x: Float) -> Float {
        Swift.max(x, 0) + log1pUnit(exp(-Swift.abs(x)))
    }
}
