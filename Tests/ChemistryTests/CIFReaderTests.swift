import Foundation
import Testing
@testable import Chemistry

/// The CIF layers one by one: tokens, blocks and loops, numbers, symmetry operations, symbols,
/// expansion, and the P1 writer's round trip. Hand-written inputs; expected values worked by hand.
struct CIFReaderTests {
    // MARK: Syntax

    @Test func tokenizerHandlesQuotesTextFieldsAndComments() throws {
        let text = """
            # a comment
            data_test
            _name 'O'Neill H St C'   # the closing quote needs whitespace after it
            _other "a 'quoted' b"
            _title
            ;
             First line
            second line
            ;
            _hash_inside 'C #1'
            _unknown ?
            _inapplicable .
            _quoted_unknown '?'
            """
        let block = try #require(CIFDocument(parsing: text).blocks.first)
        #expect(block.name == "test")
        #expect(block.value("_name")?.text == "O'Neill H St C")
        #expect(block.value("_other")?.text == "a 'quoted' b")
        #expect(block.value("_title")?.text == "First line\nsecond line")
        #expect(block.value("_title")?.line == 6)
        #expect(block.value("_hash_inside")?.text == "C #1")
        #expect(block.value("_unknown")?.isUnknown == true)
        #expect(block.value("_inapplicable")?.isInapplicable == true)
        #expect(block.value("_quoted_unknown")?.isUnknown == false)
        #expect(block.value("_NAME")?.text == "O'Neill H St C", "tags are case-insensitive")
    }

    @Test func byteOrderMarkAndWindowsLineEndings() throws {
        let text = "\u{FEFF}data_bom\r\n_a 1\r\n_b\r\n;\r\ntext\r\n;\r\n"
        let block = try #require(CIFDocument(parsing: text).blocks.first)
        #expect(block.name == "bom")
        #expect(block.value("_a")?.text == "1")
        #expect(block.value("_b")?.text == "text")
    }

    @Test func loopsBlocksAndSaveFrames() throws {
        let text = """
            data_one
            loop_
            _a _b
            1 2
            3 4
            save_frame
            _inner 5
            save_
            LOOP_
            _c
            x y z
            data_two
            _d 6
            """
        let document = try CIFDocument(parsing: text)
        #expect(document.blocks.map(\.name) == ["one", "two"])
        let one = document.blocks[0]
        #expect(one.loops.count == 2)
        #expect(one.column("_a")?.map(\.text) == ["1", "3"])
        #expect(one.column("_b")?.map(\.text) == ["2", "4"])
        #expect(one.column("_c")?.map(\.text) == ["x", "y", "z"])
        #expect(one.loop(containing: "_b")?.rowCount == 2)
        #expect(one.saveFrames.first?.value("_inner")?.text == "5")
        #expect(document.blocks[1].value("_d")?.text == "6")
    }

    @Test func numbersWithUncertainties() {
        #expect(CIFNumber.parse("0.1234(5)") == 0.1234)
        #expect(CIFNumber.parse("5.93") == 5.93)
        #expect(CIFNumber.parse("-.5") == -0.5)
        #expect(CIFNumber.parse("1.2e-3") == 0.0012)
        #expect(CIFNumber.parse("12(3") == 12, "a missing ')' is tolerated, as pymatgen does")
        #expect(CIFNumber.parse("90.") == 90)
        for bad in ["?", ".", "", "abc", "1.2.3", "nan", "inf", "0x10", "1e", "1(a)", "--1", "1,5"] {
            #expect(CIFNumber.parse(bad) == nil, "\(bad)")
        }
    }

    // MARK: Symmetry operations

