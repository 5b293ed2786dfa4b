/// An element on a graph node with its occupancy, for occupancy-weighted node embeddings.
public struct NodeOccupant: Hashable, Sendable {
    /// Atomic number Z (1…94).
    public let atomicNumber: Int32
    /// Fraction of the site this element occupies, 0 < occupancy ≤ 1.
    public let occupancy: Float

    public init(atomicNumber: Int32, occupancy: Float) {
        self.atomicNumber = atomicNumber
        self.occupancy = occupancy
    }
}

/// The periodic radius graph a crystal encoder reads (DESIGN §3): one node per site, and from each
/// node directed edges to its nearest neighbours (periodic images included) within `radius`, at most
/// `maxNeighbors` of them.
///
/// Edge `k` runs from `sources[k]` (the center) to `destinations[k]` (one of its neighbours), with
/// length `distances[k]` in Å; edges are grouped by source, nearest first, and
/// `edgeOffsets[i]..<edgeOffsets[i + 1]` are node `i`'s. A node with fewer neighbours in range has
/// fewer edges; an isolated node has none. When two neighbours tie at the `maxNeighbors` boundary the
/// lower neighbour index (then image) wins, so graphs are deterministic.
public struct CrystalGraph: Sendable {
    /// The cutoff radius in Å.
    public let radius: Double
    /// The largest number of edges leaving one node (`nil`: no limit).
    public let maxNeighbors: Int?
    /// For each node (site), its elements and occupancies; a vacancy fraction is 1 − their sum.
    public let nodeOccupants: [[NodeOccupant]]
    /// Source node of each edge (the center).
    public let sources: [Int32]
    /// Destination node of each edge (the neighbour; a node may neighbour its own image).
    public let destinations: [Int32]
    /// Edge lengths in Å.
    public let distances: [Float]
    /// Cartesian vectors source → destination image in Å, when requested.
    public let vectors: [SIMD3<Float>]?
    /// Lattice translations of each destination image (cells), when vectors were requested.
    public let images: [SIMD3<Int32>]?
    /// `edgeOffsets[i]..<edgeOffsets[i + 1]` index node `i`'s edges (count: nodes + 1).
    public let edgeOffsets: [Int32]

    /// The number of nodes (sites).
    public var nodeCount: Int { nodeOccupants.count }
    /// The number of directed edges.
    public var edgeCount: Int { sources.count }

    /// Builds the graph of `crystal`.
    /// - Parameters:
    ///   - radius: neighbour cutoff in Å (default 6).
    ///   - maxNeighbors: keep at most this many nearest neighbours per node (default 12; `nil` keeps all).
    ///   - includeVectors: also store edge vectors and images (for equivariant or direction-aware encoders).
    /// - Precondition: `radius` in (0, 100] Å; `maxNeighbors`, if given, ≥ 1.
    public init(crystal: Crystal, radius: Double = 6, maxNeighbors: Int? = 12, includeVectors: Bool = false) {
        precondition(maxNeighbors.map { $0 >= 1 } ?? true, "maxNeighbors must be at least 1")
        self.radius = radius
        self.maxNeighbors = maxNeighbors
        nodeOccupants = crystal.sites.map { site in
            site.occupants.map {
                NodeOccupant(atomicNumber: Int32($0.element.atomicNumber), occupancy: Float($0.occupancy))
            }
        }
        let list = NeighborList(crystal: crystal, cutoff: radius)
        var src: [Int32] = [], dst: [Int32] = [], dist: [Float] = []
        var vec: [SIMD3<Float>] = [], img: [SIMD3<Int32>] = []
        var offsets: [Int32] = [0]
        for i in 0..<crystal.sites.count {
            var kept = list.neighbors(of: i)
            if let m = maxNeighbors, kept.count > m { kept = kept.prefix(m) }
            for nb in kept {
                src.append(Int32(i))
                dst.append(Int32(nb.neighbor))
                dist.append(Float(nb.distance))
                if includeVectors {
                    vec.append(SIMD3<Float>(Float(nb.vector.x), Float(nb.vector.y), Float(nb.vector.z)))
                    img.append(SIMD3<Int32>(Int32(nb.image.x), Int32(nb.image.y), Int32(nb.image.z)))
                }
            }
            offsets.append(Int32(src.count))
        }
        sources = src
        destinations = dst
        distances = dist
        vectors = includeVectors ? vec : nil
        images = includeVectors ? img : nil
        edgeOffsets = offsets
    }

    /// The edge indices leaving node `i`.
    public func edges(of i: Int) -> Range<Int> { Int(edgeOffsets[i])..<Int(edgeOffsets[i + 1]) }

    /// The edge distances expanded in Gaussians, row-major `edgeCount × expansion.count`.
    public func edgeFeatures(_ expansion: GaussianExpansion) -> [Float] { expansion.expand(distances) }
}
