/// A species on a site: an element with an optional oxidation state (from CIF labels like `Fe2+`).
public struct Species: Hashable, Sendable, CustomStringConvertible {
    public var element: Element
    /// Formal oxidation state when the source gave one (`Fe2+` → 2, `O2-` → -2).
    public var oxidationState: Double?

    public init(_ element: Element, oxidationState: Double? = nil) {
        self.element = element
        self.oxidationState = oxidationState
    }

    public var description: String {
        guard let q = oxidationState else { return element.symbol }
        let mag = q.magnitude == q.magnitude.rounded() ? String(Int(q.magnitude)) : String(q.magnitude)
        return element.symbol + mag + (q < 0 ? "-" : "+")
    }
}

/// One species occupying a site with a fractional occupancy (0 < occupancy ≤ 1).
public struct Occupant: Hashable, Sendable {
    public var species: Species
    public var occupancy: Double

    public init(_ species: Species, occupancy: Double = 1) {
        self.species = species
        self.occupancy = occupancy
    }

    public var element: Element { species.element }
}

/// A site of a crystal: where (fractional coordinates, the source of truth) and what (one or more
/// occupants whose occupancies sum to at most 1 — a partially occupied or mixed site).
public struct Site: Hashable, Sendable {
    public var occupants: [Occupant]
    /// Fractional coordinates, not wrapped: callers wrap into [0, 1) where they need to.
    public var fracCoords: SIMD3<Double>
    /// The label the source gave the site (`Fe1`, `O2`), if any.
    public var label: String?

    public init(occupants: [Occupant], fracCoords: SIMD3<Double>, label: String? = nil) {
        self.occupants = occupants
        self.fracCoords = fracCoords
        self.label = label
    }

    /// A fully occupied single-element site.
    public init(_ element: Element, at fracCoords: SIMD3<Double>, label: String? = nil) {
        self.init(occupants: [Occupant(Species(element))], fracCoords: fracCoords, label: label)
    }

    /// Sum of occupancies (1 for an ordered site).
    public var totalOccupancy: Double { occupants.reduce(0) { $0 + $1.occupancy } }

    /// True when one species fully occupies the site.
    public var isOrdered: Bool { occupants.count == 1 && Swift.abs(occupants[0].occupancy - 1) < 1e-6 }
}

/// A periodic crystal: a lattice and the sites of one unit cell (symmetry already expanded).
public struct Crystal: Hashable, Sendable {
    public var lattice: Lattice
    public var sites: [Site]
    /// Hermann–Mauguin symbol as the source gave it (e.g. `"F m -3 m"`), if any.
    public var spaceGroupSymbol: String?
    /// International Tables space-group number 1…230, if known.
    public var spaceGroupNumber: Int?
    /// A name for the structure (CIF data block name, POSCAR comment line), if any.
    public var title: String?

    public init(lattice: Lattice, sites: [Site], spaceGroupSymbol: String? = nil,
                spaceGroupNumber: Int? = nil, title: String? = nil) {
        self.lattice = lattice
        self.sites = sites
        self.spaceGroupSymbol = spaceGroupSymbol
        self.spaceGroupNumber = spaceGroupNumber
        self.title = title
    }

    /// True when every site is fully occupied by one species.
    public var isOrdered: Bool { sites.allSatisfy(\.isOrdered) }

    /// Occupancy-weighted mass of the cell in g/mol (daltons).
    public var cellMass: Double {
        sites.reduce(0) { acc, site in
            acc + site.occupants.reduce(0) { $0 + $1.occupancy * $1.element.atomicMass }
        }
    }

    /// Density in g/cm³ (1 Da/Å³ = 1.66053907 g/cm³).
    public var density: Double { cellMass / lattice.volume * 1.66053906660 }
}
