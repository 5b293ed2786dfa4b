/// Everything needed to rebuild a model and its featurisers: written as `config.json` in a bundle.
///
/// Defaults are the shipped model's starting point; `ModelConfig.small` is a tiny variant for tests.
/// All lengths in Å, q in Å⁻¹, angles in degrees.
public struct ModelConfig: Codable, Hashable, Sendable {
    /// Bundle format version (`Encoders.formatVersion`).
    public var formatVersion: Int = Encoders.formatVersion
    /// A free-form model name (`matlas-amcsd-v1`).
    public var name: String = "matlas"
    /// Dimension of the shared latent space.
    public var dimension: Int = 256
    /// Seed for parameter initialisation (and the Training helper's data order).
    public var seed: UInt64 = 0
    /// The modalities this model encodes (all six by default).
    public var modalities: [Modality] = Modality.allCases
    /// Initial value of the learnable logit scale, in log space (CLIP: log(1/0.07)).
    public var initialLogitScale: Float = 2.659_260_1
    /// Largest atomic number with an embedding (the Chemistry table stops at 94 Pu).
    public var maxAtomicNumber: Int = 94

    public var crystal = CrystalSettings()
    public var composition = CompositionSettings()
    public var spectrum = SpectrumSettings()
    public var micrograph = MicrographSettings()
    public var text = TextSettings()
    public var properties = PropertySettings()

    public init() {}

    /// A small model for tests and smoke runs (dimension 32, narrow layers).
    public static var small: ModelConfig {
        var c = ModelConfig()
        c.name = "matlas-small"
        c.dimension = 32
        c.crystal.hidden = 16
        c.crystal.gaussianCount = 16
        c.crystal.diffraction = true
        c.composition.hidden = 16
        c.spectrum.points = 128
        c.spectrum.channels = [8, 8, 16]
        c.micrograph.size = 32
        c.micrograph.channels = [4, 8, 8]
        c.text.maxTokens = 16
        c.text.modelDimension = 16
        c.text.heads = 2
        c.text.feedForward = 32
        c.text.layers = 1
        c.properties.hidden = 16
        return c
    }
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        formatVersion = try c.value(.formatVersion, default: d.formatVersion)
        name = try c.value(.name, default: d.name)
        dimension = try c.value(.dimension, default: d.dimension)
        seed = try c.value(.seed, default: d.seed)
        modalities = try c.value(.modalities, default: d.modalities)
        initialLogitScale = try c.value(.initialLogitScale, default: d.initialLogitScale)
        maxAtomicNumber = try c.value(.maxAtomicNumber, default: d.maxAtomicNumber)
        crystal = try c.value(.crystal, default: d.crystal)
        composition = try c.value(.composition, default: d.composition)
        spectrum = try c.value(.spectrum, default: d.spectrum)
        micrograph = try c.value(.micrograph, default: d.micrograph)
        text = try c.value(.text, default: d.text)
        properties = try c.value(.properties, default: d.properties)
    }
}

/// Crystal graph featurisation and the message-passing encoder.
public struct CrystalSettings: Codable, Hashable, Sendable {
    /// Neighbour cutoff in Å.
    public var radius: Double = 6
    /// At most this many nearest neighbours per node.
    public var maxNeighbors: Int = 12
    /// Gaussians in the distance expansion, centres evenly spaced over 0…radius Å.
    public var gaussianCount: Int = 32
    /// Gaussian width in Å (default: the centre spacing, 6/31 ≈ 0.19 Å).
    public var gaussianWidth: Double = 0.2
    /// Node feature width.
    public var hidden: Int = 64
    /// Message-passing layers (CGCNN gated convolutions).
    public var layers: Int = 3
    /// Also read the crystal's own simulated powder pattern (Cu Kα, peaks broadened on the spectrum
    /// grid) through a 1-D CNN branch next to the graph: the pattern is a deterministic function of
    /// the structure that pins the lattice metric to 10⁻³ Å, which message passing over a 6 Å
    /// radius graph cannot resolve. Off in configs written before the branch existed.
    public var diffraction: Bool = false
    /// With `diffraction`, read the crystal's pattern with the spectrum encoder's own trunk (one
    /// set of convolution weights for every pattern, simulated or measured) instead of a second
    /// trunk: both sides of the XRD ↔ crystal pair then see a pattern through the same filters, and
    /// the trunk learns from both. Off in configs written before the option existed.
    public var shareSpectrumTrunk: Bool = false
    public init() {}
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        radius = try c.value(.radius, default: d.radius)
        maxNeighbors = try c.value(.maxNeighbors, default: d.maxNeighbors)
        gaussianCount = try c.value(.gaussianCount, default: d.gaussianCount)
        gaussianWidth = try c.value(.gaussianWidth, default: d.gaussianWidth)
        hidden = try c.value(.hidden, default: d.hidden)
        layers = try c.value(.layers, default: d.layers)
        diffraction = try c.value(.diffraction, default: false)
        shareSpectrumTrunk = try c.value(.shareSpectrumTrunk, default: false)
    }
}

/// Composition (Roost-like set) encoder.
public struct CompositionSettings: Codable, Hashable, Sendable {
    /// Element feature width.
    public var hidden: Int = 96
    /// Set-interaction layers (each element sees the fraction-weighted mean of all).
    public var layers: Int = 2
    public init() {}
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        hidden = try c.value(.hidden, default: d.hidden)
        layers = try c.value(.layers, default: d.layers)
    }
}

