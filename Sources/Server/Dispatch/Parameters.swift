/// Typed access to a request's named parameters; each accessor throws a `ProtocolError` naming the
/// field, so handlers read `try params.int("k", default: 10, in: 1...1000)` and never validate by hand.
public struct Parameters: Sendable {
    public let values: [String: JSONValue]

    public init(_ values: [String: JSONValue]) { self.values = values }

    public subscript(key: String) -> JSONValue? { values[key] }

    public func contains(_ key: String) -> Bool { values[key] != nil && values[key] != .null }

    public func int(_ key: String, default value: Int? = nil, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = values[key], raw != .null else {
            if let value { return value }
            throw ProtocolError.invalidParams("\(key) is required", field: key)
        }
        guard let v = raw.intValue, range.contains(v) else {
            throw ProtocolError.invalidParams("\(key) must be an integer between \(range.lowerBound) and \(range.upperBound)", field: key)
        }
        return v
    }

    public func double(_ key: String, default value: Double? = nil) throws -> Double {
        guard let raw = values[key], raw != .null else {
            if let value { return value }
            throw ProtocolError.invalidParams("\(key) is required", field: key)
        }
        guard let v = raw.doubleValue, v.isFinite else { throw ProtocolError.invalidParams("\(key) must be a number", field: key) }
        return v
    }

    public func string(_ key: String, maxLength: Int = 1 << 20) throws -> String {
        guard let raw = values[key], raw != .null else { throw ProtocolError.invalidParams("\(key) is required", field: key) }
        guard let v = raw.stringValue else { throw ProtocolError.invalidParams("\(key) must be a string", field: key) }
        guard v.utf8.count <= maxLength else {
            throw ProtocolError.invalidParams("\(key) is longer than \(maxLength) bytes", field: key)
        }
        return v
    }

    public func optionalString(_ key: String, maxLength: Int = 1 << 20) throws -> String? {
        contains(key) ? try string(key, maxLength: maxLength) : nil
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let raw = values[key], raw != .null else { return value }
        guard let v = raw.boolValue else { throw ProtocolError.invalidParams("\(key) must be true or false", field: key) }
        return v
    }

    public func object(_ key: String) throws -> [String: JSONValue] {
        guard let raw = values[key], raw != .null else { throw ProtocolError.invalidParams("\(key) is required", field: key) }
        guard let v = raw.objectValue else { throw ProtocolError.invalidParams("\(key) must be an object", field: key) }
        return v
    }
}
