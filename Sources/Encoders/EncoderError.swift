/// Why an input cannot be featurised or embedded. Every case names the offending field (the wire
/// name of DESIGN §5: `wavelength`, `x`, `peaks`, `properties.density`, …) and, where it applies,
/// the index of the offending element, so the server can echo it back.
public enum EncoderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A list that must not be empty is empty (`x`, `peaks`, `text`, `properties`, `sites`, `composition`).
    case empty(field: String)
    /// A value is NaN or infinite.
    case notFinite(field: String, index: Int?)
    /// Wavelength must be a finite number of Å above zero.
    case invalidWavelength(Double)
    /// A 2θ value outside the open interval (0°, 180°).
    case twoThetaOutOfRange(field: String, index: Int, value: Double)
    /// Two parallel arrays differ in length (`x` and `y`).
    case lengthMismatch(field: String, expected: Int, found: Int)
    /// A spectrum with no positive intensity in the grid's range.
    case noSignal(field: String)
    /// The measured range does not overlap the model's q grid (`qMin…qMax` in Å⁻¹).
    case outsideGrid(field: String, qMin: Double, qMax: Double)
    /// A property the model was not trained on.
    case unknownProperty(name: String)
    /// A property value the transform cannot take (e.g. log of a value ≤ 0).
    case invalidPropertyValue(name: String, value: Double, reason: String)
    /// An image smaller than the model accepts (pixels).
    case imageTooSmall(width: Int, height: Int, minimum: Int)
    /// An element the model has no embedding for (atomic number).
    case unsupportedElement(field: String, atomicNumber: Int)
    /// A negative or otherwise invalid amount/occupancy.
    case invalidAmount(field: String, index: Int?, value: Double)
    /// The bundle was built without this modality.
    case modalityUnavailable(Modality)

    /// The wire name of the offending field.
    public var field: String {
        switch self {
        case .empty(let f), .notFinite(let f, _), .twoThetaOutOfRange(let f, _, _),
             .lengthMismatch(let f, _, _), .noSignal(let f), .outsideGrid(let f, _, _),
             .unsupportedElement(let f, _), .invalidAmount(let f, _, _):
            f
        case .invalidWavelength: "wavelength"
        case .unknownProperty(let name), .invalidPropertyValue(let name, _, _): "properties.\(name)"
        case .imageTooSmall: "micrograph"
        case .modalityUnavailable(let m): m.rawValue
        }
    }

    public var description: String {
        switch self {
        case .empty(let f): "\(f) is empty"
        case .notFinite(let f, let i): "\(f)\(i.map { "[\($0)]" } ?? "") is not a finite number"
        case .invalidWavelength(let w): "wavelength must be a positive number of Å; got \(w)"
        case .twoThetaOutOfRange(let f, let i, let v): "\(f)[\(i)] = \(v)° is outside 2θ ∈ (0°, 180°)"
        case .lengthMismatch(let f, let e, let n): "\(f) has \(n) values; expected \(e)"
        case .noSignal(let f): "\(f) has no positive intensity inside the model's q range"
        case .outsideGrid(let f, let lo, let hi):
            "\(f): the measured range does not overlap the model's q range \(lo)…\(hi) Å⁻¹"
        case .unknownProperty(let name): "unknown property '\(name)'"
        case .invalidPropertyValue(let name, let v, let why): "property '\(name)' = \(v): \(why)"
        case .imageTooSmall(let w, let h, let m): "image \(w)×\(h) is smaller than \(m)×\(m) pixels"
        case .unsupportedElement(let f, let z): "\(f): element Z=\(z) has no embedding"
        case .invalidAmount(let f, let i, let v): "\(f)\(i.map { "[\($0)]" } ?? ""): invalid amount \(v)"
        case .modalityUnavailable(let m): "the model has no \(m) encoder"
        }
    }
}
