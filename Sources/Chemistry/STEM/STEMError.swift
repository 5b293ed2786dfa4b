/// Why a STEM micrograph cannot be simulated.
public enum STEMError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The crystal has no sites, or none with a positive occupancy: nothing to image.
    case noSites
    /// The lattice has (near) zero volume: its vectors are coplanar.
    case zeroVolume(volume: Double)
    /// The zone axis [0 0 0] has no direction.
    case zeroZoneAxis
    /// A zone-axis index beyond ±`limit`: such a projection has columns too dense to image.
    case zoneAxisTooHigh(u: Int, v: Int, w: Int, limit: Int)
    /// An image size outside 1…`STEMSettings.maxSide` per side.
    case invalidImageSize(width: Int, height: Int)
    /// A setting that is not finite or out of its range; `field` names it as in `STEMSettings`.
    case invalidSetting(field: String, value: Double)
    /// The field of view would hold more columns than `limit` (pixel size far too large for the cell).
    case tooManyColumns(estimated: Double, limit: Int)

    public var description: String {
        switch self {
        case .noSites: return "STEM: the crystal has no occupied sites"
        case .zeroVolume(let v): return "STEM: the lattice has zero volume (\(v) Å³)"
        case .zeroZoneAxis: return "STEM: the zone axis [0 0 0] has no direction"
        case .zoneAxisTooHigh(let u, let v, let w, let limit):
            return "STEM: zone axis [\(u) \(v) \(w)] has an index beyond ±\(limit)"
        case .invalidImageSize(let w, let h):
            return "STEM: image size \(w)×\(h) is outside 1…\(STEMSettings.maxSide) per side"
        case .invalidSetting(let field, let value): return "STEM: invalid \(field) = \(value)"
        case .tooManyColumns(let n, let limit):
            return "STEM: about \(Int(n)) columns in view (limit \(limit)); use a smaller field of view"
        }
    }
}
