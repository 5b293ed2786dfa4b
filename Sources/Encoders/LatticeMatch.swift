import Chemistry
import Foundation
import Imaging

/// Classic lattice matching of an atomic-resolution micrograph against a crystal, and the
/// re-ranking of a micrograph search's nearest materials by it — the micrograph counterpart of
/// `PatternMatch`.
///
/// A Z-contrast image down a zone axis is the projected crystal blurred by the probe, so its power
/// spectrum has a spot at every 2-D reciprocal-lattice vector **g** of that projection, of power
/// |Σ_columns w e^{2πi**g**·**r**}|² × (probe transfer)². Given the image's pixel size, the spots'
/// spatial frequencies are absolute (cycles per Å). The match compares two rotation-invariant
/// radial profiles on a grid of spatial frequency:
/// - the **query's**: the power spectrum's excess over `excessFactor` × its ring median (the spots
///   stand out of the noise floor and the diffuse background), summed over each frequency ring;
/// - each **candidate's**, for each low-index zone axis: its reflections (`ZoneAxisProjection`),
///   times the probe's transfer, broadened to the query's resolution (its field of view),
/// both square-rooted (so the weak spots count), and scores the best cosine over zone axes and
/// over scale factors within ±`scaleTolerance` (a pixel-size calibration error).
///
/// Re-ranking: the model's cosine picks the `candidates` nearest materials; each is ranked by
/// `cosine + weight × lattice score`. It needs the pixel size: without one a search keeps the
/// model's order.
public struct LatticeMatch: Hashable, Sendable {
    /// Spatial frequencies compared, in cycles per Å (d from 12.5 Å down to 1.1 Å).
    public var minimumFrequency = 0.08
    public var maximumFrequency = 0.9
    /// Grid step, cycles per Å.
    public var step = 0.004
    /// Probe FWHM assumed for the transfer, Å.
    public var probeFWHM = 1.0
    /// Z-contrast exponent assumed for the columns.
    public var zExponent = 1.7
    /// A power-spectrum pixel counts as a spot by how far it exceeds `excessFactor` × its ring's median.
    public var excessFactor = 2.0
    /// Relative pixel-size error absorbed (scales tried: 1 ± k × `scaleStep` up to this).
    public var scaleTolerance = 0.02
    public var scaleStep = 0.01
    /// Weight of the lattice score added to the model's cosine.
    public var weight: Float
    /// How many nearest materials (by the model's cosine) are re-ranked.
    public var candidates: Int

    /// Defaults tuned on the train split (`matlas eval --split train --tasks micrograph`, 200
    /// queries, gallery 7,307): R@10 0.875 / 0.920 / 0.935 at weight 16 / 32 / 64 with 3,000 of
    /// 9,247 candidates (0.66 at weight 1), and 0.69 vs 0.78 at 1,000 vs 3,000 candidates (weight
    /// 2): the learned micrograph space is a coarse prefilter and tie-break; the lattice decides.
    public init(weight: Float = 64, candidates: Int = 3_000) {
        self.weight = weight
        self.candidates = Swift.max(1, candidates)
    }

    /// Points of the frequency grid.
    public var gridCount: Int { Int(((maximumFrequency - minimumFrequency) / step).rounded(.down)) + 1 }

    /// A query micrograph's radial spot profile and its resolution.
    public struct Profile: Hashable, Sendable {
        /// √(spot power) per grid point.
        public var values: [Float]
        /// Gaussian σ of a spot in frequency, cycles per Å (from the field of view).
        public var resolution: Double
        /// The tabulated spot shape for `score`, built once per query.
        let kernelTable: Kernel?

        public init(values: [Float], resolution: Double, step: Double = LatticeMatch().step) {
            self.values = values
            self.resolution = resolution
            kernelTable = resolution > 0 && step > 0 ? Kernel(sigma: resolution / step) : nil
        }

        func kernel(step: Double) -> Kernel {
            if let kernelTable, kernelTable.sigma == resolution / step { return kernelTable }
            return Kernel(sigma: resolution / step)
        }
    }

    /// One zone axis of a candidate: its distinct reflection frequencies (cycles per Å, ascending)
    /// and the summed power at each (probe transfer applied).
    public struct Zone: Hashable, Sendable {
        public var axis: SIMD3<Int>
        public var frequencies: [Float]
        public var powers: [Float]
    }

