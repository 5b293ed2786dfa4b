import Chemistry
import Encoders
import Foundation
import Index

/// The service behind every method: a model bundle (the encoders), a vector store (index + catalog)
/// and the calibration of scores. Methods live in `Atlas+<Method>.swift`; `Atlas+Dispatcher.swift`
/// registers them. Thread-safe: the bundle embeds concurrently, the store searches concurrently and
/// serialises its own writes, the metrics and the parsed-payload cache take their own locks.
public final class Atlas: Sendable {
    public let bundle: ModelBundle
    public let store: VectorStore
    public let calibration: Calibration
    /// The model's name for `info` (its directory name, or the config's name).
    public let modelName: String
    /// Wire-form parsing and its limits.
    public let wire: WireInput
    /// The simulator behind derived XRD peaks (Cu Kα, 5–90° 2θ — the range a lab diffractometer covers).
    public let xrd = XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 5...90)
    /// How many simulated peaks a record keeps (the strongest), for `matched_peaks`.
    public let storedPeakLimit = 80
    let metrics = RequestMetrics()
    /// Parsed catalog payloads and references, for rendering hits.
    let parsedPayloads = PayloadCache<JSONValue>()
    /// XRD searches re-rank the model's nearest materials by their simulated pattern (DESIGN §5).
    public let patternMatch = PatternMatch()
    /// Each stored spectrum payload's reference pattern on the model grid, for `patternMatch`
    /// (2 KB each: 16 k entries ≤ 32 MB).
    let referencePatterns = PayloadCache<[Float]>(capacity: 16_384)
    /// Micrograph searches with a pixel size re-rank the model's nearest materials by lattice (DESIGN §5).
    public let latticeMatch = LatticeMatch()
    /// Each stored crystal payload's zone-axis reflections, for `latticeMatch` (≈ 2 KB each).
    let latticeZones = PayloadCache<[LatticeMatch.Zone]>(capacity: 16_384)
    let started = ContinuousClock.now

    public init(bundle: ModelBundle, store: VectorStore, calibration: Calibration = .fallback,
                modelName: String? = nil, wire: WireInput = WireInput()) {
        precondition(bundle.dimension == store.dimension, "the store's dimension must be the model's")
        self.bundle = bundle
        self.store = store
        self.calibration = calibration
        self.modelName = modelName ?? bundle.config.name
        self.wire = wire
    }

    /// The store settings the server uses for a model of `dimension` (HNSW M=16, efConstruction 200,
    /// efSearch 96, f32 traversal).
    public static func storeConfiguration(dimension: Int, synchronousWrites: Bool = true,
                                          log: (@Sendable (String) -> Void)? = nil) -> VectorStore.Configuration {
        var c = VectorStore.Configuration(parameters: HNSWParameters(dimension: dimension, m: 16, efConstruction: 200, efSearch: 96))
        c.synchronousWrites = synchronousWrites
        if let log { c.log = log }
        return c
    }

    /// Names of the numeric properties the model knows, with units.
    public var propertySpecs: [PropertySpec] { bundle.config.properties.specs }

    // MARK: embedding

    /// The unit vector of one wire-form input; errors name `field`.
    func embed(_ modality: Modality, _ value: JSONValue, field: String) throws(ProtocolError) -> [Float] {
        guard bundle.config.modalities.contains(modality) else {
            throw ProtocolError(.unavailable, "the model has no \(modality) encoder", field: field)
        }
        let input = try wire.input(modality, value, field: field)
        return try embed(input, field: field)
    }

    func embed(_ input: ModalityInput, field: String) throws(ProtocolError) -> [Float] {
        do {
            return try bundle.embed(input)
        } catch {
            throw error.protocolError(prefix: field)
        }
    }

    /// Σ wᵢ vᵢ normalised; nil when the sum vanishes.
    static func fuse(_ parts: [([Float], Float)]) -> [Float]? {
        guard let d = parts.first?.0.count else { return nil }
        var sum = [Float](repeating: 0, count: d)
        for (v, w) in parts { for i in 0..<d { sum[i] += w * v[i] } }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 1e-12, norm.isFinite else { return nil }
        return sum.map { $0 / norm }
    }

    // MARK: filters

    /// Parses `filter` and checks that every property it names is one the catalog has.
    func parseFilter(_ text: String?, field: String = "filter") throws(ProtocolError) -> Filter? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        let filter: Filter
        do { filter = try Filter.parse(text) } catch {
            throw ProtocolError.invalidParams("\(field): \(error.description)", field: field)
        }
        let known = Set(propertySpecs.map(\.name))
        for name in Self.propertyFields(filter) where !known.contains(name) {
            throw ProtocolError.invalidParams(
                "\(field): unknown field \"\(name.prefix(64))\"; known: elements, nelements, chemical_formula_reduced, "
                + "space_group_number, crystal_system, id, name, " + known.sorted().joined(separator: ", "), field: field)
        }
        return filter
    }

    static func propertyFields(_ f: Filter) -> [String] {
        switch f {
        case .and(let a, let b), .or(let a, let b): propertyFields(a) + propertyFields(b)
        case .not(let a): propertyFields(a)
        case .compare(.property(let name), _, _): [name]
        default: []
        }
    }

    /// Milliseconds since `start`, rounded to 0.01.
    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return (ms * 100).rounded() / 100
    }
}

extension IndexError {
    /// The store's error on the wire.
    var protocolError: ProtocolError {
        switch self {
        case .invalidArgument(let field, let reason): ProtocolError.invalidParams("\(field) \(reason)", field: field)
        case .invalidVector(let field): ProtocolError(.invalidInput, "\(field): the vector is zero or not finite", field: field)
        default: ProtocolError(.internalError, "store: \(description)")
        }
    }
}

/// Runs store work, turning its errors into protocol errors.
@discardableResult
func storeCall<T>(_ body: () throws -> T) throws(ProtocolError) -> T {
    do { return try body() } catch let e as IndexError { throw e.protocolError } catch let e as ProtocolError { throw e } catch {
        throw ProtocolError(.internalError, "store: \(error)")
    }
}
