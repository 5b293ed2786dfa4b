/// Encoders: six encoders (crystal, composition, spectrum, micrograph, text, properties) into one
/// L2-normalised latent space, and the model bundle that stores them (DESIGN §1, §3).
///
/// API in one screen (training and inference share every piece):
/// ```swift
/// let config = ModelConfig()                        // Codable → config.json; dimension, featurisation
/// let featurizer = Featurizer(config: config, tokenizer: tokenizer)   // pure, Sendable
/// let g = try featurizer.crystal(crystal)           // CrystalFeatures (periodic graph; with
///                                                   // crystal.diffraction also its own Cu Kα pattern)
/// let c = try featurizer.composition(try Composition(parsing: "LiFePO4"))
/// let s = try featurizer.spectrum(.peaks([(28.4, 100), (47.3, 55)], wavelength: 1.54184))
/// let m = try featurizer.micrograph(image, crop: .center)   // any-size Imaging.Image
/// let t = try featurizer.text("layered lithium cobalt oxide")
/// let p = try featurizer.properties(["density": 3.6])
///
/// let model = MultiModalModel(config: config, vocabularySize: tokenizer.vocabularySize)
/// let z = try model.encode([.crystal(g), .crystal(g2)])  // Tensor [2, dimension], rows unit norm
/// // or per encoder: model.crystal?(CrystalBatch([g, g2])), model.composition?(CompositionBatch(…)),
/// // model.spectrum?(SpectrumBatch(…)), .micrograph?(MicrographBatch), .text?(TextBatch),
/// // .properties?(PropertyBatch). Batches collate featurised items (build them on any thread).
/// // Augmentation hooks: featurizer.micrograph(image, crop: .random(seed:)), SpectrumInput(pattern:)
/// // of a perturbed XRDPattern, any twoThetaRange window, any wavelength.
/// model.logitScale                                  // learnable, log space, init log(1/0.07)
/// model.namedParameters                             // "crystal.…", "composition.…", …, "logit_scale"
/// model.setTraining(false)                          // dropout off
/// model.parameterGroups                             // (decay, noDecay) for AdamW
///
/// let bundle = ModelBundle(config: config, model: model, tokenizer: tokenizer)
/// try bundle.save(to: dir)                          // config.json, weights.safetensors, tokenizer.json
/// let loaded = try ModelBundle.load(from: dir)      // throws ModelBundleError naming the file
/// let v: [Float] = try loaded.embed(.composition(try Composition(parsing: "LiFePO4")))
/// let vs: [[Float]] = try loaded.embed(batch: inputs)  // batched ingest; one modality or mixed
/// let rs = loaded.embedEach(inputs)                 // per-item Result: one bad record never stops ingest
/// let fused = ModelBundle.fuse([v1, v2])            // a material's fused vector (normalised mean)
/// ```
/// `ModelBundle.embed` is safe to call from several threads at once: gradients are disabled with a
/// task-local switch, parameters are only read, and every call allocates its own tensors.
///
/// Where things live:
/// - `Modality.swift`, `ModelConfig*.swift` — the modality list and every hyperparameter.
/// - `EncoderError.swift` — typed errors for bad inputs, each naming the field.
/// - `Featurizer*.swift`, `*Features.swift` — inputs → model-ready arrays; `*Batch` collation.
/// - `CrystalEncoder.swift` … `PropertyEncoder.swift`, `ProjectionHead.swift` — the six `Module`s.
/// - `MultiModalModel.swift` — all six + the logit scale.
/// - `ModelBundle*.swift` — save/load/embed.
public enum Encoders {
    /// The bundle layout version written into `config.json`.
    public static let formatVersion = 1
}
