@testable import Index

/// Deterministic synthetic unit vectors for tests: Gaussian clusters around random centres
/// (clustered data is harder for graph search than uniform noise).
struct TestVectors {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func gaussian() -> Float {
        // Box–Muller.
        let u1 = max(Double(generator.next() >> 11) * 0x1.0p-53, 1e-12)
        let u2 = Double(generator.next() >> 11) * 0x1.0p-53
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }

    mutating func unit(dimension: Int) -> [Float] {
        var v = (0..<dimension).map { _ in gaussian() }
        _ = VectorKernels.normalize(&v)
        return v
    }

    /// `count` unit vectors drawn around `clusters` centres with spread `spread`.
    mutating func clustered(count: Int, dimension: Int, clusters: Int = 20, spread: Float = 0.35) -> [[Float]] {
        let centres = (0..<clusters).map { _ in unit(dimension: dimension) }
        return (0..<count).map { i in
            var v = centres[i % clusters]
            for j in 0..<dimension { v[j] += spread * gaussian() / Float(dimension).squareRoot() * 3 }
            _ = VectorKernels.normalize(&v)
            return v
        }
    }

    mutating func uniform(below n: Int) -> Int { Int(generator.next() % UInt64(n)) }
}

import Foundation
private func _log(_ x: Double) -> Double { Foundation.log(x) }
private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

/// Recall@k of `found` against `truth` (fraction of true neighbours found).
func recall(_ found: [[SearchHit]], _ truth: [[SearchHit]]) -> Double {
    var hit = 0, total = 0
    for (f, t) in zip(found, truth) {
        let wanted = Set(t.map(\.label))
        hit += f.filter { wanted.contains($0.label) }.count
        total += t.count
    }
    return total == 0 ? 1 : Double(hit) / Double(total)
}
