extension XRDCalculator {
    /// Merges reflections into peaks the way pymatgen does: 2θ (degrees) rounded half-to-even to
    /// a multiple of `twoThetaTolerance` is the merge key; intensities add; the first reflection of
    /// a bin (descending h, k, l) gives the peak's 2θ and d; peaks at or below
    /// `scaledIntensityTolerance` of the strongest are dropped; the rest are scaled to 100.
    ///
    /// pymatgen orders a bin by ascending |g| first; reflections of one bin have the same |g| to
    /// within rounding, so ordering them by indices alone gives the same peaks and a
    /// deterministic family order.
    static func mergePeaks(_ reflections: [Reflection], hexagonal: Bool) -> [XRDPeak] {
        guard !reflections.isEmpty else { return [] }
        struct Entry { var key: Int; var h: Int32, k: Int32, l: Int32; var index: Int32 }
        var entries = reflections.enumerated().map { i, r in
            Entry(key: Int((r.twoTheta / twoThetaTolerance).rounded(.toNearestOrEven)), h: r.h, k: r.k, l: r.l,
                  index: Int32(i))
        }
        entries.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            if a.h != b.h { return a.h > b.h }
            if a.k != b.k { return a.k > b.k }
            return a.l > b.l
        }
        // Runs of equal keys are the bins.
        var bins: [Range<Int>] = []
        var sums: [Double] = []
        var start = 0, sum = 0.0
        for p in entries.indices {
            sum += reflections[Int(entries[p].index)].intensity
            if p + 1 == entries.count || entries[p + 1].key != entries[start].key {
                bins.append(start..<(p + 1))
                sums.append(sum)
                (start, sum) = (p + 1, 0)
            }
        }
        let maxIntensity = sums.max() ?? 0
        guard maxIntensity > 0, maxIntensity.isFinite else { return [] }
        var peaks: [XRDPeak] = []
        for (bin, sum) in zip(bins, sums) where sum / maxIntensity * 100 > scaledIntensityTolerance {
            let first = reflections[Int(entries[bin.lowerBound].index)]
            let members = entries[bin].map { SIMD3<Int32>($0.h, $0.k, $0.l) }
            peaks.append(XRDPeak(twoTheta: first.twoTheta, intensity: sum / maxIntensity * 100,
                                 dSpacing: 1 / first.g, families: families(of: members, hexagonal: hexagonal)))
        }
        return peaks
    }

    /// pymatgen's `get_unique_families` over the reflections of one peak and their Friedel mates:
    /// indices whose absolute values are permutations of each other form one family, represented
    /// by its lexicographically largest member, listed in order of first appearance.
    static func families(of members: [SIMD3<Int32>], hexagonal: Bool) -> [HKLFamily] {
        // Indices as (h, k, l, 0) or (h, k, i, l); keys are the sorted absolute values.
        var keys: [SIMD4<Int32>] = [], representatives: [SIMD4<Int32>] = [], counts: [Int] = []
        func add(_ idx: SIMD4<Int32>) {
            let key = sorted4(SIMD4(Swift.abs(idx[0]), Swift.abs(idx[1]), Swift.abs(idx[2]), Swift.abs(idx[3])))
            if let f = keys.firstIndex(of: key) {
                counts[f] += 1
                if precedes(representatives[f], idx) { representatives[f] = idx }
            } else {
                keys.append(key)
                representatives.append(idx)
                counts.append(1)
            }
        }
        for m in members {
            let (h, k, l) = (m.x, m.y, m.z)
            if hexagonal {
                add(SIMD4(h, k, -h - k, l))
                add(SIMD4(-h, -k, h + k, -l))
            } else {
                add(SIMD4(h, k, l, 0))
                add(SIMD4(-h, -k, -l, 0))
            }
        }
        let width = hexagonal ? 4 : 3
        return zip(representatives, counts).map { rep, count in
            HKLFamily(indices: (0..<width).map { Int(rep[$0]) }, multiplicity: count)
        }
    }

    /// The four lanes in ascending order (a sorting network, no allocation).
    private static func sorted4(_ v: SIMD4<Int32>) -> SIMD4<Int32> {
        var v = v
        func swap(_ i: Int, _ j: Int) { if v[i] > v[j] { (v[i], v[j]) = (v[j], v[i]) } }
        swap(0, 1); swap(2, 3); swap(0, 2); swap(1, 3); swap(1, 2)
        return v
    }

    /// Lexicographic a < b.
    private static func precedes(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>) -> Bool {
        for i in 0..<4 where a[i] != b[i] { return a[i] < b[i] }
        return false
    }
}
