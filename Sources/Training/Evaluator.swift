import Chemistry
import Encoders
import Foundation
import Learning
import Text

/// Runs every `EvaluationTask` on one split with the whole split as the gallery (never in-batch),
/// for the model and for its baselines.
public struct Evaluator {
    public let bundle: ModelBundle
    public let dataset: MaterialDataset
    /// Queries per task are capped at this many (nil: all).
    public var maxQueries: Int?
    public var seed: UInt64 = 1234
    /// The tasks run (nil: all; a subset is for tuning and writes no calibration or card).
    public var tasks: [EvaluationTask]?
    /// The re-ranking of XRD searches evaluated next to the plain model rows (what `search` by XRD
    /// serves).
    public var patternMatch = PatternMatch()
    /// The re-ranking of micrograph searches by lattice (what `search` by a micrograph with a pixel
    /// size serves).
    public var latticeMatch = LatticeMatch()
    /// The micrograph queries: `micrographSide` pixels at `micrographPixelSize` Å (a 51 Å field of
    /// view, a small HAADF frame), given to the model with that pixel size.
    public var micrographSide = 256
    public var micrographPixelSize = 0.2
    /// How many materials the server searches (the whole corpus). When larger than this split's
    /// gallery, the evaluation re-ranks the same *fraction* of its gallery as the server does of the
    /// corpus (e.g. 300 of 9,247 served → 33 of 996), so a small gallery does not flatter the re-rank.
    public var servedCorpusSize: Int?

    public init(bundle: ModelBundle, dataset: MaterialDataset, maxQueries: Int? = nil) {
        self.bundle = bundle
        self.dataset = dataset
        self.maxQueries = maxQueries
    }

    /// One task's queries: the material index each comes from and its featurised input.
    public struct Queries {
        public var materials: [Int] = []
        public var inputs: [ItemFeatures] = []
        /// For baselines: spectrum features (XRD tasks), texts (text tasks).
        public var spectra: [SpectrumFeatures] = []
        public var texts: [String] = []
        /// For the lattice re-rank: each micrograph query's spot profile (micrograph task).
        public var profiles: [LatticeMatch.Profile?] = []
    }

    var materials: [TrainingMaterial] { dataset.materials }

    /// A reproducible generator per (task, material).
    func generator(_ task: EvaluationTask, _ i: Int) -> SeededGenerator {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in task.key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return SeededGenerator(seed: seed ^ h &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The queries of `task` (materials lacking the modality are skipped).
    public func queries(_ task: EvaluationTask) -> Queries {
        let f = bundle.featurizer
        var q = Queries()
        let qMax = f.config.spectrum.qMax
        for (i, m) in materials.enumerated() {
            if let maxQueries, q.materials.count >= maxQueries { break }
            switch task {
            case .description, .title:
                guard let text = task == .description ? m.description : m.title,
                      let t = try? f.text(text) else { continue }
                q.materials.append(i); q.inputs.append(.text(t)); q.texts.append(text)
            case .composition:
                guard let c = m.compositionFeatures else { continue }
                q.materials.append(i); q.inputs.append(.composition(c))
            case .xrdFull, .xrdWindow, .xrdPerturbed, .xrdMo:
                guard let r = m.reflections else { continue }
                let input: SpectrumInput?
                switch task {
                case .xrdFull: input = SpectrumAugmentation.clean(r, wavelength: Wavelength.cuKalpha.angstroms, window: 5...90)
                case .xrdMo: input = SpectrumAugmentation.clean(r, wavelength: Wavelength.moKalpha.angstroms, window: 5...90)
                case .xrdWindow:
                    // The 20° window starting at a seeded 2θ in 5…70° that holds at least one peak.
                    let g = generator(task, i)
                    var chosen: SpectrumInput?
                    for _ in 0..<10 {
                        let start = 5 + g.uniformDouble() * 65
                        if let s = SpectrumAugmentation.clean(r, wavelength: Wavelength.cuKalpha.angstroms, window: start...(start + 20)) {
                            chosen = s; break
                        }
                    }
                    input = chosen
                default:
                    var settings = SpectrumAugmentation.Settings()
                    settings.wavelengths = [("Cu", Wavelength.cuKalpha.angstroms, 1)]
                    settings.fullWindowProbability = 1
                    settings.peakListProbability = 0
                    input = SpectrumAugmentation(settings: settings).sample(r, qMax: qMax, generator: generator(task, i))
                }
                guard let input, let s = try? f.spectrum(input) else { continue }
                q.materials.append(i); q.inputs.append(.spectrum(s)); q.spectra.append(s)
            case .micrograph:
                guard let image = MicrographAugmentation(side: micrographSide).query(m.crystal, seed: UInt64(i) &+ seed),
                      let mf = try? f.micrograph(image, pixelSize: micrographPixelSize) else { continue }
                q.materials.append(i); q.inputs.append(.micrograph(mf))
                q.profiles.append(latticeMatch.profile(image, pixelSize: micrographPixelSize))
            case .properties:
                guard !m.properties.isEmpty, let p = try? f.properties(m.properties) else { continue }
                q.materials.append(i); q.inputs.append(.properties(p))
            case .crystalToText:
                guard m.description != nil else { continue }
                q.materials.append(i); q.inputs.append(.crystal(m.crystalFeatures))
            }
        }
        return q
    }

    /// Embeds featurised items in chunks.
    public func embed(_ items: [ItemFeatures], chunk: Int = 128) throws -> [[Float]] {
        var out: [[Float]] = []
        out.reserveCapacity(items.count)
        var start = 0
        while start < items.count {
            let end = Swift.min(items.count, start + chunk)
            out += try bundle.embed(features: Array(items[start..<end]))
            start = end
        }
        return out
    }

    /// The gallery of crystal embeddings (every material of the split).
    public func crystalGallery() throws -> [[Float]] {
        try embed(materials.map { .crystal($0.crystalFeatures) })
    }

    /// The gallery of text embeddings for crystal → text: materials with a description.
    public func textGallery() throws -> (materials: [Int], vectors: [[Float]]) {
        let f = bundle.featurizer
        var idx: [Int] = [], items: [ItemFeatures] = []
        for (i, m) in materials.enumerated() {
            guard let d = m.description, let t = try? f.text(d) else { continue }
            idx.append(i); items.append(.text(t))
        }
        return (idx, try embed(items))
    }

    /// Whether gallery material `g` is the same material as query material `q` for `task`.
    public func isRelevant(_ task: EvaluationTask, query q: Int, gallery g: Int) -> Bool {
        let a = materials[q], b = materials[g]
        if a.identity == b.identity { return true }
        return task.formulaHits && a.reducedFormula == b.reducedFormula
    }
}
