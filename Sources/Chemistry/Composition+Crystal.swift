extension Crystal {
    /// The cell's content, occupancy-weighted: a site half Fe, half Mg adds 0.5 Fe and 0.5 Mg.
    /// Oxidation states are dropped (`Fe2+` and `Fe3+` both count as Fe).
    public var composition: Composition {
        var amounts: [Element: Double] = [:]
        for site in sites {
            for occupant in site.occupants { amounts[occupant.element, default: 0] += occupant.occupancy }
        }
        return Composition(amounts)
    }
}
