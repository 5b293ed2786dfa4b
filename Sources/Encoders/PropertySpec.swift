import Foundation

/// One numeric property the property encoder reads: its name, units, and normalisation
/// `z = (transform(value) − mean) / std`.
public struct PropertySpec: Codable, Hashable, Sendable {
    /// How a raw value is transformed before standardising.
    public enum Transform: String, Codable, Hashable, Sendable {
        /// The value itself.
        case identity
        /// log₁₀(value); values must be > 0 (for quantities spanning decades: conductivity).
        case log10
    }

    /// Wire name (`density`, `formation_enthalpy`, …).
    public var name: String
    /// Units of the raw value (`g/cm³`, `eV/atom`, `S/m`).
    public var units: String
    public var transform: Transform
    /// Mean of the transformed values over the training corpus.
    public var mean: Double
    /// Standard deviation of the transformed values over the training corpus (> 0).
    public var std: Double

    public init(name: String, units: String, transform: Transform = .identity, mean: Double = 0, std: Double = 1) {
        self.name = name
        self.units = units
        self.transform = transform
        self.mean = mean
        self.std = std
    }

    /// The standardised value.
    /// - Throws: `EncoderError.notFinite` or `.invalidPropertyValue` (log of a value ≤ 0).
    public func normalize(_ value: Double) throws(EncoderError) -> Float {
        guard value.isFinite else { throw .notFinite(field: "properties.\(name)", index: nil) }
        let t: Double
        switch transform {
        case .identity: t = value
        case .log10:
            guard value > 0 else {
                throw .invalidPropertyValue(name: name, value: value, reason: "must be > 0 (log-scaled)")
            }
            t = Foundation.log10(value)
        }
        // Clamp far outliers so one absurd input cannot dominate the embedding.
        return Float(Swift.max(-10, Swift.min(10, (t - mean) / std)))
    }

    /// The raw value of a standardised one (inverse of `normalize`, without clamping).
    public func denormalize(_ z: Float) -> Double {
        let t = Double(z) * std + mean
        return transform == .log10 ? Foundation.pow(10, t) : t
    }

    /// Spec with `mean`/`std` fitted to `values` (transformed first; values the transform rejects
    /// are skipped). Returns self unchanged when fewer than 2 values remain.
    public func fitted(to values: [Double]) -> PropertySpec {
        let t = values.compactMap { v -> Double? in
            guard v.isFinite else { return nil }
            switch transform {
            case .identity: return v
            case .log10: return v > 0 ? Foundation.log10(v) : nil
            }
        }
        guard t.count >= 2 else { return self }
        let m = t.reduce(0, +) / Double(t.count)
        let s = (t.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(t.count)).squareRoot()
        var out = self
        out.mean = m
        out.std = s > 1e-12 ? s : 1
        return out
    }

    /// The corpus properties (`Corpora/amcsd`, statistics over the 9,247 materials measured on
    /// 2026-12-01): measured density, experimental formation enthalpy (pymatgen), BoltzTraP transport
    /// (matminer `mp_transport`), refractive index at 589 nm (refractiveindex.info), cell volume per site.
    public static let defaults: [PropertySpec] = [
        PropertySpec(name: "density", units: "g/cm³", mean: 5.165, std: 2.625),
        PropertySpec(name: "formation_enthalpy", units: "eV/atom", mean: -1.78, std: 1.135),
        PropertySpec(name: "seebeck_p", units: "µV/K", mean: 438.7, std: 349.6),
        PropertySpec(name: "seebeck_n", units: "µV/K", mean: -313.9, std: 266.5),
        PropertySpec(name: "conductivity_p", units: "S/m", transform: .log10, mean: 2.445, std: 2.103),
        PropertySpec(name: "conductivity_n", units: "S/m", transform: .log10, mean: 2.813, std: 1.846),
        PropertySpec(name: "power_factor_p", units: "µW/(m·K²)", transform: .log10, mean: 0.745, std: 0.659),
        PropertySpec(name: "power_factor_n", units: "µW/(m·K²)", transform: .log10, mean: 0.917, std: 0.613),
        PropertySpec(name: "effective_mass_p", units: "m_e", transform: .log10, mean: -0.834, std: 2.243),
        PropertySpec(name: "effective_mass_n", units: "m_e", transform: .log10, mean: -1.281, std: 1.934),
        PropertySpec(name: "refractive_index", units: "1", transform: .log10, mean: 0.169, std: 0.435),
        PropertySpec(name: "volume_per_site", units: "Å³", transform: .log10, mean: 1.14, std: 0.197),
    ]
}