    @Test func symmetryOperationsParse() throws {
        let f = SIMD3(0.1, 0.2, 0.3)
        let cases: [(String, SIMD3<Double>)] = [
            ("x,y,z", SIMD3(0.1, 0.2, 0.3)),
            ("-y+1/2, x-y, z+0.25", SIMD3(0.3, -0.1, 0.55)),
            ("1/2+x,1/2-y,-z", SIMD3(0.6, 0.3, -0.3)),
            ("2/3+x-y, 1/3+x, 1/3-z", SIMD3(2.0 / 3 - 0.1, 1.0 / 3 + 0.1, 1.0 / 3 - 0.3)),
            ("X, -Y, 2z", SIMD3(0.1, -0.2, 0.6)),
            ("+x, +y, +z-1", SIMD3(0.1, 0.2, -0.7)),
        ]
        for (text, expected) in cases {
            let op = try #require(SymmetryOperation(xyz: text), "\(text)")
            let d = op.apply(f) - expected
            // Exact up to rounding: 1e-12.
            #expect(Swift.max(Swift.abs(d.x), Swift.abs(d.y), Swift.abs(d.z)) < 1e-12, "\(text)")
        }
        for bad in ["x,y", "x,y,z,w", "x,y,q", "x+,y,z", "x,,z", "x y z", "1/0+x,y,z", "x*y,y,z", ""] {
            #expect(SymmetryOperation(xyz: bad) == nil, "\(bad)")
        }
        #expect(SymmetryOperation(xyz: "-y+1/2, x-y, z+1/4")?.description == "-y+1/2, x-y, z+1/4")
    }

    // MARK: Symbols

    @Test func symbolsFollowPymatgen() {
        func parsed(_ s: String, charge: Bool = false) -> CIFSymbol.Parsed { CIFSymbol.parse(s, readCharge: charge) }
        let fe = Element(symbol: "Fe")!, o = Element(symbol: "O")!, h = Element(symbol: "H")!
        #expect(parsed("Fe2+", charge: true) == .element(fe, oxidationState: 2))
        #expect(parsed("O2-", charge: true) == .element(o, oxidationState: -2))
        #expect(parsed("Na+", charge: true) == .element(Element(symbol: "Na")!, oxidationState: 1))
        #expect(parsed("FE1") == .element(fe, oxidationState: nil))
        #expect(parsed("O2") == .element(o, oxidationState: nil), "a label's digits are not a charge")
        #expect(parsed("Wat") == .element(o, oxidationState: nil))
        #expect(parsed("Ow3") == .element(o, oxidationState: nil))
        #expect(parsed("Hw1") == .element(h, oxidationState: nil))
        #expect(parsed("D1") == .element(h, oxidationState: nil), "deuterium read as hydrogen")
        #expect(parsed("OH1") == .none, "pymatgen drops OH labels")
        #expect(parsed("O-H3") == .element(o, oxidationState: nil))
        #expect(parsed("Xx2") == .unknown)
        #expect(parsed("Cm1") == .beyondTable("Cm"), "curium is refused, not read as carbon")
        #expect(parsed("NH4") == .element(Element(symbol: "N")!, oxidationState: nil), "pymatgen: Nh")
        #expect(parsed("?") == .unknown)
    }

    // MARK: Crystal building

    static let rocksalt = """
        data_NaCl
        _cell_length_a 5.64(1)
        _cell_length_b 5.64
        _cell_length_c 5.64
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'F m -3 m'
        _symmetry_Int_Tables_number 225
        loop_
        _symmetry_equiv_pos_as_xyz
        x,y,z  x,1/2+y,1/2+z  1/2+x,y,1/2+z  1/2+x,1/2+y,z
        -x,-y,-z  -x,1/2-y,1/2-z  1/2-x,-y,1/2-z  1/2-x,1/2-y,-z
        loop_
        _atom_site_label _atom_site_type_symbol _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
        Na1 Na+ 0 0 0
        Cl1 Cl- 0.5 0.5 0.5
        """

    @Test func rocksaltExpandsToEightSites() throws {
        let crystal = try Crystal(cif: Self.rocksalt)
        #expect(crystal.sites.count == 8)
        #expect(crystal.spaceGroupSymbol == "F m -3 m")
        #expect(crystal.spaceGroupNumber == 225)
        #expect(crystal.title == "NaCl")
        #expect(crystal.sites.filter { $0.occupants[0].species.oxidationState == 1 }.count == 4)
        #expect(crystal.sites.allSatisfy { s in (0..<3).allSatisfy { s.fracCoords[$0] >= 0 && s.fracCoords[$0] < 1 } })
        // Density of NaCl at a = 5.64 Å: 4 × 58.443 Da / 179.406 Å³ × 1.66054 = 2.1637 g/cm³ (to 1e-3).
        #expect(Swift.abs(crystal.density - 2.1637) < 1e-3)
    }

