/// How to image a projected crystal: the scan (size, pixel size, rotation, drift), the probe,
/// the contrast law and the noise. All lengths in Å.
///
/// Intensity scale: a clean image is in units of the peak of the brightest column (an isolated
/// column of the largest Σ occupancy·Z^γ peaks at 1), plus `background`. Noise is then applied
/// in that order: Poisson counting (if `dose` is set), then additive Gaussian.
public struct STEMSettings: Hashable, Sendable {
    /// Largest allowed width or height in pixels.
    public static let maxSide = 8192

    /// Image width in pixels (1…`maxSide`).
    public var width: Int
    /// Image height in pixels (1…`maxSide`).
    public var height: Int
    /// Pixel size in Å (> 0); the field of view is `width × pixelSize` by `height × pixelSize`.
    public var pixelSize: Double
    /// Full width at half maximum of the Gaussian probe, in Å (> 0).
    public var probeFWHM: Double
    /// Exponent γ of the Z-contrast law: a column's intensity ∝ Σ occupancy · Z^γ per Å of
    /// thickness (HAADF: 1.6–2; default 1.7).
    public var zExponent: Double
    /// Rotation of the projected crystal on screen, in degrees, counter-clockwise as displayed
    /// (x to the right, rows downward).
    public var rotation: Double
    /// Where the projected lattice origin sits relative to the image centre, in Å (x right, y down).
    public var offset: SIMD2<Double>
    /// Electron dose in electrons per Å² delivered at a pixel of intensity 1 (the brightest column's
    /// peak); each pixel's counts are Poisson with mean `dose × pixelSize² × intensity`, and are
    /// divided back so the scale stays the same. `nil`: no shot noise.
    public var dose: Double?
    /// Standard deviation of additive Gaussian noise (detector/read noise), in intensity units.
    public var gaussianNoise: Double
    /// A constant added before noise (amorphous surface layers, detector offset), intensity units.
    public var background: Double
    /// Specimen drift during the scan, in Å per scan row (x right, y down): row `r` is displaced
    /// by `r × driftPerRow`, which shears (x) and stretches (y) the lattice as in real scans.
    /// |y| must stay below half a pixel per row.
    public var driftPerRow: SIMD2<Double>
    /// Standard deviation, in Å, of an independent random x shift of each scan row (line jitter
    /// from flyback and stage vibration).
    public var lineJitter: Double

    /// Settings with every option; defaults give a clean 64 × 64 image at 0.2 Å per pixel.
    public init(width: Int = 64, height: Int = 64, pixelSize: Double = 0.2, probeFWHM: Double = 1.0,
                zExponent: Double = 1.7, rotation: Double = 0, offset: SIMD2<Double> = .zero,
                dose: Double? = nil, gaussianNoise: Double = 0, background: Double = 0,
                driftPerRow: SIMD2<Double> = .zero, lineJitter: Double = 0) {
        self.width = width
        self.height = height
        self.pixelSize = pixelSize
        self.probeFWHM = probeFWHM
        self.zExponent = zExponent
        self.rotation = rotation
        self.offset = offset
        self.dose = dose
        self.gaussianNoise = gaussianNoise
        self.background = background
        self.driftPerRow = driftPerRow
        self.lineJitter = lineJitter
    }

    /// Square settings covering `fieldOfView` Å at `pixelSize` Å per pixel (the size rounds to the
    /// nearest pixel, at least 1).
    public init(fieldOfView: Double, pixelSize: Double, probeFWHM: Double = 1.0) {
        let side = fieldOfView.isFinite && pixelSize > 0 ? Swift.max(1, Int((fieldOfView / pixelSize).rounded())) : 0
        self.init(width: side, height: side, pixelSize: pixelSize, probeFWHM: probeFWHM)
    }

    /// Probe standard deviation σ = FWHM / (2 √(2 ln 2)), in Å.
    public var probeSigma: Double { probeFWHM / 2.354_820_045_030_949 }

    /// Checks every field.
    /// - Throws: `STEMError.invalidImageSize` or `.invalidSetting(field:value:)` naming the field.
    public func validate() throws(STEMError) {
        guard (1...Self.maxSide).contains(width), (1...Self.maxSide).contains(height) else {
            throw .invalidImageSize(width: width, height: height)
        }
        func positive(_ name: String, _ v: Double) throws(STEMError) {
            guard v.isFinite, v > 0 else { throw .invalidSetting(field: name, value: v) }
        }
        func nonNegative(_ name: String, _ v: Double) throws(STEMError) {
            guard v.isFinite, v >= 0 else { throw .invalidSetting(field: name, value: v) }
        }
        try positive("pixelSize", pixelSize)
        try positive("probeFWHM", probeFWHM)
        guard zExponent.isFinite, (0...4).contains(zExponent) else {
            throw .invalidSetting(field: "zExponent", value: zExponent)
        }
        guard rotation.isFinite else { throw .invalidSetting(field: "rotation", value: rotation) }
        guard offset.x.isFinite else { throw .invalidSetting(field: "offset.x", value: offset.x) }
        guard offset.y.isFinite else { throw .invalidSetting(field: "offset.y", value: offset.y) }
        if let dose { try positive("dose", dose) }
        try nonNegative("gaussianNoise", gaussianNoise)
        guard background.isFinite else { throw .invalidSetting(field: "background", value: background) }
        guard driftPerRow.x.isFinite else { throw .invalidSetting(field: "driftPerRow.x", value: driftPerRow.x) }
        guard driftPerRow.y.isFinite, Swift.abs(driftPerRow.y) < 0.5 * pixelSize else {
            throw .invalidSetting(field: "driftPerRow.y", value: driftPerRow.y)
        }
        try nonNegative("lineJitter", lineJitter)
    }
}
