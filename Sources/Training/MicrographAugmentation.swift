import Chemistry
import Encoders
import Imaging
import Learning

/// HAADF-STEM micrographs of a training crystal, simulated on the fly with Chemistry's
/// `STEMSimulator` and perturbed toward experiment: a zone axis among the low-index axes, an
/// in-plane rotation, a random offset, pixel size (scale) and probe width (blur) jitter, Poisson
/// and Gaussian noise, background, linear drift and scan-line jitter. Seeded: one seed, one image.
public struct MicrographAugmentation: Sendable {
    /// Zone axes tried, in the crystal's own lattice vectors.
    public static let zoneAxes = ZoneAxisProjection.lowIndexAxes
    /// Rendered image side in pixels (the featuriser then crops and resizes to the model's size).
    public var side: Int
    /// Probability that a sample is imaged along a principal axis ([001], [010], [100]) when that
    /// axis images (otherwise one of the four diagonal axes is tried first).
    public var principalAxisProbability: Double
    public init(side: Int = 64, principalAxisProbability: Double = 0.7) {
        self.side = side
        self.principalAxisProbability = principalAxisProbability
    }

    /// A perturbed micrograph, or nil when the crystal cannot be imaged along any axis tried
    /// (e.g. a cell so large that the field of view holds too many columns).
    public func sample(_ crystal: Crystal, generator g: SeededGenerator) -> Image? {
        // Principal axes first with probability `principalAxisProbability` (high-resolution STEM is
        // mostly recorded along [001], [010] or [100]), else a diagonal one; up to three axes are tried in that order.
        var principal = Array(Self.zoneAxes.prefix(3)), others = Array(Self.zoneAxes.dropFirst(3))
        g.shuffle(&principal)
        g.shuffle(&others)
        let axes = g.uniformDouble() < principalAxisProbability ? principal + others : others + principal
        for axis in axes.prefix(3) {
            guard let sim = try? STEMSimulator(crystal: crystal, zoneAxis: axis) else { continue }
            var st = STEMSettings(width: side, height: side)
            st.pixelSize = 0.15 + 0.1 * g.uniformDouble()
            st.probeFWHM = 0.7 + 0.7 * g.uniformDouble()
            st.zExponent = 1.6 + 0.4 * g.uniformDouble()
            st.rotation = 360 * g.uniformDouble()
            st.offset = SIMD2(g.uniformDouble() * 10, g.uniformDouble() * 10)
            st.dose = g.uniformDouble() < 0.7 ? 2_000 + 50_000 * g.uniformDouble() : nil
            st.gaussianNoise = 0.08 * g.uniformDouble()
            st.background = 0.2 * g.uniformDouble()
            st.driftPerRow = SIMD2(0.01 * g.normal(), 0.005 * g.normal())
            st.lineJitter = 0.05 * g.uniformDouble()
            guard let gray = try? sim.render(st, seed: g.next()) else { continue }
            return Image(width: gray.width, height: gray.height, gray: gray.pixels)
        }
        return nil
    }

    /// The evaluation query: the first axis that images, no rotation, moderate noise, fixed seed.
    public func query(_ crystal: Crystal, seed: UInt64) -> Image? {
        for axis in Self.zoneAxes {
            guard let sim = try? STEMSimulator(crystal: crystal, zoneAxis: axis) else { continue }
            var st = STEMSettings(width: side, height: side)
            st.dose = 20_000
            st.gaussianNoise = 0.03
            st.background = 0.05
            st.rotation = 17
            guard let gray = try? sim.render(st, seed: seed) else { continue }
            return Image(width: gray.width, height: gray.height, gray: gray.pixels)
        }
        return nil
    }
}
