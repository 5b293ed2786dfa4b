/// Routes parsed requests to method handlers and turns every outcome into exactly one `Response`.
///
/// Pure and transport-free: tests call `respond(to:)` directly; the NIO transport calls it per line.
/// A handler that throws a `ProtocolError` answers with it; any other error becomes an internal
/// error whose message names the method (the server keeps running either way).
public struct Dispatcher: Sendable {
    /// A method: parameters in, JSON result out.
    public typealias Handler = @Sendable (_ params: Parameters) async throws -> JSONValue

    private var handlers: [String: Handler] = [:]
    /// Methods that change stored data (need the write token when one is configured).
    private var writeMethods: Set<String> = []
    private let parser: RequestParser
    /// When set, write methods require `params.token` to equal it.
    public var writeToken: String?

    public init(parser: RequestParser = RequestParser(), writeToken: String? = nil) {
        self.parser = parser
        self.writeToken = writeToken
    }

    /// Registers `handler` under `method` (lower-case; inline verbs are lower-cased before lookup).
    public mutating func register(_ method: String, writes: Bool = false, _ handler: @escaping Handler) {
        handlers[method] = handler
        if writes { writeMethods.insert(method) }
    }

    /// The registered method names, sorted.
    public var methods: [String] { handlers.keys.sorted() }

    /// Parses and answers one framed line; `nil` for a blank line (nothing to answer).
    public func respond(toLine bytes: [UInt8]) async -> Response? {
        switch parser.parse(line: bytes) {
        case .empty: return nil
        case .failure(let error, let style): return .error(error, style)
        case .request(let request): return await respond(to: request)
        }
    }

    /// Answers one request.
    public func respond(to request: Request) async -> Response {
        guard let handler = handlers[request.method] else {
            let known = methods.joined(separator: ", ")
            return .error(ProtocolError(.methodNotFound, "unknown method \"\(request.method.prefix(64))\"; known: \(known)",
                                        field: "method"), request.style)
        }
        if writeMethods.contains(request.method), let token = writeToken {
            guard request.params["token"]?.stringValue == token else {
                return .error(ProtocolError(.unauthorized, "\(request.method) needs the write token", field: "token"), request.style)
            }
        }
        do {
            let result = try await handler(Parameters(request.params))
            return .result(result, request.style)
        } catch let error as ProtocolError {
            return .error(error, request.style)
        } catch {
            return .error(ProtocolError(.internalError, "\(request.method) failed: \(error)"), request.style)
        }
    }

    /// The answer to a line that exceeded the length limit.
    public static func oversizedLine(limit: Int, prefix: [UInt8]) -> Response {
        let style = RequestParser.guessStyle(prefix)
        return .error(ProtocolError(.lineTooLong, "request line longer than \(limit) bytes was refused and skipped"), style)
    }
}
