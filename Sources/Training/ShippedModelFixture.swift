import Corpus
import Encoders
import Foundation

/// The committed fixture the shipped-model test reads (`Tests/TrainingTests/Fixtures/shipped-model/`):
/// 100 small validation materials (id, identity, formula, CIF) and the vectors the model gives the
/// first few of them. Written by `matlas eval --split validation --write-fixture <dir>`.
public struct ShippedModelFixture: Codable, Sendable {
    public struct Material: Codable, Sendable {
        public var id: String
        public var identity: String
        public var formula: String
        public var reducedFormula: String
        public var cif: String
    }

    public var model: String
    public var materials: [Material]
    /// Vectors of `materials[0..<vectorCount]`: crystal (from the CIF) and composition (from `formula`).
    public var crystalVectors: [[Float]]
    public var compositionVectors: [[Float]]

    public static let materialCount = 100
    public static let vectorCount = 5
    public static let maxSites = 40

    /// Builds the fixture from split records (the first `materialCount` with at most `maxSites` sites
    /// that featurise and whose formula parses).
    public static func make(bundle: ModelBundle, records: [MaterialRecord]) throws -> ShippedModelFixture {
        var chosen: [Material] = []
        var crystals: [ItemFeatures] = [], compositions: [ItemFeatures] = []
        var seen = Set<String>()
        for r in records where r.siteCount <= maxSites && chosen.count < materialCount {
            let identity = MaterialIdentity.key(mineral: r.mineral, reducedFormula: r.reducedFormula)
            guard !seen.contains(identity),
                  let crystal = try? r.crystal(), let g = try? bundle.featurizer.crystal(crystal),
                  let comp = try? r.composition(), let c = try? bundle.featurizer.composition(comp) else { continue }
            seen.insert(identity)  // one entry per material, so "its own material" is unambiguous
            chosen.append(Material(id: r.id.rawValue, identity: identity, formula: r.formula,
                                   reducedFormula: r.reducedFormula, cif: r.cif))
            crystals.append(.crystal(g))
            compositions.append(.composition(c))
        }
        let n = Swift.min(vectorCount, chosen.count)
        return ShippedModelFixture(model: bundle.config.name, materials: chosen,
                                   crystalVectors: try bundle.embed(features: Array(crystals.prefix(n))),
                                   compositionVectors: try bundle.embed(features: Array(compositions.prefix(n))))
    }

    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        try e.encode(self).write(to: directory.appendingPathComponent("fixture.json"), options: .atomic)
    }
}
