/// One directed neighbour pair of a periodic structure: `neighbor`'s periodic image `image` lies
/// `distance` Å from `center`.
///
/// Positions refer to the fractional coordinates exactly as given (not wrapped): the neighbour sits at
/// `lattice.cartesian(fracCoords[neighbor] + SIMD3<Double>(image))`, and `vector` is that point minus
/// `lattice.cartesian(fracCoords[center])`.
public struct Neighbor: Hashable, Sendable {
    /// Index of the site whose neighbourhood this is.
    public let center: Int
    /// Index of the neighbouring site (may equal `center` for a periodic image of it).
    public let neighbor: Int
    /// Lattice translation of the neighbour, in cells.
    public let image: SIMD3<Int>
    /// Distance in Å.
    public let distance: Double
    /// Cartesian vector from the center to the neighbour image, in Å.
    public let vector: SIMD3<Double>
}

/// All neighbours within a cutoff of every site of a periodic structure, across periodic images.
///
/// Correct for cells much smaller than the cutoff and for strongly skewed cells: the image range
/// along each axis comes from the lattice-plane spacing 1/|**b**ₖ| (reciprocal vectors), not from
/// the cell lengths. Sites are binned on a fractional grid whose bins are at least one cutoff thick
/// (when the cell allows), so the work grows linearly with the number of sites, as in ASE's
/// `neighbor_list`.
///
/// A pair closer than `coincidenceTolerance` (1e-8 Å) is not a neighbour: this drops each site
/// itself and, as pymatgen's `get_all_neighbors` does, distinct sites at the same point (split or
/// mixed sites given twice). Pairs are sorted by center, then distance, then neighbour index and image.
public struct NeighborList: Sendable {
    /// Distances below this (Å) are coincident points, not neighbours.
    public static let coincidenceTolerance = 1e-8

    /// The cutoff radius in Å (pairs with distance ≤ cutoff are included).
    public let cutoff: Double
    /// Every pair, grouped by center (see `neighbors(of:)`).
    public let pairs: [Neighbor]
    /// `pairs[offsets[i]..<offsets[i + 1]]` are the neighbours of site `i` (count: sites + 1).
    public let offsets: [Int]

    /// The neighbours of site `i`, nearest first.
    public func neighbors(of i: Int) -> ArraySlice<Neighbor> { pairs[offsets[i]..<offsets[i + 1]] }

    /// The number of sites the list was built for.
    public var siteCount: Int { offsets.count - 1 }

    /// Neighbours of the sites of `crystal` within `cutoff` Å (occupancy is ignored: every site counts).
    /// - Precondition: `cutoff` is positive and at most 100 Å.
    public init(crystal: Crystal, cutoff: Double) {
        self.init(lattice: crystal.lattice, fracCoords: crystal.sites.map(\.fracCoords), cutoff: cutoff)
    }

    /// Neighbours of points at fractional coordinates `fracCoords` in `lattice` within `cutoff` Å.
    ///
    /// A degenerate lattice (volume below 1e-6 Å³) gives no pairs; a site with a non-finite coordinate
    /// gets no neighbours and is nobody's neighbour.
    /// - Precondition: `cutoff` is positive and at most 100 Å.
    /// - Complexity: O(n · k) for n sites with k neighbours each, plus the sort of each site's list.
    public init(lattice: Lattice, fracCoords: [SIMD3<Double>], cutoff: Double) {
        precondition(cutoff > 0 && cutoff <= 100, "neighbour cutoff must be in (0, 100] Å")
        self.cutoff = cutoff
        let n = fracCoords.count
        guard n > 0, lattice.volume > 1e-6 else {
            pairs = []
            offsets = Array(repeating: 0, count: n + 1)
            return
        }
        var lists = NeighborList.search(lattice: lattice, fracCoords: fracCoords, cutoff: cutoff)
        var all: [Neighbor] = []
        var offs = [0]
        offs.reserveCapacity(n + 1)
        for i in 0..<n {
            lists[i].sort(by: NeighborList.precedes)
            all += lists[i]
            offs.append(all.count)
        }
        pairs = all
        offsets = offs
    }

    /// Nearest first; ties broken by neighbour index, then image, so the order is deterministic.
    static func precedes(_ a: Neighbor, _ b: Neighbor) -> Bool {
        if a.distance != b.distance { return a.distance < b.distance }
        if a.neighbor != b.neighbor { return a.neighbor < b.neighbor }
        if a.image.x != b.image.x { return a.image.x < b.image.x }
        if a.image.y != b.image.y { return a.image.y < b.image.y }
        return a.image.z < b.image.z
    }

