import Chemistry
import Encoders
import Foundation
import Learning
import Text

/// Classic, non-learned scorers evaluated in the same table as the model:
/// - **random**: uniform random scores;
/// - **XRD search-match**: cosine between broadened patterns on the model's q grid, restricted to
///   the query's measured range (its mask), against each material's clean Cu Kα 5–90° reference;
/// - **exact formula**: 1 when the reduced formulas agree, else 0 (ties broken at random);
/// - **TF-IDF**: cosine of TF-IDF vectors (Text module) between the query text and each gallery
///   material's catalog entry — what a CIF carries as text: mineral name, formula, reduced formula,
///   space group. For crystal → text the roles swap (catalog entry → descriptions).
public enum Baselines {
    public static func random(queries: Int, gallery: Int, seed: UInt64) -> [Float] {
        let g = SeededGenerator(seed: seed)
        return (0..<(queries * gallery)).map { _ in g.uniform() }
    }

    /// Masked cosine of `queries` against full-range `references` (`PatternMatch` without tolerance).
    public static func searchMatch(queries: [SpectrumFeatures], references: [SpectrumFeatures?]) -> [Float] {
        let match = PatternMatch(tolerance: 0)
        var out = [Float](repeating: 0, count: queries.count * references.count)
        for (qi, q) in queries.enumerated() {
            for (gi, r) in references.enumerated() {
                out[qi * references.count + gi] = r.map { match.score(query: q, reference: $0.intensity) } ?? -1
            }
        }
        return out
    }

    /// The clean Cu Kα 5–90° reference pattern of each material, featurised.
    public static func references(_ materials: [TrainingMaterial], featurizer: Featurizer) -> [SpectrumFeatures?] {
        materials.map { m in
            m.reflections.flatMap { SpectrumAugmentation.clean($0, wavelength: Wavelength.cuKalpha.angstroms, window: 5...90) }
                .flatMap { try? featurizer.spectrum($0) }
        }
    }

    /// 1 where the reduced formulas of query material and gallery material agree.
    public static func exactFormula(queryFormulas: [String], galleryFormulas: [String]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(queryFormulas.count * galleryFormulas.count)
        for q in queryFormulas { for g in galleryFormulas { out.append(q == g ? 1 : 0) } }
        return out
    }

    /// The catalog text of a material: name, formula, reduced formula and space group.
    public static func catalogText(_ m: TrainingMaterial) -> String {
        var parts = [m.name, m.reducedFormula]
        if let c = m.composition { parts.append(c.reducedFormula) }
        if let sg = m.crystal.spaceGroupSymbol { parts.append(sg) }
        return parts.joined(separator: " ")
    }

    /// TF-IDF cosine of each query text against `documents`.
    public static func tfidf(queries: [String], documents: [String]) -> [Float] {
        let index = TFIDFIndex(documents: documents)
        var out: [Float] = []
        out.reserveCapacity(queries.count * documents.count)
        for q in queries { out += index.scores(for: q).map { Float($0) } }
        return out
    }
}
