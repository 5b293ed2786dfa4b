/// Asymmetric-unit sites and their symmetry expansion, following pymatgen's `CifParser`:
/// - atoms at symmetry-equivalent positions (within `siteTolerance`) join one site with several
///   occupants (a disordered site) before expansion;
/// - each site is expanded by every operation, wrapped into [0, 1), and images closer than
///   `siteTolerance` (per fractional coordinate, modulo 1) to an earlier image of a site with the
///   same occupants are dropped;
/// - zero-occupancy rows are skipped; a site whose occupancies sum above 1 is scaled to 1 (pymatgen
///   refuses such a file by default; both are recorded as warnings here).
extension CIFCrystalBuilder {
    /// One asymmetric-unit site after merging.
    struct AsymmetricSite {
        var coord: SIMD3<Double>
        var occupants: [Occupant]
        var label: String?
    }

    mutating func readAsymmetricSites(operations: [SymmetryOperation]) throws -> [AsymmetricSite] {
        let xs = try column("_atom_site_fract_x", required: true)!
        let ys = try column("_atom_site_fract_y", required: true)!
        let zs = try column("_atom_site_fract_z", required: true)!
        let labels = try column("_atom_site_label", required: false)
        let types = try column("_atom_site_type_symbol", required: false)
        let occupancies = try column("_atom_site_occupancy", required: false)
        let n = xs.count
        for (tag, c) in [("_atom_site_fract_y", ys), ("_atom_site_fract_z", zs), ("_atom_site_label", labels),
                         ("_atom_site_type_symbol", types), ("_atom_site_occupancy", occupancies)]
        where c != nil && c!.count != n {
            throw CIFError(.inconsistentLoop, line: c!.first?.line ?? block.line, token: tag, block: block.name)
        }
        let oxidationByType = readOxidationNumbers()

        var sites: [AsymmetricSite] = []
        var snapped = 0
        for row in 0..<n {
            let label = labels.map { $0[row] }
            let type = types.map { $0[row] }
            guard let species = try species(type: type, label: label, oxidationByType: oxidationByType) else { continue }
            let occupancy = try occupancy(occupancies?[row], species: species)
            guard occupancy > 0 else {
                warn("site \(label?.text ?? species.description) with occupancy \(occupancy) skipped",
                     line: xs[row].line)
                continue
            }
            var coord = SIMD3(try CIFBlock.number(xs[row], tag: "_atom_site_fract_x", block: block.name),
                              try CIFBlock.number(ys[row], tag: "_atom_site_fract_y", block: block.name),
                              try CIFBlock.number(zs[row], tag: "_atom_site_fract_z", block: block.name))
            // Fractional coordinates far outside the cell are typos; bounding them keeps every
            // symmetry image finite.
            for (i, v) in [xs[row], ys[row], zs[row]].enumerated() where Swift.abs(coord[i]) > 1e6 {
                throw CIFError(.invalidNumber, line: v.line, token: v.text, block: block.name)
            }
            for i in 0..<3 {
                for ideal in [1.0 / 3, 2.0 / 3] where coord[i] != ideal
                    && Swift.abs(coord[i] / ideal - 1) <= options.fractionTolerance {
                    coord[i] = ideal
                    snapped += 1
                }
            }
            let occupant = Occupant(species, occupancy: occupancy)
            if let match = matchingSite(coord, in: sites, operations: operations) {
                if let k = sites[match].occupants.firstIndex(where: { $0.species == species }) {
                    sites[match].occupants[k].occupancy += occupancy
                } else {
                    sites[match].occupants.append(occupant)
                }
            } else {
                sites.append(AsymmetricSite(coord: coord, occupants: [occupant], label: label?.text))
            }
        }
        if snapped > 0 { warn("\(snapped) fractional coordinates rounded to 1/3 or 2/3") }
        guard !sites.isEmpty else {
            throw CIFError(.noSites, line: xs.first?.line ?? block.line, token: "_atom_site_fract_x", block: block.name)
        }
        return sites
    }

    private func column(_ tag: String, required: Bool) throws -> [CIFValue]? {
        if let c = block.column(tag) { return c }
        if required { throw CIFError(.missingTag, line: block.line, token: tag, block: block.name) }
        return nil
    }

    /// `_atom_type_symbol` → `_atom_type_oxidation_number`, when the block has that loop.
    private func readOxidationNumbers() -> [String: Double] {
        guard let symbols = block.column("_atom_type_symbol"),
              let numbers = block.column("_atom_type_oxidation_number"), symbols.count == numbers.count else { return [:] }
        var map: [String: Double] = [:]
        for (s, n) in zip(symbols, numbers) { map[s.text] = CIFNumber.parse(n.text) }
        return map
    }

    /// The species of a row from its type symbol, else its label; `nil` for labels that name no
    /// element (`OH…`, as pymatgen).
    private mutating func species(type: CIFValue?, label: CIFValue?, oxidationByType: [String: Double]) throws -> Species? {
        let usable = { (v: CIFValue?) -> CIFValue? in
            guard let v, !v.isUnknown, !v.isInapplicable, !v.text.isEmpty else { return nil }
            return v
        }
        guard let source = usable(type) ?? usable(label) else {
            throw CIFError(.unknownElement, line: (type ?? label)?.line ?? block.line,
                           token: (type ?? label)?.text ?? "_atom_site_type_symbol", block: block.name)
        }
        let isType = usable(type) != nil
        switch CIFSymbol.parse(source.text, readCharge: isType) {
        case .element(let element, let charge):
            if !CIFSymbol.isPlain(source.text, element: element) && !(isType && charge != nil) {
                warn("\(source.text) read as \(element.symbol)", line: source.line)
            }
            return Species(element, oxidationState: (isType ? oxidationByType[source.text] : nil) ?? charge)
        case .none:
            warn("\(source.text) names no element: site skipped (as pymatgen)", line: source.line)
            return nil
        case .unknown:
            throw CIFError(.unknownElement, line: source.line, token: source.text, block: block.name)
        case .beyondTable:
            throw CIFError(.unsupportedElement, line: source.line, token: source.text, block: block.name)
        }
    }

