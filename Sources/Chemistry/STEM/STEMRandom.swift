import Foundation

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a small seedable generator whose output depends only on its seed, on every platform — what makes
/// a simulated micrograph reproducible. Not for secrets.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded to keep the state simple).
    mutating func normal() -> Double {
        let u1 = 1 - uniform()  // (0, 1]: log is finite
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Poisson deviate with mean `lambda` ≥ 0: Knuth's product method below 10, Hörmann's
    /// transformed rejection with squeeze (PTRS, Insurance: Mathematics and Economics 12, 1993) above.
    mutating func poisson(_ lambda: Double) -> Double {
        guard lambda > 0 else { return 0 }
        if lambda < 10 {
            let limit = exp(-lambda)
            var k = 0.0, p = uniform()
            while p > limit { k += 1; p *= uniform() }
            return k
        }
        let slam = lambda.squareRoot(), loglam = log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invalpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - Swift.abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1) {
                return k
            }
        }
    }
}
