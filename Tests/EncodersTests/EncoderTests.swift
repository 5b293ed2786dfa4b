import Chemistry
import Foundation
import Encoders
import Learning
import Testing

@Suite struct EncoderTests {
    static let config = ModelConfig.small

    /// Featurised inputs of every modality, one row per fixture material.
    static func features(_ featurizer: Featurizer) throws -> [Modality: [ItemFeatures]] {
        var out: [Modality: [ItemFeatures]] = [:]
        for name in Fixture.names {
            for input in try Fixture.inputs(name) {
                out[input.modality, default: []].append(try featurizer.features(input))
            }
        }
        return out
    }

    @Test func everyEncoderGivesUnitVectorsOfTheSharedDimension() throws {
        let model = MultiModalModel(config: Self.config, vocabularySize: Fixture.tokenizer.vocabularySize)
        let featurizer = Featurizer(config: Self.config, tokenizer: Fixture.tokenizer)
        for (modality, items) in try Self.features(featurizer) {
            let z = try Learning.withGradientsDisabled { try model.encode(items) }
            #expect(z.shape == [items.count, Self.config.dimension], "\(modality)")
            let v = z.values
            for r in 0..<items.count {
                let norm = (0..<z.shape[1]).reduce(Float(0)) { $0 + v[r * z.shape[1] + $1] * v[r * z.shape[1] + $1] }
                #expect(abs(norm.squareRoot() - 1) < 1e-5, "\(modality) row \(r)")  // L2 norm, tolerance 1e-5
            }
            // Different materials give different vectors even untrained.
            #expect(v[0..<z.shape[1]] != v[z.shape[1]..<(2 * z.shape[1])], "\(modality)")
        }
    }

    @Test func anIsolatedAtomStillEmbeds() throws {
        // One atom in a 10 Å cube has no neighbour within 6 Å: a graph without edges.
        let lonely = Crystal(lattice: Lattice(a: 10, b: 10, c: 10, alpha: 90, beta: 90, gamma: 90),
                             sites: [Site(Element(symbol: "Xe")!, at: SIMD3(0, 0, 0))])
        let featurizer = Featurizer(config: Self.config)
        let f = try featurizer.crystal(lonely)
        #expect(f.edgeCount == 0)
        let model = MultiModalModel(config: Self.config)
        let alone = try Learning.withGradientsDisabled { try model.encode([.crystal(f)]) }
        #expect(alone.shape == [1, Self.config.dimension] && alone.values.allSatisfy { $0.isFinite })
        let mixed = try Learning.withGradientsDisabled {
            try model.encode([.crystal(f), .crystal(try featurizer.crystal(try Fixture.crystal("halite")))])
        }
        #expect(mixed.values.allSatisfy { $0.isFinite })
    }

