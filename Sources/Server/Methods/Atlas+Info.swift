import Encoders
import Foundation
import Index

extension Atlas {
    /// `info` → model, dimension, modalities, properties (name, units), counts, index parameters, calibration.
    func info() -> JSONValue {
        let s = store.statistics
        return .object([
            "model": .string(modelName),
            "dimension": .number(Double(bundle.dimension)),
            "modalities": .array(bundle.config.modalities.map { .string($0.rawValue) }),
            "properties": .array(propertySpecs.map { .object(["name": .string($0.name), "units": .string($0.units)]) }),
            "materials": .number(Double(s.count)),
            "index": .object([
                "kind": "hnsw", "m": .number(Double(s.parameters.m)),
                "ef_construction": .number(Double(s.parameters.efConstruction)),
                "ef_search": .number(Double(s.parameters.efSearch)),
                "quantization": .string(s.parameters.quantization.rawValue),
                "metric": "inner product on unit vectors",
            ]),
            "calibration": .string(calibration.source),
            "limits": .object(["k": [1, 1000], "crystal_sites": .number(Double(wire.maxSites)),
                               "micrograph_pixels": .number(Double(wire.maxPixels)),
                               "text_bytes": .number(Double(wire.maxTextBytes))]),
        ])
    }

    /// `stats` → uptime, totals, per-method count/errors/p50/p99 (last 2048 requests each), store statistics.
    func stats() -> JSONValue {
        let m = metrics.snapshot()
        let s = store.statistics
        return .object([
            "uptime_s": .number(Atlas.milliseconds(since: started) / 1000),
            "requests": .number(Double(m.requests)),
            "errors": .number(Double(m.errors)),
            "methods": .object(m.methods),
            "store": .object([
                "materials": .number(Double(s.count)), "tombstones": .number(Double(s.tombstones)),
                "slots": .number(Double(s.slots)), "approximate_bytes": .number(Double(s.approximateBytes)),
                "sequence": .number(Double(s.sequence)),
            ]),
        ])
    }

    /// `embed {modality, input, encoding: json|base64}` → `{modality, dimension, vector | vector_base64}`
    /// (base64 of little-endian IEEE-754 float32).
    func embedMethod(_ p: Parameters) throws -> JSONValue {
        let name = try p.string("modality", maxLength: 32)
        guard let modality = Modality(rawValue: name) else {
            throw ProtocolError.invalidParams("modality must be one of " + Modality.allCases.map(\.rawValue).joined(separator: ", "),
                                              field: "modality")
        }
        guard let input = p["input"], !input.isNull else { throw ProtocolError.invalidParams("input is required", field: "input") }
        let encoding = try p.optionalString("encoding", maxLength: 16) ?? "json"
        guard encoding == "json" || encoding == "base64" else {
            throw ProtocolError.invalidParams("encoding must be \"json\" or \"base64\"", field: "encoding")
        }
        let v = try embed(modality, input, field: "input")
        var o: [String: JSONValue] = ["modality": .string(name), "dimension": .number(Double(v.count))]
        if encoding == "json" { o["vector"] = Atlas.jsonVector(v) } else { o["vector_base64"] = .string(Atlas.base64(v)) }
        return .object(o)
    }

    static func jsonVector(_ v: [Float]) -> JSONValue { .array(v.map { .number(Double($0)) }) }

    /// Little-endian float32 bytes, base64.
    static func base64(_ v: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(v.count * 4)
        for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
    }
}
