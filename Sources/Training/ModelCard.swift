import Encoders
import Foundation

/// The bundle's `MODEL_CARD.md`: data, command, schedule, training time, per-pair losses,
/// evaluation table (filled in by `matlas eval` between the evaluation markers) and known limits.
public enum ModelCard {
    public static let evaluationStart = "<!-- evaluation:start -->"
    public static let evaluationEnd = "<!-- evaluation:end -->"

    /// The card written at each training checkpoint.
    public static func training(config: ModelConfig, options: TrainingOptions, command: String, dataset: MaterialDataset,
                                trainingSeconds: Double, history: [[String: Float]], completedEpochs: Int,
                                parameterCount: Int) -> String {
        var s = "# \(config.name)\n\n"
        s += "A Matlas model: six encoders (crystal, composition, XRD spectrum, STEM micrograph, text, properties) "
        s += "into one \(config.dimension)-dimensional, L2-normalised space, trained contrastively with the crystal as anchor.\n\n"
        s += "## Data\n\n"
        s += "- Corpus: `Corpora/amcsd` (American Mineralogist Crystal Structure Database as bundled in larixite; "
        s += "robocrys descriptions; source-paper titles; properties joined by reduced formula — see `Corpora/README.md` for licences and citations).\n"
        s += "- Training split only: \(dataset.count) materials used, \(dataset.skipped.count) left out "
        s += "(more than \(options.maxSites) sites, for the time budget, or unparsable).\n"
        s += "- XRD and HAADF-STEM inputs are simulated on the fly from each structure with augmentations toward experiment "
        s += "(XRD: Cu/Mo/Co/Cr Kα, lattice strain, zero shift, Scherrer/microstrain broadening, March–Dollase preferred orientation, "
        s += "intensity jitter, impurity peaks, background, noise, full/20°/30–60° windows (40/45/15 %), profiles or peak lists; "
        s += "STEM: zone axis among 7 low-index axes (a principal one first 70 % of the time), rotation, offset, scale and probe (blur) jitter, Poisson and Gaussian noise, background, drift, line jitter, random crops).\n"
        s += "- Tokenizer: byte-level BPE (\(config.text.vocabularySize) ids requested) learned from the training split's texts and the arXiv cond-mat title pool.\n\n"
        s += architecture(config)
        s += "## Training\n\n"
        s += "- Command: `\(command)`\n"
        s += "- Schedule: \(completedEpochs)/\(options.epochs) epochs, batch \(options.batchSize) (at most one material per corpus group per batch: "
        s += "repeat refinements and same-formula entries never act as false negatives), AdamW (peak lr \(options.learningRate), "
        s += "weight decay \(options.weightDecay) on matrices only), \(options.warmupSteps) warm-up steps then cosine to "
        s += "\(options.finalFraction)× peak, gradient clip \(options.gradientClip), seed \(options.seed), \(options.threads) threads.\n"
        s += "- Loss: symmetric InfoNCE (open_clip style, learnable logit scale in log space, clamped ≤ log 100, no weight decay) "
        s += "of each modality against the crystal, plus description ↔ composition; weights \(options.pairWeights).\n"
        s += "- Parameters: \(parameterCount).\n"
        s += "- Training time: \(Int(trainingSeconds.rounded())) s of wall time (featurisation and augmentation included; dataset preparation "
        s += "and tokenizer not included) on a shared 2-core machine.\n\n"
        if let last = history.last {
            s += "Mean loss per pair, last epoch: "
            s += last.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ") + ".\n\n"
        }
        s += "## Evaluation\n\n" + evaluationStart + "\nNot evaluated yet: run `matlas eval --model <this directory> --split validation`.\n" + evaluationEnd + "\n\n"
        s += "## Known limits\n\n"
        s += "- Micrographs and diffraction patterns are simulated (incoherent Z-contrast STEM; kinematic XRD), not measured.\n"
        s += "- A robocrys description exists for about half of the materials (ordered structures); titles often describe a family, not one material.\n"
        s += "- Properties are joined by reduced formula, so polymorphs share them; density and volume per site are the only properties every material has.\n"
        s += "- Structures with more than \(options.maxSites) sites were not trained on (they are still embedded at inference).\n"
        s += "- A short schedule, fitted to a 45-minute budget on a shared 2-core CPU.\n"
        return s
    }

    /// The encoders as configured (one line each).
    public static func architecture(_ c: ModelConfig) -> String {
        var s = "## Architecture\n\n"
        s += "- Crystal: CGCNN-style gated message passing, \(c.crystal.layers) layers × \(c.crystal.hidden) features over the periodic "
        s += "radius graph (\(c.crystal.radius) Å, ≤ \(c.crystal.maxNeighbors) neighbours, \(c.crystal.gaussianCount) Gaussians; partial occupancy "
        s += "as occupancy-weighted element embeddings), mean+max readout"
        if c.crystal.diffraction {
            s += ", plus a diffraction branch: the crystal's own simulated Cu Kα powder pattern on the spectrum q grid "
            s += c.crystal.shareSpectrumTrunk
                ? "through the spectrum encoder's own 1-D CNN trunk (shared weights)"
                : "through a 1-D CNN of the spectrum encoder's shape (own weights)"
        }
        s += ".\n"
        s += "- Composition: element-set encoder, \(c.composition.layers) layers × \(c.composition.hidden).\n"
        s += "- XRD: \(c.spectrum.points)-point q grid \(c.spectrum.qMin)–\(c.spectrum.qMax) Å⁻¹ with a mask (any wavelength, any window), "
        s += "1-D CNN \(c.spectrum.channels) (kernel \(c.spectrum.kernelSize)), position-keeping flatten → \(c.spectrum.hidden).\n"
        s += "- Micrograph: \(c.micrograph.size)×\(c.micrograph.size) grayscale, 2-D CNN \(c.micrograph.channels), mean+max pooling.\n"
        s += "- Text: \(c.text.layers)-layer pre-norm transformer, d = \(c.text.modelDimension), \(c.text.heads) heads, "
        s += "\(c.text.maxTokens) tokens, mean pooling.\n"
        s += "- Properties: MLP over \(c.properties.specs.count) standardised properties and their presence mask.\n"
        s += "- Each ends in a projection head (Linear–GELU–Linear) into \(c.dimension) dimensions, L2-normalised.\n\n"
        return s
    }

    /// `card` with the evaluation of `split` set to `markdown` (other splits' results are kept).
    public static func replacingEvaluation(in card: String, split: String, with markdown: String) -> String {
        let open = "<!-- evaluation:\(split):start -->", close = "<!-- evaluation:\(split):end -->"
        let block = open + "\n### \(split.prefix(1).uppercased() + split.dropFirst()) split\n\n" + markdown + "\n" + close
        if let a = card.range(of: open), let b = card.range(of: close), a.upperBound <= b.lowerBound {
            return card.replacingCharacters(in: a.lowerBound..<b.upperBound, with: block)
        }
        guard let a = card.range(of: evaluationStart), let b = card.range(of: evaluationEnd), a.upperBound <= b.lowerBound else {
            return card + "\n## Evaluation\n\n" + evaluationStart + "\n" + block + "\n" + evaluationEnd + "\n"
        }
        // Drop the "not evaluated yet" placeholder, keep other splits' blocks.
        var inner = String(card[a.upperBound..<b.lowerBound])
        if inner.contains("Not evaluated yet") { inner = "\n" }
        let ordered = split == "validation" ? "\n" + block + inner : inner + block + "\n"
        return card.replacingCharacters(in: a.upperBound..<b.lowerBound, with: ordered)
    }
}
