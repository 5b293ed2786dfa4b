#if canImport(MCP)
import MCP

// Conversion between the protocol's `JSONValue` and the MCP SDK's `Value`, so tool arguments reach the
// `Dispatcher` unchanged and its results go back to the agent unchanged.
//
// The two models differ in three places, each handled here once:
// - `Value` separates `.int` from `.double`; `JSONValue` has one `.number(Double)`. Integral doubles within
//   ±2⁵³ go out as `.int` (so `k: 5` stays `5`, never `5.0`); everything else as `.double`.
// - `Value` has `.data(mimeType:, Data)`, which its decoder produces for any string that looks like a
//   `data:` URL. It comes back as that same data-URL string: the server's handlers decide what it means.
// - JSON cannot carry NaN or ±∞ (the SDK's encoder would fail and the answer would be lost), so a
//   non-finite number becomes `null`, as `JSONValue.jsonText` already writes it.

extension JSONValue {
    /// The protocol value of an MCP value (see the file comment for `.int`/`.double` and `.data`).
    public init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .data(let mimeType, let data): self = .string(data.dataURLEncoded(mimeType: mimeType))
        case .array(let a): self = .array(a.map(JSONValue.init))
        case .object(let o): self = .object(o.mapValues(JSONValue.init))
        }
    }

    /// The MCP value of this protocol value: integral numbers within ±2⁵³ as `.int`, other finite numbers
    /// as `.double`, non-finite numbers as `.null`.
    public var mcpValue: MCP.Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d):
            guard d.isFinite else { return .null }
            if let i = intValue { return .int(i) }
            return .double(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(\.mcpValue))
        case .object(let o): return .object(o.mapValues(\.mcpValue))
        }
    }
}

extension Dictionary where Key == String, Value == MCP.Value {
    /// The protocol form of an MCP argument object.
    var jsonObject: [String: JSONValue] { mapValues(JSONValue.init) }
}
#endif
