import Foundation

/// Simulated atomic-resolution HAADF-STEM micrographs: incoherent Z-contrast imaging of a crystal
/// down a zone axis.
///
/// Model: each projected atomic column contributes a Gaussian probe image (FWHM `probeFWHM`)
/// whose height is proportional to Σ occupancy · Z^γ per Å of thickness (the Rutherford-like
/// Z-contrast law; γ ≈ 1.7 for typical HAADF inner angles). No channelling, no thickness dependence,
/// no coherent interference: a training-set generator, not a multislice code. Scan distortions
/// (linear drift, row jitter), rotation, offset, Poisson shot noise and Gaussian noise follow
/// `STEMSettings`; every random draw comes from a generator seeded by `seed`, so one seed gives
/// one image.
///
/// Build one simulator per crystal and zone axis (the projection is computed once), then call
/// `render(_:seed:)` as often as needed: a 64 × 64 or 96 × 96 image takes well under a millisecond
/// to a few milliseconds, since each column splats its Gaussian over a window of ±4σ only.
public struct STEMSimulator: Sendable {
    /// The projected crystal.
    public let projection: ZoneAxisProjection

    /// Projects `crystal` along `zoneAxis` ([uvw] in its own lattice vectors).
    /// - Throws: `STEMError.noSites`, `.zeroVolume`, `.zeroZoneAxis`, `.zoneAxisTooHigh`.
    public init(crystal: Crystal, zoneAxis: SIMD3<Int>) throws(STEMError) {
        projection = try ZoneAxisProjection(crystal: crystal, zoneAxis: zoneAxis)
    }

    /// A column as it lands in an image: position in pixel coordinates (pixel (i, j) has its centre
    /// at x = i, y = j; drift and jitter not included) and relative height (1 = brightest).
    public struct ImagedColumn: Hashable, Sendable {
        public var x: Double
        public var y: Double
        public var amplitude: Double
        /// Index of the column in `projection.columns`.
        public var columnIndex: Int
    }

    /// Upper bound on columns splatted into one image.
    public static let maxColumns = 4_000_000

    /// Every column whose centre lies within `margin` Å of the image, before scan distortion.
    /// - Throws: `STEMError` for invalid settings or a field of view with too many columns.
    public func columns(for settings: STEMSettings, margin: Double = 0) throws(STEMError) -> [ImagedColumn] {
        try settings.validate()
        let px = settings.pixelSize
        let weights = projection.columns.map {
            $0.weight(zExponent: settings.zExponent, repeatDistance: projection.repeatDistance)
        }
        let maxWeight = weights.max() ?? 0
        guard maxWeight > 0 else { throw .noSites }

        let (b0, b1) = projection.basis
        let angle = settings.rotation * Double.pi / 180
        // On screen y points down, so a counter-clockwise rotation as displayed is clockwise in (x, y).
        let (c, s) = (cos(angle), sin(angle))
        let rotate = { (v: SIMD2<Double>) -> SIMD2<Double> in SIMD2(c * v.x + s * v.y, -s * v.x + c * v.y) }
        let unrotate = { (v: SIMD2<Double>) -> SIMD2<Double> in SIMD2(c * v.x - s * v.y, s * v.x + c * v.y) }
        let centre = SIMD2(Double(settings.width), Double(settings.height)) * (px / 2) + settings.offset

        // Lattice translations i·b0 + j·b1 whose cell can reach the expanded image.
        let lo = SIMD2(-margin, -margin), hi = SIMD2(Double(settings.width) * px + margin, Double(settings.height) * px + margin)
        let estimated = (hi.x - lo.x) * (hi.y - lo.y) / projection.cellArea * Double(projection.columns.count)
        guard estimated <= Double(Self.maxColumns) else {
            throw .tooManyColumns(estimated: estimated, limit: Self.maxColumns)
        }
        var fmin = SIMD2(Double.infinity, .infinity), fmax = -fmin
        for corner in [lo, SIMD2(hi.x, lo.y), SIMD2(lo.x, hi.y), hi] {
            let f = ZoneAxisProjection.fractional2D(unrotate(corner - centre), b0, b1)
            fmin = pointwiseMin(fmin, f)
            fmax = pointwiseMax(fmax, f)
        }
        let i0 = Int(fmin.x.rounded(.down)) - 1, i1 = Int(fmax.x.rounded(.up)) + 1
        let j0 = Int(fmin.y.rounded(.down)) - 1, j1 = Int(fmax.y.rounded(.up)) + 1

        var out = [ImagedColumn]()
        out.reserveCapacity(Swift.max(0, Int(estimated * 1.2)))
        for i in i0...i1 {
            for j in j0...j1 {
                let translation = Double(i) * b0 + Double(j) * b1
                for (k, column) in projection.columns.enumerated() where weights[k] > 0 {
                    let p = centre + rotate(translation + column.position)
                    guard p.x >= lo.x, p.x <= hi.x, p.y >= lo.y, p.y <= hi.y else { continue }
                    out.append(ImagedColumn(x: p.x / px - 0.5, y: p.y / px - 0.5,
                                            amplitude: weights[k] / maxWeight, columnIndex: k))
                }
            }
        }
        return out
    }
}

extension Crystal {
    /// A simulated HAADF-STEM image of this crystal down `zoneAxis` (see `STEMSimulator`).
    /// - Throws: `STEMError` for a crystal that cannot be imaged or invalid settings.
    public func stemImage(zoneAxis: SIMD3<Int>, settings: STEMSettings = STEMSettings(),
                          seed: UInt64 = 0) throws(STEMError) -> GrayImage {
        try STEMSimulator(crystal: self, zoneAxis: zoneAxis).render(settings, seed: seed)
    }
}