    /// The query's profile, or nil when the image is too small (< 16 px) or has no spot.
    /// - Parameter pixelSize: Å per pixel (> 0).
    public func profile(_ image: Image, pixelSize: Double) -> Profile? {
        guard pixelSize.isFinite, pixelSize > 0, Swift.min(image.width, image.height) >= 16 else { return nil }
        let gray = image.channels == 1 ? image : image.grayscale(background: 0)
        guard gray.pixels.allSatisfy(\.isFinite) else { return nil }
        let spectrum = gray.powerSpectrum()
        let n = spectrum.side
        let perIndex = 1 / (Double(n) * pixelSize)  // cycles per Å per frequency index
        // Ring medians over integer radii.
        let rings = n / 2 + 1
        var members = [[Double]](repeating: [], count: rings)
        for ky in 0..<n {
            let fy = spectrum.frequency(ky)
            for kx in 0..<n {
                let fx = spectrum.frequency(kx)
                let r = Int((Double(fx * fx + fy * fy)).squareRoot().rounded())
                if r < rings { members[r].append(spectrum.power[ky * n + kx]) }
            }
        }
        let medians = members.map { ring -> Double in
            guard !ring.isEmpty else { return 0 }
            var sorted = ring
            sorted.sort()
            return sorted[sorted.count / 2]
        }
        var binned = [Double](repeating: 0, count: gridCount)
        for ky in 0..<n {
            let fy = spectrum.frequency(ky)
            for kx in 0..<n {
                let fx = spectrum.frequency(kx)
                let radius = Double(fx * fx + fy * fy).squareRoot()
                let r = Int(radius.rounded())
                guard r < rings else { continue }
                let excess = spectrum.power[ky * n + kx] - excessFactor * medians[r]
                guard excess > 0 else { continue }
                let position = (radius * perIndex - minimumFrequency) / step
                let i = Int(position.rounded(.down))
                let t = position - Double(i)
                if i >= 0, i < binned.count { binned[i] += excess * (1 - t) }
                if i + 1 >= 0, i + 1 < binned.count { binned[i + 1] += excess * t }
            }
        }
        guard binned.contains(where: { $0 > 0 }) else { return nil }
        // The transform samples frequency every `perIndex`, coarser than the grid: a spot aligned
        // with the pixel axes lands on a few radii only (a comb, not a peak). Smoothing by half a
        // sample makes the profile independent of the lattice's orientation on the pixel grid
        // (galena down [001] at 0°, 17° and 45°: cosine with its prediction 0.65 / 0.94 / 0.73
        // unsmoothed, 0.999 for all three smoothed).
        let smoothing = 0.5 * perIndex
        var profile = [Double](repeating: 0, count: binned.count)
        let reach = Int((4 * smoothing / step).rounded(.up))
        for (i, v) in binned.enumerated() where v > 0 {
            for j in Swift.max(0, i - reach)...Swift.min(binned.count - 1, i + reach) {
                let d = Double(j - i) * step
                profile[j] += v * exp(-d * d / (2 * smoothing * smoothing))
            }
        }
        // A Hann-windowed spot has FWHM ≈ 1.44 / field of view; a grid bin and the smoothing add theirs.
        let fieldOfView = Double(spectrum.imageSide) * pixelSize
        let sigma = ((0.61 / fieldOfView) * (0.61 / fieldOfView) + step * step / 12 + smoothing * smoothing).squareRoot()
        return Profile(values: profile.map { Float($0.squareRoot()) }, resolution: sigma, step: step)
    }

    /// A crystal's reflections down each low-index zone axis that projects (transfer applied).
    public func zones(_ crystal: Crystal) -> [Zone] {
        let sigma = probeFWHM / 2.354_820_045_030_949
        let reach = maximumFrequency * (1 + scaleTolerance) + 0.05
        var out: [Zone] = []
        for axis in ZoneAxisProjection.lowIndexAxes {
            guard let projection = try? ZoneAxisProjection(crystal: crystal, zoneAxis: axis) else { continue }
            let spots = projection.reflections(maxFrequency: reach, zExponent: zExponent)
                .filter { $0.frequency >= minimumFrequency * (1 - scaleTolerance) - 0.05 }
                .sorted { $0.frequency < $1.frequency }
            // Only |g| matters to a radial profile: symmetry-equivalent spots merge into one entry.
            var zone = Zone(axis: axis, frequencies: [], powers: [])
            var maxPower = 0.0
            for s in spots {
                let transfer = exp(-2 * Double.pi * Double.pi * sigma * sigma * s.frequency * s.frequency)
                let p = s.power * transfer * transfer
                if let last = zone.frequencies.last, Swift.abs(Double(last) - s.frequency) < 1e-5 {
                    zone.powers[zone.powers.count - 1] += Float(p)
                } else {
                    zone.frequencies.append(Float(s.frequency))
                    zone.powers.append(Float(p))
                }
                maxPower = Swift.max(maxPower, p)
            }
            // Extinct spots (power ≈ 0 from rounding) are dropped.
            let keep = zone.powers.indices.filter { Double(zone.powers[$0]) > 1e-9 * maxPower }
            zone.frequencies = keep.map { zone.frequencies[$0] }
            zone.powers = keep.map { zone.powers[$0] }
            out.append(zone)
        }
        return out
    }