/// XRD featurisation on a q grid (q = 4π sin θ / λ, Å⁻¹) and the 1-D CNN.
public struct SpectrumSettings: Codable, Hashable, Sendable {
    /// Grid start, Å⁻¹ (2θ ≈ 7° with Cu Kα).
    public var qMin: Double = 0.5
    /// Grid end, Å⁻¹ (2θ ≈ 103° with Cu Kα; reachable with Mo Kα up to 2θ ≈ 43.5°).
    public var qMax: Double = 6.5
    /// Grid points (step = (qMax − qMin)/(points − 1), ≈ 0.0117 Å⁻¹ at 512).
    public var points: Int = 512
    /// FWHM in Å⁻¹ of the pseudo-Voigt each listed peak becomes on the grid (≈ 2.5 grid steps).
    public var peakFWHM: Double = 0.03
    /// Lorentzian fraction of that pseudo-Voigt.
    public var peakEta: Double = 0.5
    /// Intensities are scaled to max 1 over the measured range, then raised to this power
    /// (0.5: square root, so weak reflections stay visible next to a dominant one).
    public var intensityPower: Double = 0.5
    /// For a peak list without a stated range, the window assumed measured starts here (2θ degrees,
    /// or 1° below the first peak if lower) …
    public var peakListStart: Double = 5
    /// … and ends this many degrees past the last peak: a bare peak list says nothing of what lies
    /// beyond its last peak, so that region stays unmasked-unknown rather than claimed empty.
    public var peakListEndMargin: Double = 2
    /// Convolution channels; each block is conv(k) → GELU → max-pool 2.
    public var channels: [Int] = [16, 32, 64, 64]
    /// Convolution kernel width (odd).
    public var kernelSize: Int = 7
    /// Hidden width after flattening.
    public var hidden: Int = 256
    public init() {}
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        qMin = try c.value(.qMin, default: d.qMin)
        qMax = try c.value(.qMax, default: d.qMax)
        points = try c.value(.points, default: d.points)
        peakFWHM = try c.value(.peakFWHM, default: d.peakFWHM)
        peakEta = try c.value(.peakEta, default: d.peakEta)
        intensityPower = try c.value(.intensityPower, default: d.intensityPower)
        peakListStart = try c.value(.peakListStart, default: d.peakListStart)
        peakListEndMargin = try c.value(.peakListEndMargin, default: d.peakListEndMargin)
        channels = try c.value(.channels, default: d.channels)
        kernelSize = try c.value(.kernelSize, default: d.kernelSize)
        hidden = try c.value(.hidden, default: d.hidden)
    }
}

/// Micrograph featurisation (square grayscale crop, resized, standardised) and the 2-D CNN.
public struct MicrographSettings: Codable, Hashable, Sendable {
    /// Side of the model input in pixels.
    public var size: Int = 64
    /// Smallest accepted image side in pixels.
    public var minimumSide: Int = 16
    /// Convolution channels; each block is conv3×3 → GELU → max-pool 2; then global mean+max.
    public var channels: [Int] = [16, 32, 64, 64]
    /// Side in Å of the field of view the model is trained on (`MicrographAugmentation`: 64 px at
    /// about 0.2 Å): an image whose pixel size is known is cropped to this much before resizing.
    public var fieldOfView: Double = 12.8
    public init() {}
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        size = try c.value(.size, default: d.size)
        minimumSide = try c.value(.minimumSide, default: d.minimumSide)
        channels = try c.value(.channels, default: d.channels)
        fieldOfView = try c.value(.fieldOfView, default: d.fieldOfView)
    }
}

/// Text featurisation (the bundle's BPE tokenizer) and the transformer encoder.
public struct TextSettings: Codable, Hashable, Sendable {
    /// Tokens per text, `[CLS]` and `[SEP]` included.
    public var maxTokens: Int = 96
    /// Vocabulary size the tokenizer is trained to (the model reads the tokenizer's actual size).
    public var vocabularySize: Int = 8000
    public var modelDimension: Int = 128
    public var heads: Int = 4
    public var feedForward: Int = 256
    public var layers: Int = 2
    public var dropout: Float = 0.1
    public init() {}
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        maxTokens = try c.value(.maxTokens, default: d.maxTokens)
        vocabularySize = try c.value(.vocabularySize, default: d.vocabularySize)
        modelDimension = try c.value(.modelDimension, default: d.modelDimension)
        heads = try c.value(.heads, default: d.heads)
        feedForward = try c.value(.feedForward, default: d.feedForward)
        layers = try c.value(.layers, default: d.layers)
        dropout = try c.value(.dropout, default: d.dropout)
    }
}

/// The property profile: which properties, how each is normalised, and the MLP width.
public struct PropertySettings: Codable, Hashable, Sendable {
    public var specs: [PropertySpec] = PropertySpec.defaults
    public var hidden: Int = 128
    public init() {}
    /// Decodes, taking the default for any key the file lacks (a config written by an earlier
    /// version still loads).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        specs = try c.value(.specs, default: d.specs)
        hidden = try c.value(.hidden, default: d.hidden)
    }
}

extension KeyedDecodingContainer {
    /// The value at `key`, or `fallback` when the key is absent (present but malformed still throws).
    func value<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}
