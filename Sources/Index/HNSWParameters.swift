import Foundation

/// How vectors are held for graph traversal.
public enum VectorQuantization: String, Sendable, Codable {
    /// Traverse with f32 vectors.
    case none
    /// Traverse with int8 codes (a quarter of the memory traffic), then re-rank the candidates
    /// with the f32 vectors.
    case int8
}

/// The parameters of a hierarchical navigable small world graph (Malkov & Yashunin 2018).
public struct HNSWParameters: Sendable, Equatable {
    /// Vector dimension.
    public var dimension: Int
    /// Links per node on the upper levels; level 0 keeps `2 * m`.
    public var m: Int
    /// Candidate-list size while inserting (higher: better graph, slower build).
    public var efConstruction: Int
    /// Default candidate-list size while searching (raised to `k` when smaller).
    public var efSearch: Int
    /// Storage used for traversal.
    public var quantization: VectorQuantization
    /// Seed of the level generator (builds are reproducible for a given insertion order).
    public var seed: UInt64

    /// Creates parameters; `m` ≥ 2, `efConstruction` ≥ 1, `efSearch` ≥ 1, `dimension` ≥ 1.
    public init(dimension: Int, m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64,
                quantization: VectorQuantization = .none, seed: UInt64 = 0x5EED) {
        precondition(dimension >= 1 && m >= 2 && efConstruction >= 1 && efSearch >= 1)
        self.dimension = dimension
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.quantization = quantization
        self.seed = seed
    }

    /// Links kept on level 0.
    var maxLinks0: Int { 2 * m }
    /// The level multiplier 1/ln(M).
    var levelMultiplier: Double { 1 / Foundation.log(Double(m)) }
}

/// A small, fast, seedable generator (SplitMix64) for node levels.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