    /// The best cosine between the query's profile and a zone's broadened, square-rooted profile,
    /// over `zones` and scale factors; 0 when nothing overlaps. Returns the zone axis that scored.
    public func score(query: Profile, zones: [Zone]) -> (score: Float, axis: SIMD3<Int>?) {
        let q = query.values
        var qq: Float = 0
        for v in q { qq += v * v }
        guard qq > 0 else { return (0, nil) }
        let kernel = query.kernel(step: step)
        var profile = [Float](repeating: 0, count: q.count)
        func cosine(_ zone: Zone, scale: Float) -> Float {
            for i in profile.indices { profile[i] = 0 }
            for (f, p) in zip(zone.frequencies, zone.powers) {
                kernel.add(p, at: (f * scale - Float(minimumFrequency)) / Float(step), to: &profile)
            }
            var dot: Float = 0, rr: Float = 0
            for i in profile.indices {
                let r = profile[i].squareRoot()
                dot += q[i] * r
                rr += r * r
            }
            return rr > 0 ? dot / (qq.squareRoot() * rr.squareRoot()) : 0
        }
        // Every zone at the given scale, then the other scales for the best zone only (the scale
        // absorbs a calibration error; it does not choose between zones).
        var best: Float = 0, bestZone: Int?
        for (i, zone) in zones.enumerated() {
            let c = cosine(zone, scale: 1)
            if c > best { best = c; bestZone = i }
        }
        guard let bestZone else { return (0, nil) }
        let steps = Int((scaleTolerance / scaleStep).rounded())
        for k in -steps...steps where k != 0 {
            best = Swift.max(best, cosine(zones[bestZone], scale: Float(1 + Double(k) * scaleStep)))
        }
        return (best, zones[bestZone].axis)
    }

    /// A Gaussian of σ grid points, tabulated at 1/16-point offsets out to ±4σ.
    struct Kernel: Hashable, Sendable {
        static let subdivisions = 16
        let sigma: Double
        let reach: Int
        let table: [Float]  // [offset index][tap], taps −reach…reach

        init(sigma requested: Double) {
            let sigma = requested.isFinite ? Swift.max(requested, 0.05) : 1
            self.sigma = requested
            reach = Swift.max(1, Int((4 * sigma).rounded(.up)))
            var t: [Float] = []
            for o in 0..<Self.subdivisions {
                let offset = Double(o) / Double(Self.subdivisions)
                for tap in -reach...reach {
                    let d = Double(tap) - offset
                    t.append(Float(exp(-d * d / (2 * sigma * sigma))))
                }
            }
            table = t
        }

        /// Adds `power` × the Gaussian centred at grid position `centre` to `profile`.
        func add(_ power: Float, at centre: Float, to profile: inout [Float]) {
            guard centre.isFinite, centre > Float(-reach - 2), centre < Float(profile.count + reach + 2) else { return }
            // Nearest 1/16 point: c whole points plus o sixteenths.
            let sixteenths = Int((centre * Float(Self.subdivisions)).rounded())
            let c = sixteenths >= 0 ? sixteenths / Self.subdivisions : -((-sixteenths + Self.subdivisions - 1) / Self.subdivisions)
            let o = sixteenths - c * Self.subdivisions
            let row = o * (2 * reach + 1)
            for tap in -reach...reach {
                let i = c + tap
                guard i >= 0, i < profile.count else { continue }
                profile[i] += power * table[row + tap + reach]
            }
        }
    }

    /// Re-ranks one query's scores over a gallery in place (`CandidateRerank`): the `candidates`
    /// best get `+ weight × lattice score` against `zones(i)`, the others drop by `lowered`.
    public func rerank(_ scores: inout [Float], query: Profile, lowered: Float = 10, zones: (Int) -> [Zone]) {
        CandidateRerank.apply(&scores, candidates: candidates, lowered: lowered) { i, cosine in
            ranking(cosine: cosine, latticeScore: score(query: query, zones: zones(i)).score)
        }
    }

    /// The score a candidate is ranked by: its cosine plus `weight` × its lattice score.
    public func ranking(cosine: Float, latticeScore: Float) -> Float { cosine + weight * latticeScore }
}
