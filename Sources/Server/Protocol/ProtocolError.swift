/// An error answered on the wire: a stable numeric code, a human message and the offending field.
///
/// Codes follow JSON-RPC 2.0 where it has one (-32700…-32603) and use -32000…-32099 (the range the
/// spec reserves for implementations) for the rest. They never change meaning once published.
public struct ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Int, Sendable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case lineTooLong = -32001
        case notFound = -32002
        case unauthorized = -32003
        case invalidInput = -32004      // a modality's payload (CIF, formula, PNG, spectrum) was rejected
        case overloaded = -32005
        case unavailable = -32006       // the method needs something this server was started without
    }

    public let code: Code
    public let message: String
    /// The request field at fault (`"k"`, `"query.crystal.cif"`), when one is.
    public let field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public static func invalidParams(_ message: String, field: String) -> ProtocolError {
        ProtocolError(.invalidParams, message, field: field)
    }

    /// The wire form: `{"code":…,"message":…,"field":…}`.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["code": .number(Double(code.rawValue)), "message": .string(message)]
        if let field { o["field"] = .string(field) }
        return .object(o)
    }

    public var description: String { "\(code.rawValue) \(message)" + (field.map { " (field \($0))" } ?? "") }
}
