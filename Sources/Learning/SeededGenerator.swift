import Foundation

/// A seeded xoshiro256** generator: initialisation, dropout masks and data order all draw from
/// one of these, so a run is reproducible bit for bit. It is a class so that layers can share one.
///
/// Every derived draw (`uniform`, `normal`, `index(below:)`, `shuffle`) is implemented here rather
/// than through the standard library, whose algorithms may change between Swift releases.
public final class SeededGenerator: RandomNumberGenerator {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// A cached second Box-Muller draw.
    private var spareNormal: Double?

    /// Seeds the state with splitmix64 of `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// The next 64 random bits.
    public func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public func uniformDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [low, high).
    public func uniform(_ low: Float = 0, _ high: Float = 1) -> Float {
        low + (high - low) * Float(uniformDouble())
    }

    /// A standard normal draw (Box-Muller).
    public func normal() -> Double {
        if let s = spareNormal {
            spareNormal = nil
            return s
        }
        var u = uniformDouble()
        while u <= .leastNormalMagnitude { u = uniformDouble() }
        let v = uniformDouble()
        let r = (-2 * Foundation.log(u)).squareRoot()
        spareNormal = r * Foundation.sin(2 * .pi * v)
        return r * Foundation.cos(2 * .pi * v)
    }

    /// Uniform integer in 0..<n (Lemire's multiply-shift with rejection).
    public func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs n > 0")
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let x = next()
            let (hi, lo) = x.multipliedFullWidth(by: bound)
            if lo >= threshold { return Int(hi) }
        }
    }

    /// Shuffles `array` in place (Fisher-Yates).
    public func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = index(below: i + 1)
            array.swapAt(i, j)
            i -= 1
        }
    }

    /// A random permutation of 0..<n: the data order of one epoch.
    public func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }
}

extension Tensor {
    /// Values uniform in [low, high).
    public static func uniform(shape: [Int], low: Float, high: Float, generator: SeededGenerator,
                               requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(shape: shape, requiresGrad: requiresGrad)
        for i in 0..<t.count { t.data[i] = generator.uniform(low, high) }
        return t
    }

    /// Values from N(mean, std²).
    public static func normal(shape: [Int], mean: Float = 0, std: Float = 1, generator: SeededGenerator,
                              requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(shape: shape, requiresGrad: requiresGrad)
        for i in 0..<t.count { t.data[i] = mean + std * Float(generator.normal()) }
        return t
    }
}
