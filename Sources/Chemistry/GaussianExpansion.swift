import Foundation

/// Expands a distance into radial basis features exp(−(d − μₖ)² / w²) on evenly spaced centres μₖ
/// (CGCNN's edge featurisation: centres 0…cutoff every 0.2 Å, width 0.2 Å).
public struct GaussianExpansion: Hashable, Sendable {
    /// The centres μₖ in Å, ascending.
    public let centers: [Float]
    /// The width w in Å.
    public let width: Float

    /// `count` centres evenly spaced from `start` to `stop` (both included), in Å.
    /// - Parameters:
    ///   - start: first centre (default 0 Å).
    ///   - stop: last centre, usually the graph radius (default 6 Å).
    ///   - count: number of centres (default 31, i.e. a 0.2 Å step over 0…6 Å).
    ///   - width: Gaussian width w in Å (default: the spacing between centres).
    /// - Precondition: `count ≥ 1`, `stop ≥ start`, `width > 0` when given.
    public init(start: Float = 0, stop: Float = 6, count: Int = 31, width: Float? = nil) {
        precondition(count >= 1 && stop >= start, "need count ≥ 1 and stop ≥ start")
        let step = count > 1 ? (stop - start) / Float(count - 1) : 0
        centers = (0..<count).map { start + Float($0) * step }
        let w = width ?? (step > 0 ? step : 1)
        precondition(w > 0, "width must be positive")
        self.width = w
    }

    /// The number of features per distance.
    public var count: Int { centers.count }

    /// The features of one distance `d` (Å).
    public func expand(_ d: Float) -> [Float] {
        var out = [Float](repeating: 0, count: centers.count)
        fill(d, into: &out, at: 0)
        return out
    }

    /// The features of each distance, row-major `distances.count × count`.
    public func expand(_ distances: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: distances.count * centers.count)
        for (k, d) in distances.enumerated() { fill(d, into: &out, at: k * centers.count) }
        return out
    }

    private func fill(_ d: Float, into out: inout [Float], at base: Int) {
        let inv = 1 / (width * width)
        for (k, mu) in centers.enumerated() {
            let x = d - mu
            out[base + k] = Foundation.exp(-x * x * inv)
        }
    }
}
