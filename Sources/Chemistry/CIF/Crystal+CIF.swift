/// Tolerances of the CIF crystal builder (pymatgen's `CifParser` defaults).
public struct CIFReadingOptions: Hashable, Sendable {
    /// Two positions closer than this in every fractional coordinate (modulo 1) are one site
    /// (pymatgen's `site_tolerance`).
    public var siteTolerance: Double = 1e-4
    /// Coordinates within this relative distance of 1/3 or 2/3 snap to it before symmetry
    /// expansion (pymatgen's `frac_tolerance`).
    public var fractionTolerance: Double = 1e-4

    public init(siteTolerance: Double = 1e-4, fractionTolerance: Double = 1e-4) {
        self.siteTolerance = siteTolerance
        self.fractionTolerance = fractionTolerance
    }
}

/// The crystals of a CIF and the repairs made while reading it.
public struct CIFReadResult: Sendable {
    /// One crystal per data block that describes a structure, in file order.
    public var crystals: [Crystal]
    /// Repairs and oddities, for example occupancies scaled down or a block that failed while
    /// others succeeded.
    public var warnings: [CIFWarning]
}

extension Crystal {
    /// All crystals of a CIF (one per structure block), symmetry-expanded to the full
    /// conventional cell given by the file, with disordered sites as several occupants.
    /// - Throws: `CIFError` naming the line and tag or token when the text is not a CIF or no
    ///   block yields a crystal.
    public static func parseCIF(_ text: String) throws -> [Crystal] {
        try parseCIFReportingWarnings(text).crystals
    }

    /// As `parseCIF(_:)`, also returning the warnings. A block that fails while another succeeds
    /// becomes a warning; when none succeeds the first block's error is thrown.
    public static func parseCIFReportingWarnings(_ text: String, options: CIFReadingOptions = .init()) throws
        -> CIFReadResult
    {
        let document = try CIFDocument(parsing: text)
        var warnings = document.warnings
        var crystals: [Crystal] = []
        var firstError: CIFError?
        var sawCellOnly: CIFBlock?
        for block in document.blocks {
            guard CIFCrystalBuilder.describesSites(block) else {
                if sawCellOnly == nil && block.contains("_cell_length_a") { sawCellOnly = block }
                continue
            }
            do {
                var builder = CIFCrystalBuilder(block: block, options: options)
                crystals.append(try builder.build())
                warnings += builder.warnings
            } catch let error as CIFError {
                if firstError == nil { firstError = error }
                warnings.append(CIFWarning("no structure read: \(error)", line: error.line, block: block.name))
            }
        }
        if crystals.isEmpty {
            if let firstError { throw firstError }
            if let block = sawCellOnly {
                throw CIFError(.missingTag, line: block.line, token: "_atom_site_fract_x", block: block.name)
            }
            throw CIFError(.noStructure, line: document.blocks.first?.line, token: nil,
                           block: document.blocks.first?.name)
        }
        return CIFReadResult(crystals: crystals, warnings: warnings)
    }

    /// The first crystal of a CIF.
    /// - Throws: `CIFError` as `parseCIF(_:)`.
    public init(cif text: String) throws {
        guard let first = try Crystal.parseCIF(text).first else { throw CIFError(.noStructure) }
        self = first
    }
}

/// Builds one crystal from one block: cell, symmetry operations, asymmetric sites, expansion.
struct CIFCrystalBuilder {
    let block: CIFBlock
    let options: CIFReadingOptions
    var warnings: [CIFWarning] = []

    init(block: CIFBlock, options: CIFReadingOptions) {
        self.block = block
        self.options = options
    }

    static func describesSites(_ block: CIFBlock) -> Bool {
        block.contains("_atom_site_fract_x") || block.contains("_atom_site_label")
            || block.contains("_atom_site_type_symbol")
    }

    mutating func warn(_ message: String, line: Int? = nil) {
        warnings.append(CIFWarning(message, line: line ?? block.line, block: block.name))
    }

    private func error(_ kind: CIFError.Kind, _ value: CIFValue?, token: String? = nil) -> CIFError {
        CIFError(kind, line: value?.line ?? block.line, token: token ?? value?.text, block: block.name)
    }