    @Test func batchingDoesNotChangeAVector() throws {
        // A row embedded alone equals the same row embedded in a batch (tolerance 1e-5: BLAS
        // blocking may reorder sums).
        let model = MultiModalModel(config: Self.config, vocabularySize: Fixture.tokenizer.vocabularySize)
        model.setTraining(false)
        let featurizer = Featurizer(config: Self.config, tokenizer: Fixture.tokenizer)
        for (modality, items) in try Self.features(featurizer) {
            let all = try Learning.withGradientsDisabled { try model.encode(items) }.values
            let one = try Learning.withGradientsDisabled { try model.encode([items[1]]) }.values
            let d = Self.config.dimension
            for j in 0..<d { #expect(abs(all[d + j] - one[j]) < 1e-5, "\(modality)[\(j)]") }
        }
    }

    @Test func contrastiveGradientsReachEveryParameter() throws {
        let model = MultiModalModel(config: Self.config, vocabularySize: Fixture.tokenizer.vocabularySize)
        let featurizer = Featurizer(config: Self.config, tokenizer: Fixture.tokenizer)
        let features = try Self.features(featurizer)
        // Crystal-anchored InfoNCE: every other modality's batch against the crystals.
        let anchor = try model.encode(features[.crystal]!)
        let targets = Array(0..<Fixture.names.count)
        var loss: Tensor?
        for modality in Modality.allCases where modality != .crystal {
            let z = try model.encode(features[modality]!)
            let logits = anchor.matmul(z, transposingB: true) * model.logitScale.exp()
            let pair = Tensor.crossEntropy(logits: logits, targets: targets)
                + Tensor.crossEntropy(logits: logits.transposed(), targets: targets)
            loss = loss.map { $0 + pair } ?? pair
        }
        loss!.backward()
        for (name, p) in model.namedParameters {
            let g = try #require(p.grad, "\(name) got no gradient")
            #expect(g.contains { $0 != 0 }, "\(name) gradient is all zero")
            #expect(g.allSatisfy { $0.isFinite }, "\(name) gradient not finite")
        }
    }

    @Test func aSeedFixesTheWeights() throws {
        let a = MultiModalModel(config: Self.config, vocabularySize: 300)
        let b = MultiModalModel(config: Self.config, vocabularySize: 300)
        var other = Self.config
        other.seed = 1
        let c = MultiModalModel(config: other, vocabularySize: 300)
        #expect(a.namedParameters.map(\.name) == b.namedParameters.map(\.name))
        for ((name, x), (_, y)) in zip(a.namedParameters, b.namedParameters) {
            #expect(x.values == y.values, "\(name)")
        }
        #expect(a.crystal!.embedding.weight.values != c.crystal!.embedding.weight.values)
        // Dropping a modality leaves the others' initial weights unchanged.
        var noText = Self.config
        noText.modalities = [.crystal, .composition]
        let d = MultiModalModel(config: noText)
        #expect(d.text == nil && d.spectrum == nil)
        #expect(d.composition!.embedding.weight.values == a.composition!.embedding.weight.values)
    }

    @Test func parameterNamesArePrefixedByModality() {
        let model = MultiModalModel(config: Self.config, vocabularySize: 300)
        let names = model.namedParameters.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.last == "logit_scale")
        for name in names.dropLast() {
            #expect(Modality.allCases.contains { name.hasPrefix($0.rawValue + ".") }, "\(name)")
        }
        #expect(abs(model.logitScale.values[0] - Float(log(1 / 0.07))) < 1e-5)
        let groups = model.parameterGroups
        #expect(groups.decay.count + groups.noDecay.count == names.count)
        #expect(groups.noDecay.contains { $0 === model.logitScale })
    }

    @Test func aSharedTrunkIsOneSetOfWeightsTrainedFromBothSides() throws {
        var config = Self.config
        config.crystal.shareSpectrumTrunk = true
        let shared = MultiModalModel(config: config, vocabularySize: 300)
        let own = MultiModalModel(config: Self.config, vocabularySize: 300)
        let crystal = try #require(shared.crystal), spectrum = try #require(shared.spectrum)
        #expect(crystal.diffraction === spectrum.trunk && crystal.sharesDiffraction)
        let names = shared.namedParameters.map(\.name)
        #expect(!names.contains { $0.hasPrefix("crystal.diffraction") })
        #expect(Set(names).count == names.count)
        #expect(own.parameterCount - shared.parameterCount == spectrum.trunk.parameterCount)
        // A loss on crystal vectors alone reaches the spectrum trunk through the crystal's pattern.
        let featurizer = Featurizer(config: config, tokenizer: Fixture.tokenizer)
        let z = try shared.encode(try Self.features(featurizer)[.crystal]!)
        let weights = Tensor(shape: z.shape, values: (0..<z.count).map { Float($0 % 7) - 3 })
        (z * weights).sum().backward()
        let g = try #require(spectrum.trunk.dense.weight.grad)
        #expect(g.contains { $0 != 0 })
    }

    @Test func defaultModelFitsTheSizeBudget() {
        // The shipped configuration must stay ≤ 30 MB of float32 weights (issue 6).
        let model = MultiModalModel(config: ModelConfig(), vocabularySize: ModelConfig().text.vocabularySize)
        #expect(model.parameterCount * 4 < 30_000_000)
    }
}
