/// A corpus material id: `amcsd:` + the 7-digit AMCSD code (`amcsd:0000003` is galena).
public struct MaterialID: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The id of the AMCSD entry with this code.
    public init(amcsd code: Int) {
        precondition(code >= 0, "AMCSD codes are non-negative")
        let digits = String(code)
        rawValue = "amcsd:" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: MaterialID, rhs: MaterialID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