    /// Occupancy of a row: 1 when absent or `?`; `.` is 0 (as pymatgen).
    private func occupancy(_ v: CIFValue?, species: Species) throws -> Double {
        guard let v, !v.isUnknown else { return 1 }
        if v.isInapplicable { return 0 }
        return try CIFBlock.number(v, tag: "_atom_site_occupancy", block: block.name)
    }

    /// Index of an earlier asymmetric site that some operation maps `coord` onto.
    private func matchingSite(_ coord: SIMD3<Double>, in sites: [AsymmetricSite], operations: [SymmetryOperation]) -> Int? {
        guard !sites.isEmpty else { return nil }
        for op in operations {
            let image = op.apply(coord)
            if let k = sites.firstIndex(where: { samePosition($0.coord, image) }) { return k }
        }
        return nil
    }

    @inline(__always)
    func samePosition(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Bool {
        let d = a - b
        let r = d - d.rounded(.toNearestOrEven)
        let tol = options.siteTolerance
        return Swift.abs(r.x) < tol && Swift.abs(r.y) < tol && Swift.abs(r.z) < tol
    }

    /// All images of the asymmetric sites, duplicates merged.
    func expand(_ asymmetric: [AsymmetricSite], operations: [SymmetryOperation]) -> [Site] {
        // Sites with equal occupants share one duplicate check (pymatgen groups by composition).
        var groupOf: [Int] = []
        var groupRepresentatives: [[Occupant]] = []
        for site in asymmetric {
            if let g = groupRepresentatives.firstIndex(where: { Self.sameOccupants($0, site.occupants) }) {
                groupOf.append(g)
            } else {
                groupOf.append(groupRepresentatives.count)
                groupRepresentatives.append(site.occupants)
            }
        }
        var grid = PositionGrid(tolerance: options.siteTolerance)
        var sites: [Site] = []
        sites.reserveCapacity(asymmetric.count * operations.count)
        for (k, site) in asymmetric.enumerated() {
            for op in operations {
                let p = op.apply(site.coord)
                var wrapped = p - p.rounded(.down)
                for i in 0..<3 where wrapped[i] >= 1 { wrapped[i] = 0 }
                if grid.contains(wrapped, group: groupOf[k], sites: sites, same: samePosition) { continue }
                grid.insert(wrapped, index: sites.count, group: groupOf[k])
                sites.append(Site(occupants: site.occupants, fracCoords: wrapped, label: site.label))
            }
        }
        return sites
    }

    static func sameOccupants(_ a: [Occupant], _ b: [Occupant]) -> Bool {
        guard a.count == b.count else { return false }
        return a.allSatisfy { x in
            b.contains { $0.species == x.species && Swift.abs($0.occupancy - x.occupancy) <= 1e-8 }
        }
    }

    /// Scales sites whose occupancies sum above 1 down to 1, with one warning.
    mutating func scaleOverfullSites(_ sites: inout [Site]) {
        var largest = 0.0
        for i in sites.indices {
            let total = sites[i].totalOccupancy
            guard total > 1 + 1e-9 else { continue }
            largest = Swift.max(largest, total)
            for j in sites[i].occupants.indices { sites[i].occupants[j].occupancy /= total }
        }
        if largest > 0 { warn("site occupancies summing up to \(largest) scaled to 1") }
    }
}

/// A hash grid over the unit cube for duplicate checks in O(1) per image.
struct PositionGrid {
    private let cellsPerAxis: Int
    private var buckets: [Int: [(index: Int, group: Int)]] = [:]

    init(tolerance: Double) {
        // Cells no smaller than the tolerance, so a match lies in the same or a neighbouring cell.
        cellsPerAxis = Swift.max(1, Swift.min(1024, Int(1 / Swift.max(tolerance, 1e-9) / 2)))
    }

    private func cell(_ p: SIMD3<Double>) -> SIMD3<Int> {
        let n = Double(cellsPerAxis)
        return SIMD3(Int((p.x * n).rounded(.down)), Int((p.y * n).rounded(.down)), Int((p.z * n).rounded(.down)))
    }

    private func key(_ c: SIMD3<Int>) -> Int {
        let n = cellsPerAxis
        func wrap(_ v: Int) -> Int { ((v % n) + n) % n }
        return (wrap(c.x) * n + wrap(c.y)) * n + wrap(c.z)
    }

    mutating func insert(_ p: SIMD3<Double>, index: Int, group: Int) {
        buckets[key(cell(p)), default: []].append((index, group))
    }

    func contains(_ p: SIMD3<Double>, group: Int, sites: [Site],
                  same: (SIMD3<Double>, SIMD3<Double>) -> Bool) -> Bool {
        let c = cell(p)
        for dx in -1...1 {
            for dy in -1...1 {
                for dz in -1...1 {
                    guard let bucket = buckets[key(c &+ SIMD3(dx, dy, dz))] else { continue }
                    for entry in bucket where entry.group == group && same(sites[entry.index].fracCoords, p) {
                        return true
                    }
                }
            }
        }
        return false
    }
}