    @Test func speciesSharingAPositionBecomeOneSite() throws {
        let text = """
            data_mixed
            _cell_length_a 4 _cell_length_b 4 _cell_length_c 4
            _cell_angle_alpha 90 _cell_angle_beta 90 _cell_angle_gamma 90
            loop_
            _space_group_symop_operation_xyz
            'x, y, z'
            '-x, -y, -z'
            loop_
            _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z _atom_site_occupancy
            Fe1 0.1 0.2 0.3 0.6
            Mg1 -0.1 -0.2 -0.3 0.4
            O1 0 0 0 1
            O2 0.5 0.5 0.5 .
            """
        let result = try Crystal.parseCIFReportingWarnings(text)
        let crystal = try #require(result.crystals.first)
        // Mg1 is the inversion image of Fe1: one mixed site, two images; O1 on the centre: one site;
        // O2 has occupancy "." (0, as pymatgen) and is skipped.
        #expect(crystal.sites.count == 3)
        let mixed = crystal.sites.filter { $0.occupants.count == 2 }
        #expect(mixed.count == 2)
        #expect(mixed.allSatisfy { Swift.abs($0.totalOccupancy - 1) < 1e-12 })
        #expect(result.warnings.contains { $0.message.contains("occupancy 0") })
    }

    @Test func overfullSitesAreScaledWithAWarning() throws {
        let text = """
            data_over
            _cell_length_a 3 _cell_length_b 3 _cell_length_c 3
            _cell_angle_alpha 90 _cell_angle_beta 90 _cell_angle_gamma 90
            loop_
            _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z _atom_site_occupancy
            Cu1 0 0 0 0.8
            Au1 0 0 0 0.4
            """
        let result = try Crystal.parseCIFReportingWarnings(text)
        let site = try #require(result.crystals.first?.sites.first)
        #expect(Swift.abs(site.totalOccupancy - 1) < 1e-12)
        #expect(Swift.abs(site.occupants[0].occupancy - 2.0 / 3) < 1e-12)
        #expect(result.warnings.contains { $0.message.contains("scaled") })
        #expect(result.warnings.contains { $0.message.contains("P1") }, "no operations: identity, with a warning")
    }

    @Test func coordinatesNearThirdsSnap() throws {
        let text = """
            data_hex
            _cell_length_a 3 _cell_length_b 3 _cell_length_c 5
            _cell_angle_alpha 90 _cell_angle_beta 90 _cell_angle_gamma 120
            loop_
            _symmetry_equiv_pos_as_xyz
            'x,y,z' '-y,x-y,z' '-x+y,-x,z'
            loop_
            _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
            C1 0.3333 0.6667 0
            """
        // 0.3333 → 1/3 and 0.6667 → 2/3 (pymatgen's frac_tolerance); the 3-fold axis then maps the
        // site onto itself: one site, not three.
        let crystal = try Crystal(cif: text)
        #expect(crystal.sites.count == 1)
        #expect(crystal.sites[0].fracCoords == SIMD3(1.0 / 3, 2.0 / 3, 0))
    }

    @Test func severalBlocksGiveSeveralCrystals() throws {
        let two = Self.rocksalt + "\n" + Self.rocksalt.replacingOccurrences(of: "data_NaCl", with: "data_second")
        let crystals = try Crystal.parseCIF("data_meta\n_journal_year 2020\n" + two)
        #expect(crystals.map(\.title) == ["NaCl", "second"])
    }

    // MARK: Writer

    @Test func writerRoundTripsFixtures() throws {
        for name in ["amcsd-09835.cif", "amcsd-12723.cif", "amcsd-14707.cif", "mp-style-13208.cif"] {
            let original = try Crystal(cif: ChemistryFixtures.text("cif/" + name))
            let text = original.cifString()
            let again = try Crystal(cif: text)
            #expect(again.sites.count == original.sites.count, "\(name)")
            // The writer prints shortest round-trip decimals: parameters back within 1e-9 Å / degrees.
            let dl = again.lattice.lengths - original.lattice.lengths
            let da = again.lattice.angles - original.lattice.angles
            #expect(Swift.max(Swift.abs(dl.x), Swift.abs(dl.y), Swift.abs(dl.z)) < 1e-9, "\(name)")
            #expect(Swift.max(Swift.abs(da.x), Swift.abs(da.y), Swift.abs(da.z)) < 1e-9, "\(name)")
            for (a, b) in zip(original.sites, again.sites) {
                #expect(a.fracCoords == b.fracCoords, "\(name)")
                #expect(a.occupants == b.occupants, "\(name)")
            }
        }
    }
}
