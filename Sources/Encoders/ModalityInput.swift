import Chemistry
import Imaging

/// A raw query or corpus item of one modality, as the server and the CLI parse it (DESIGN §5).
public enum ModalityInput: Sendable {
    case crystal(Crystal)
    case composition(Composition)
    case spectrum(SpectrumInput)
    /// An image of any size and channel layout (converted to gray), with its pixel size in Å when
    /// known (then the model sees its trained field of view and a search can match the lattice).
    case micrograph(Image, pixelSize: Double?)
    case text(String)
    /// `{name: value}` in the units of `PropertySpec.units`; any subset of the model's properties.
    case properties([String: Double])

    public var modality: Modality {
        switch self {
        case .crystal: .crystal
        case .composition: .composition
        case .spectrum: .spectrum
        case .micrograph: .micrograph
        case .text: .text
        case .properties: .properties
        }
    }
}

/// A powder XRD measurement: a sampled profile (`{x: 2θ[], y: I[], wavelength}`) or a peak list
/// (`{peaks: [[2θ, I]], wavelength}`). 2θ in degrees, wavelength in Å, intensities in any units.
public struct SpectrumInput: Hashable, Sendable {
    /// How the arrays are to be read.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// `twoTheta`/`intensity` sample a continuous profile.
        case profile
        /// Each (`twoTheta[i]`, `intensity[i]`) is one reflection.
        case peaks
    }

    public var kind: Kind
    /// 2θ in degrees, each in (0, 180).
    public var twoTheta: [Double]
    /// Intensity at each 2θ (arbitrary units; negative values are clipped to 0).
    public var intensity: [Double]
    /// X-ray wavelength in Å (default Cu Kα 1.54184 Å).
    public var wavelength: Double
    /// The 2θ window measured (degrees). For a profile, nil means its first…last sample; for a
    /// peak list, nil means from `SpectrumSettings.peakListStart` (or just below the first peak) to
    /// `peakListEndMargin` degrees past the last peak.
    public var twoThetaRange: ClosedRange<Double>?

    public init(kind: Kind, twoTheta: [Double], intensity: [Double], wavelength: Double = 1.54184,
                twoThetaRange: ClosedRange<Double>? = nil) {
        self.kind = kind
        self.twoTheta = twoTheta
        self.intensity = intensity
        self.wavelength = wavelength
        self.twoThetaRange = twoThetaRange
    }

    /// A sampled profile.
    public static func profile(x: [Double], y: [Double], wavelength: Double = 1.54184) -> SpectrumInput {
        SpectrumInput(kind: .profile, twoTheta: x, intensity: y, wavelength: wavelength)
    }

    /// A peak list of (2θ, I) pairs.
    public static func peaks(_ peaks: [(Double, Double)], wavelength: Double = 1.54184,
                             twoThetaRange: ClosedRange<Double>? = nil) -> SpectrumInput {
        SpectrumInput(kind: .peaks, twoTheta: peaks.map(\.0), intensity: peaks.map(\.1),
                      wavelength: wavelength, twoThetaRange: twoThetaRange)
    }

    /// The peaks of a simulated pattern, measured over the pattern's 2θ range.
    public init(pattern: XRDPattern) {
        self.init(kind: .peaks, twoTheta: pattern.twoThetas, intensity: pattern.intensities,
                  wavelength: pattern.wavelength.angstroms, twoThetaRange: pattern.twoThetaRange)
    }
}