    /// The binned search: per-site unsorted neighbour lists.
    private static func search(lattice: Lattice, fracCoords: [SIMD3<Double>], cutoff: Double) -> [[Neighbor]] {
        let n = fracCoords.count
        let recip = lattice.reciprocal.vectors
        // Plane spacing along each axis (Å) and bins per axis, each bin ≥ cutoff thick when possible.
        let spacing = [0, 1, 2].map { 1 / norm(recip[$0]) }
        var bins = spacing.map { Swift.max(1, Swift.min(1_000, Int(($0 / cutoff).rounded(.down)))) }
        // Keep the grid no larger than ~4 bins per site (more only wastes memory).
        while bins[0] * bins[1] * bins[2] > Swift.max(64, 4 * n) {
            let k = bins.firstIndex(of: bins.max() ?? 1) ?? 0
            bins[k] = Swift.max(1, bins[k] / 2)
        }
        // Bins to search on each side: a bin `delta` away is ≥ (|delta| − 1) bin thicknesses away.
        let reach = (0..<3).map { Int((cutoff / (spacing[$0] / Double(bins[$0]))).rounded(.down)) + 1 }

        // Wrap into [0, 1) and remember the shift, so images can be reported for the given coordinates.
        var wrapped = [SIMD3<Double>](repeating: .zero, count: n)
        var shift = [SIMD3<Int>](repeating: .zero, count: n)
        var valid = [Bool](repeating: false, count: n)
        var cell = [[Int]](repeating: [], count: bins[0] * bins[1] * bins[2])
        var binOf = [SIMD3<Int>](repeating: .zero, count: n)
        for (i, f) in fracCoords.enumerated() {
            guard f.x.isFinite, f.y.isFinite, f.z.isFinite, Swift.abs(f.x) < 1e9, Swift.abs(f.y) < 1e9,
                  Swift.abs(f.z) < 1e9 else { continue }
            let fl = SIMD3(f.x.rounded(.down), f.y.rounded(.down), f.z.rounded(.down))
            var w = f - fl
            var s = SIMD3(Int(fl.x), Int(fl.y), Int(fl.z))
            for k in 0..<3 where w[k] >= 1 { w[k] -= 1; s[k] += 1 }  // f slightly below an integer
            wrapped[i] = w
            shift[i] = s
            valid[i] = true
            let b = SIMD3((0..<3).map { Swift.min(bins[$0] - 1, Int(w[$0] * Double(bins[$0]))) })
            binOf[i] = b
            cell[(b.x * bins[1] + b.y) * bins[2] + b.z].append(i)
        }
        let cart = wrapped.map { lattice.cartesian($0) }
        let (va, vb, vc) = (lattice.vectors[0], lattice.vectors[1], lattice.vectors[2])
        let cutoff2 = cutoff * cutoff
        let tol2 = coincidenceTolerance * coincidenceTolerance

        var lists = [[Neighbor]](repeating: [], count: n)
        for i in 0..<n where valid[i] {
            let b = binOf[i]
            for dx in -reach[0]...reach[0] {
                let (wx, mx) = floorDivMod(b.x + dx, bins[0])
                for dy in -reach[1]...reach[1] {
                    let (wy, my) = floorDivMod(b.y + dy, bins[1])
                    for dz in -reach[2]...reach[2] {
                        let (wz, mz) = floorDivMod(b.z + dz, bins[2])
                        let members = cell[(wx * bins[1] + wy) * bins[2] + wz]
                        if members.isEmpty { continue }
                        let translation = Double(mx) * va + Double(my) * vb + Double(mz) * vc
                        for j in members {
                            let v = cart[j] + translation - cart[i]
                            let d2 = dot(v, v)
                            guard d2 <= cutoff2, d2 >= tol2 else { continue }
                            let image = SIMD3(mx, my, mz) &- shift[j] &+ shift[i]
                            lists[i].append(Neighbor(center: i, neighbor: j, image: image,
                                                     distance: d2.squareRoot(), vector: v))
                        }
                    }
                }
            }
        }
        return lists
    }

    /// Floor division and modulo: `a = q·m + r` with 0 ≤ r < m; returns (r, q).
    @inline(__always) private static func floorDivMod(_ a: Int, _ m: Int) -> (Int, Int) {
        var q = a / m
        var r = a % m
        if r < 0 { r += m; q -= 1 }
        return (r, q)
    }
}

extension Crystal {
    /// All neighbours of every site within `cutoff` Å, across periodic images (see `NeighborList`).
    public func neighbors(within cutoff: Double) -> NeighborList { NeighborList(crystal: self, cutoff: cutoff) }
}
