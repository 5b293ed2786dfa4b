import Foundation

/// Why bytes are not a valid safetensors file. Offsets are byte offsets from the file start.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file ends before `needed` bytes (at `offset`).
    case truncated(offset: Int, needed: Int)
    /// The header length field is larger than the file or than the limit.
    case headerTooLarge(length: UInt64, limit: Int)
    /// The header is not the expected JSON; `field` names the JSON path when known.
    case invalidHeader(field: String, message: String)
    /// A tensor's `dtype` is not one we read (F32, F64, BF16, F16).
    case unsupportedDType(name: String, dtype: String)
    /// A tensor's `data_offsets` do not match its shape or lie outside the data section.
    case invalidOffsets(name: String, begin: Int, end: Int, expectedBytes: Int, dataBytes: Int)

    public var description: String {
        switch self {
        case .truncated(let offset, let needed): "safetensors: truncated at byte \(offset) (needed \(needed) more)"
        case .headerTooLarge(let length, let limit): "safetensors: header length \(length) exceeds \(limit)"
        case .invalidHeader(let field, let message): "safetensors: header field '\(field)': \(message)"
        case .unsupportedDType(let name, let dtype): "safetensors: tensor '\(name)' has unsupported dtype \(dtype)"
        case .invalidOffsets(let name, let begin, let end, let expected, let data):
            "safetensors: tensor '\(name)' data_offsets [\(begin), \(end)] need \(expected) bytes within \(data)"
        }
    }
}

/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// mapping each name to `{dtype, shape, data_offsets}` (plus optional string `__metadata__`), then
/// the raw little-endian tensor bytes. We write F32; we read F32, F64, F16 and BF16 (as Float32).
public enum Safetensors {
    /// A decoded file.
    public struct File {
        public var tensors: [String: Tensor]
        public var metadata: [String: String]
    }

    /// Largest header we accept (as the reference implementation: 100 MB).
    public static let headerLimit = 100_000_000

    /// The bytes of a safetensors file holding `tensors` (sorted by name, contiguous, F32).
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        let names = tensors.keys.sorted()
        var header = "{"
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            guard let t = tensors[name] else { continue }
            let bytes = t.count * 4
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        header += entries.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: headerBytes)
        for name in names {
            guard let t = tensors[name] else { continue }
            for i in 0..<t.count {
                withUnsafeBytes(of: t.data[i].bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Parses a safetensors file.
    /// - Throws: `SafetensorsError` naming the byte offset or header field at fault.
    public static func decode(_ bytes: [UInt8]) throws -> File {
        guard bytes.count >= 8 else { throw SafetensorsError.truncated(offset: bytes.count, needed: 8 - bytes.count) }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(headerLimit) else { throw SafetensorsError.headerTooLarge(length: length, limit: headerLimit) }
        let headerEnd = 8 + Int(length)
        guard headerEnd <= bytes.count else {
            throw SafetensorsError.truncated(offset: bytes.count, needed: headerEnd - bytes.count)
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw SafetensorsError.invalidHeader(field: "", message: "not JSON")
        }
        guard let object = json as? [String: Any] else {
            throw SafetensorsError.invalidHeader(field: "", message: "not a JSON object")
        }
        let dataBytes = bytes.count - headerEnd
        var file = File(tensors: [:], metadata: [:])
        for (name, value) in object {
            if name == "__metadata__" {
                guard let meta = value as? [String: Any] else {
                    throw SafetensorsError.invalidHeader(field: name, message: "not an object")
                }
                for (k, v) in meta {
                    guard let s = v as? String else {
                        throw SafetensorsError.invalidHeader(field: "\(name).\(k)", message: "not a string")
                    }
                    file.metadata[k] = s
                }
                continue
            }
            guard let entry = value as? [String: Any] else {
                throw SafetensorsError.invalidHeader(field: name, message: "not an object")
            }
            guard let dtype = entry["dtype"] as? String else {
                throw SafetensorsError.invalidHeader(field: "\(name).dtype", message: "missing or not a string")
            }
            let shape = try integers(entry["shape"], field: "\(name).shape")
            let offsets = try integers(entry["data_offsets"], field: "\(name).data_offsets")
            guard offsets.count == 2 else {
                throw SafetensorsError.invalidHeader(field: "\(name).data_offsets", message: "needs two integers")
            }
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "F64": width = 8
            case "F16", "BF16": width = 2
            default: throw SafetensorsError.unsupportedDType(name: name, dtype: dtype)
            }
            var elements = 1
            for d in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow, product <= dataBytes else {
                    throw SafetensorsError.invalidHeader(field: "\(name).shape", message: "too large for the file")
                }
                elements = product
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end, end <= dataBytes, end - begin == elements * width else {
                throw SafetensorsError.invalidOffsets(name: name, begin: begin, end: end,
                                                      expectedBytes: elements * width, dataBytes: dataBytes)
            }
            let t = Tensor(shape: shape)
            let base = headerEnd + begin
            for i in 0..<elements {
                t.data[i] = decodeScalar(bytes, at: base + i * width, dtype: dtype)
            }
            file.tensors[name] = t
        }
        return file
    }

    /// Writes `tensors` to `url`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try Data(encode(tensors, metadata: metadata)).write(to: url, options: .atomic)
    }

    /// Reads the file at `url`.
    public static func read(from url: URL) throws -> File {
        try decode([UInt8](Data(contentsOf: url)))
    }

    private static func integers(_ value: Any?, field: String) throws -> [Int] {
        guard let array = value as? [Any] else {
            throw SafetensorsError.invalidHeader(field: field, message: "missing or not an array")
        }
        return try array.map { element in
            guard let number = element as? NSNumber, case let d = number.doubleValue,
                  d >= 0, d == d.rounded(), d <= 0x1p50 else {
                throw SafetensorsError.invalidHeader(field: field, message: "not a non-negative integer")
            }
            return number.intValue
        }
    }

    private static func decodeScalar(_ b: [UInt8], at i: Int, dtype: String) -> Float {
        switch dtype {
        case "F32":
            return Float(bitPattern: UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24)
        case "F64":
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            return Float(Double(bitPattern: bits))
        case "BF16":
            return Float(bitPattern: (UInt32(b[i]) | UInt32(b[i + 1]) << 8) << 16)
        default: // F16
            return halfToFloat(UInt16(b[i]) | UInt16(b[i + 1]) << 8)
        }
    }

    /// IEEE half to single precision (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F), fraction = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Module {
    /// Writes this module's parameters as a safetensors checkpoint.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try Safetensors.write(stateDict, metadata: metadata, to: url)
    }

    /// Loads parameters from a safetensors checkpoint (see ``load(stateDict:strict:)``).
    public func load(from url: URL, strict: Bool = true) throws {
        try load(stateDict: Safetensors.read(from: url).tensors, strict: strict)
    }
}