    mutating func build() throws -> Crystal {
        let lattice = try readLattice()
        let operations = try readSymmetryOperations()
        let asymmetric = try readAsymmetricSites(operations: operations)
        var sites = expand(asymmetric, operations: operations)
        scaleOverfullSites(&sites)
        return Crystal(lattice: lattice, sites: sites, spaceGroupSymbol: spaceGroupSymbol(),
                       spaceGroupNumber: spaceGroupNumber(), title: block.name)
    }

    // MARK: Cell

    private func readLattice() throws -> Lattice {
        let tags = ["_cell_length_a", "_cell_length_b", "_cell_length_c",
                    "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"]
        var p: [Double] = []
        for tag in tags {
            guard let v = block.value(tag) else { throw error(.missingTag, nil, token: tag) }
            p.append(try CIFBlock.number(v, tag: tag, block: block.name))
        }
        let bad = (0..<6).first { $0 < 3 ? p[$0] <= 0 : (p[$0] <= 0 || p[$0] >= 180) }
        if let bad { throw error(.invalidCell, block.value(tags[bad])) }
        let lattice = Lattice(a: p[0], b: p[1], c: p[2], alpha: p[3], beta: p[4], gamma: p[5])
        // As pymatgen: refuse cells thinner than 0.01 Å along any axis (d(100), d(010), d(001)),
        // which also catches angle triples that make no cell.
        let volume = lattice.volume
        guard volume.isFinite, volume > 0,
              lattice.reciprocal.vectors.allSatisfy({ 1 / norm($0) >= 0.01 }) else {
            throw error(.invalidCell, block.value("_cell_angle_alpha"), token: "_cell_angle_alpha")
        }
        return lattice
    }

    // MARK: Symmetry

    private static let operationTags = [
        "_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz", "_space_group_symop.operation_xyz",
    ]

    private mutating func readSymmetryOperations() throws -> [SymmetryOperation] {
        for tag in Self.operationTags {
            guard let column = block.column(tag), !column.isEmpty else { continue }
            if block.loop(containing: tag) == nil { warn("a one-line symmetry list read as one operation") }
            var operations: [SymmetryOperation] = []
            operations.reserveCapacity(column.count)
            for v in column {
                // Rotation entries of real operations are small integers; bounding them keeps
                // images finite whatever the input.
                guard let op = SymmetryOperation(xyz: v.text),
                      op.rotation.allSatisfy({ row in (0..<3).allSatisfy { Swift.abs(row[$0]) <= 16 } }),
                      (0..<3).allSatisfy({ Swift.abs(op.translation[$0]) <= 16 }) else {
                    throw error(.invalidSymmetryOperation, v)
                }
                operations.append(op)
            }
            return operations
        }
        // As pymatgen: the operations of the named space group, else of the numbered one, else P1.
        for tag in Self.symbolTags {
            if let v = block.value(tag), !v.isUnknown, !v.isInapplicable,
               let operations = SpaceGroupTable.operations(symbol: v.text) {
                warn("no symmetry operations given: those of \(v.text) used", line: v.line)
                return operations
            }
        }
        for tag in Self.numberTags {
            if let v = block.value(tag), let x = CIFNumber.parse(v.text), x == x.rounded(), x >= 1, x <= 230,
               let operations = SpaceGroupTable.operations(number: Int(x)) {
                warn("no symmetry operations given: those of space group \(Int(x)) used", line: v.line)
                return operations
            }
        }
        warn("no symmetry operations given: sites taken as given (P1)")
        return [.identity]
    }

    private static let symbolTags = [
        "_symmetry_space_group_name_h-m", "_symmetry_space_group_name_h_m", "_space_group_name_h-m_alt",
        "_space_group.name_h-m_alt",
    ]
    private static let numberTags = ["_space_group_it_number", "_symmetry_int_tables_number", "_space_group.it_number"]

    private func spaceGroupSymbol() -> String? {
        for tag in Self.symbolTags {
            if let v = block.value(tag), !v.isUnknown, !v.isInapplicable, !v.text.isEmpty { return v.text }
        }
        return nil
    }

    private func spaceGroupNumber() -> Int? {
        for tag in Self.numberTags {
            if let v = block.value(tag), let x = CIFNumber.parse(v.text), x == x.rounded(), x >= 1, x <= 230 {
                return Int(x)
            }
        }
        return spaceGroupSymbol().flatMap(SpaceGroupTable.number(symbol:))
    }
}
