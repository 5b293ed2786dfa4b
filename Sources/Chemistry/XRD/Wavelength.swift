/// An X-ray wavelength in Å, with the characteristic lines of common laboratory anodes named.
///
/// The named values are the ones pymatgen's `XRDCalculator` uses (`WAVELENGTHS` in
/// `pymatgen/analysis/diffraction/xrd.py`): the Kα lines are the intensity-weighted means
/// (2 Kα1 + Kα2) / 3 of the two components.
public struct Wavelength: Hashable, Sendable, CustomStringConvertible, ExpressibleByFloatLiteral {
    /// The wavelength in Å.
    public var angstroms: Double

    /// Any wavelength, in Å. Validity (finite, positive) is checked when a pattern is computed.
    public init(angstroms: Double) { self.angstroms = angstroms }

    /// A wavelength in Å from a literal: `let w: Wavelength = 1.5406`.
    public init(floatLiteral value: Double) { self.init(angstroms: value) }

    /// Cu Kα, 1.54184 Å (the default of most laboratory diffractometers).
    public static let cuKalpha = Wavelength(angstroms: 1.54184)
    /// Mo Kα, 0.71073 Å.
    public static let moKalpha = Wavelength(angstroms: 0.71073)
    /// Co Kα, 1.79026 Å.
    public static let coKalpha = Wavelength(angstroms: 1.79026)
    /// Cr Kα, 2.29100 Å.
    public static let crKalpha = Wavelength(angstroms: 2.29100)
    /// Fe Kα, 1.93735 Å.
    public static let feKalpha = Wavelength(angstroms: 1.93735)
    /// Ag Kα, 0.560885 Å.
    public static let agKalpha = Wavelength(angstroms: 0.560885)

    /// All of pymatgen's named lines (Kα, Kα1, Kα2, Kβ1 of Cu, Mo, Cr, Fe, Co, Ag), keyed by their
    /// lower-cased pymatgen names (`"cuka"`, `"cuka1"`, `"mokb1"`, …), in Å.
    public static let named: [String: Wavelength] = [
        "cuka": .cuKalpha, "cuka2": 1.54439, "cuka1": 1.54056, "cukb1": 1.39222,
        "moka": .moKalpha, "moka2": 0.71359, "moka1": 0.70930, "mokb1": 0.63229,
        "crka": .crKalpha, "crka2": 2.29361, "crka1": 2.28970, "crkb1": 2.08487,
        "feka": .feKalpha, "feka2": 1.93998, "feka1": 1.93604, "fekb1": 1.75661,
        "coka": .coKalpha, "coka2": 1.79285, "coka1": 1.78896, "cokb1": 1.63079,
        "agka": .agKalpha, "agka2": 0.563813, "agka1": 0.559421, "agkb1": 0.497082,
    ]

    /// A wavelength from a name (`CuKa`, `Cu Kα`, `mo-kalpha`, `CuKa1`, `CuKb1`; case-insensitive)
    /// or a number in Å (`"1.5406"`); `nil` when the text is neither.
    public init?(_ text: String) {
        if let value = Double(text) {
            self.init(angstroms: value)
            return
        }
        var key = String(text.lowercased().filter { !" -_".contains($0) }
            .map { $0 == "α" ? "a" : $0 == "β" ? "b" : $0 })
        for (long, short) in [("kalpha", "ka"), ("kbeta", "kb")] {
            if let r = key.range(of: long) { key.replaceSubrange(r, with: short) }
        }
        guard let w = Wavelength.named[key] else { return nil }
        self = w
    }

    public var description: String { "\(angstroms) Å" }
}
