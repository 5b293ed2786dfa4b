/// Distinct identifier types of the index. Three kinds of id meet here and must never be mixed:
/// the stable public id of a material (`MaterialID`, e.g. `amcsd:0000123`), the integer label the
/// store gives it (`VectorLabel`, also the catalog's row id), and the slot a vector occupies inside
/// the graph (`NodeID`, reused after compaction).

/// The stable, public identifier of a material, such as `amcsd:0000123`.
public struct MaterialID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifier text.
    public let rawValue: String
    /// Wraps an identifier text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The integer the store assigns to a material: the key of its vector in the graph and the
/// row id of its catalog row. Assigned once, never reused.
public struct VectorLabel: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The label value.
    public let rawValue: UInt64
    /// Wraps a label value.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: VectorLabel, b: VectorLabel) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// A slot in the graph's node storage. Internal: slots are reused after compaction.
struct NodeID: Hashable, Comparable, Sendable {
    var rawValue: UInt32
    init(_ rawValue: UInt32) { self.rawValue = rawValue }
    init(_ index: Int) { self.rawValue = UInt32(index) }
    var index: Int { Int(rawValue) }
    static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue < b.rawValue }
    /// Marks "no node" in packed words.
    static let none = NodeID(UInt32.max)
}

/// A node with its distance to the current query (smaller is closer).
struct Candidate: Sendable {
    var distance: Float
    var node: NodeID
}
