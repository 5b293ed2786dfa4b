import Foundation
import Testing
@testable import Chemistry

/// Space groups by symbol or number, for CIFs without an operation list. Reference orders are the
/// International Tables' (P1: 1, P2₁/c: 4, R-3m hexagonal axes: 36, Fm-3m: 192).
struct CIFSpaceGroupTests {
    @Test func everySettingClosesToItsOrder() {
        // Each stored generator set must generate exactly the recorded number of operations
        // (recorded by the generator script from pymatgen's lists).
        var failures: [String] = []
        for (symbol, setting) in SpaceGroupTable.settings where SpaceGroupTable.group(setting) == nil {
            failures.append(symbol)
        }
        #expect(failures.isEmpty, "settings that do not close: \(failures.prefix(10))")
        #expect(SpaceGroupTable.settings.count > 1000)
    }

    @Test func ordersOfKnownGroups() {
        #expect(SpaceGroupTable.operations(symbol: "P 1")?.count == 1)
        #expect(SpaceGroupTable.operations(symbol: "P 21/c")?.count == 4)
        #expect(SpaceGroupTable.operations(symbol: "P 1 21/c 1")?.count == 4)
        #expect(SpaceGroupTable.operations(symbol: "R -3 m")?.count == 36)
        #expect(SpaceGroupTable.operations(symbol: "F m -3 m")?.count == 192)
        #expect(SpaceGroupTable.operations(symbol: "F m 3 m")?.count == 192, "old cubic notation")
        #expect(SpaceGroupTable.operations(number: 225)?.count == 192)
        #expect(SpaceGroupTable.operations(number: 14)?.count == 4)
        #expect(SpaceGroupTable.operations(number: 231) == nil)
        #expect(SpaceGroupTable.operations(symbol: "Q 42") == nil)
        #expect(SpaceGroupTable.number(symbol: "P b n m") == 62)
    }

    static func cif(symmetry: String) -> String {
        """
        data_nosym
        _cell_length_a 5.64 _cell_length_b 5.64 _cell_length_c 5.64
        _cell_angle_alpha 90 _cell_angle_beta 90 _cell_angle_gamma 90
        \(symmetry)
        loop_
        _atom_site_label _atom_site_fract_x _atom_site_fract_y _atom_site_fract_z
        Na1 0 0 0
        Cl1 0.5 0.5 0.5
        """
    }

    @Test func symbolOrNumberReplaceAMissingOperationList() throws {
        // Rock salt: Fm-3m from the symbol, or from the number alone, gives the 8-site cell.
        let bySymbol = try Crystal.parseCIFReportingWarnings(Self.cif(symmetry: "_symmetry_space_group_name_H-M 'F m -3 m'"))
        #expect(bySymbol.crystals.first?.sites.count == 8)
        #expect(bySymbol.crystals.first?.spaceGroupNumber == 225)
        #expect(bySymbol.warnings.contains { $0.message.contains("F m -3 m") })
        let byNumber = try Crystal(cif: Self.cif(symmetry: "_space_group_IT_number 225"))
        #expect(byNumber.sites.count == 8)
        let none = try Crystal(cif: Self.cif(symmetry: "_symmetry_space_group_name_H-M 'Q 9'"))
        #expect(none.sites.count == 2, "unknown symbol: P1, with a warning")
    }

    @Test func fixturesParseTheSameFromTheirSymbol() throws {
        // AMCSD fixtures in standard settings give pymatgen's site count from the H-M symbol alone
        // (the operation list deleted). Files in other origin choices are excluded by construction:
        // only those whose symbol's group equals the listed operations (as sets) are compared.
        var compared = 0
        for name in CIFParityTests.names where name.hasPrefix("amcsd-") {
            let text = try ChemistryFixtures.text("cif/" + name)
            let block = try #require(CIFDocument(parsing: text).blocks.first)
            guard let symbol = block.value("_symmetry_space_group_name_H-M")?.text,
                  let fromSymbol = SpaceGroupTable.operations(symbol: symbol),
                  let listed = block.column("_space_group_symop_operation_xyz")?.compactMap({ SymmetryOperation(xyz: $0.text) }),
                  Set(fromSymbol.compactMap(SpaceGroupTable.ExactOperation.init))
                    == Set(listed.compactMap(SpaceGroupTable.ExactOperation.init)) else { continue }
            let stripped = CIFSpaceGroupTests.removingOperations(text)
            let crystal = try Crystal(cif: stripped)
            #expect(crystal.sites.count == CIFParityTests.answers[name]?.sites.count, "\(name) from \(symbol)")
            compared += 1
        }
        #expect(compared >= 10)
    }

    static func removingOperations(_ text: String) -> String {
        var out: [Substring] = []
        var skipping = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if line == "loop_", i + 1 < lines.count, lines[i + 1] == "_space_group_symop_operation_xyz" {
                skipping = true
                continue
            }
            if skipping && (line.hasPrefix("loop_") || (line.hasPrefix("_") && line != "_space_group_symop_operation_xyz")) {
                skipping = false
            }
            if !skipping { out.append(line) }
        }
        return out.joined(separator: "\n")
    }
}
