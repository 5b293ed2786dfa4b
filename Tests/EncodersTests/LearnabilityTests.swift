import Encoders
import Learning
import Testing

/// End-to-end check that the encoders can be trained together: a few AdamW steps of
/// crystal-anchored InfoNCE on the four fixture materials must align every modality with its
/// crystal (a gradient or wiring bug leaves the loss flat or the retrieval random).
@Suite struct LearnabilityTests {
    @Test func fewStepsAlignEveryModalityWithItsCrystal() throws {
        let config = ModelConfig.small
        let model = MultiModalModel(config: config, vocabularySize: Fixture.tokenizer.vocabularySize)
        let features = try EncoderTests.features(Featurizer(config: config, tokenizer: Fixture.tokenizer))
        let groups = model.parameterGroups
        let optimizer = AdamW(parameters: model.parameters, learningRate: 3e-3, excludedFromDecay: groups.noDecay)
        let targets = Array(0..<Fixture.names.count)
        func loss() throws -> Tensor {
            let anchor = try model.encode(features[.crystal]!)
            var total: Tensor?
            for modality in Modality.allCases where modality != .crystal {
                let logits = anchor.matmul(try model.encode(features[modality]!), transposingB: true) * model.logitScale.exp()
                let pair = Tensor.crossEntropy(logits: logits, targets: targets)
                    + Tensor.crossEntropy(logits: logits.transposed(), targets: targets)
                total = total.map { $0 + pair } ?? pair
            }
            return total!
        }
        model.setTraining(false)  // no dropout: the comparison below is then deterministic
        let initial = try Learning.withGradientsDisabled { try loss() }.scalarValue
        for _ in 0..<40 {
            optimizer.zeroGrad()
            try loss().backward()
            optimizer.step()
        }
        let final = try Learning.withGradientsDisabled { try loss() }.scalarValue
        // Initial loss ≈ 10 pairs · 2 · ln 4 ≈ 27.7 for random vectors; after fitting 4 items it must at
        // least halve (measured: far lower).
        #expect(final < 0.5 * initial, "loss \(initial) → \(final)")
        // Every modality retrieves its own crystal first (recall@1 = 1 on the training items).
        let crystals = try Learning.withGradientsDisabled { try model.encode(features[.crystal]!) }
        for modality in Modality.allCases where modality != .crystal {
            let z = try Learning.withGradientsDisabled { try model.encode(features[modality]!) }
            let s = z.matmul(crystals, transposingB: true).values
            let n = Fixture.names.count
            for i in 0..<n {
                let best = (0..<n).max { s[i * n + $0] < s[i * n + $1] }!
                #expect(best == i, "\(modality) item \(i) retrieved crystal \(best)")
            }
        }
    }
}
