/// One parsed request line: a method, its parameters and how to answer it.
public struct Request: Hashable, Sendable {
    /// How the client spoke, which decides the response's shape.
    public enum Style: Hashable, Sendable {
        /// JSON-RPC 2.0: the response carries `jsonrpc` and the request's `id`.
        case jsonRPC(id: JSONValue)
        /// An inline command (`SEARCH text="…" k=5`): the response is `{"result":…}` or `{"error":…}`.
        case inline
    }

    public var method: String
    /// Always an object (`{}` when the request had none).
    public var params: [String: JSONValue]
    public var style: Style

    public init(method: String, params: [String: JSONValue] = [:], style: Style = .inline) {
        self.method = method
        self.params = params
        self.style = style
    }
}

/// The answer to one request, rendered as exactly one line.
public enum Response: Sendable {
    case result(JSONValue, Request.Style)
    case error(ProtocolError, Request.Style)

    /// The response line, without the trailing newline.
    public var line: String {
        switch self {
        case .result(let value, .inline):
            return JSONValue.object(["result": value]).jsonText
        case .error(let error, .inline):
            return JSONValue.object(["error": error.json]).jsonText
        case .result(let value, .jsonRPC(let id)):
            return JSONValue.object(["jsonrpc": "2.0", "id": id, "result": value]).jsonText
        case .error(let error, .jsonRPC(let id)):
            return JSONValue.object(["jsonrpc": "2.0", "id": id, "error": error.json]).jsonText
        }
    }
}
