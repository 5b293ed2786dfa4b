import Chemistry

extension MaterialRecord {
    /// The structure, parsed from the record's CIF by Chemistry's reader (symmetry expanded, partial
    /// occupancies kept).
    /// - Throws: `CIFError` from `Crystal(cif:)` (for example an element beyond Z = 94).
    public func crystal() throws -> Crystal {
        try Crystal(cif: cif)
    }
}

extension MaterialRecord {
    /// The composition of AMCSD's formula (`Pb S`, `(Ni1.05 Co1.95) P2 O8`), hydrogen included —
    /// the formula of the paper, not of the located atoms (see `structureFormula`).
    /// - Throws: `FormulaError` from Chemistry's formula parser.
    public func composition() throws -> Composition {
        try Composition(parsing: formula)
    }
}
