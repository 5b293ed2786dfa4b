/// Hyperparameters of a training run (written into the checkpoint and the model card).
public struct TrainingOptions: Codable, Hashable, Sendable {
    public var epochs: Int = 12
    public var batchSize: Int = 96
    public var seed: UInt64 = 0
    /// Threads for BLAS and for featurisation/augmentation.
    public var threads: Int = 2
    /// Peak learning rate of AdamW (warm-up then cosine to `learningRate × finalFraction`).
    public var learningRate: Float = 2e-3
    public var finalFraction: Float = 0.05
    public var warmupSteps: Int = 60
    public var weightDecay: Float = 0.05
    public var gradientClip: Float = 5
    /// Structures with more sites are left out of training (time budget).
    public var maxSites: Int = 160
    /// Stop an epoch after this many steps (nil: the whole epoch); for smoke runs.
    public var maxStepsPerEpoch: Int?
    /// Loss weight per pair (1 where absent).
    public var pairWeights: [String: Float] = [ModalityPair.spectrumCrystal.rawValue: 2]
    public init() {}

    public func weight(_ pair: ModalityPair) -> Float { pairWeights[pair.rawValue] ?? 1 }
}
