import Foundation
import Testing
@testable import Chemistry

/// Bad CIFs give a typed `CIFError` naming the line and the tag or token (issue 2, "Bad input").
struct CIFErrorTests {
    static let good = """
        data_x
        _cell_length_a 4.0
        _cell_length_b 4.0
        _cell_length_c 4.0
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        loop_
        _symmetry_equiv_pos_as_xyz
        'x, y, z'
        '-x, -y, -z'
        loop_
        _atom_site_label
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        Fe1 0.1 0.2 0.3
        O1 0.5 0.5 0.5
        """

    /// The error of parsing `text`, or nil when it parses.
    func error(_ text: String) -> CIFError? {
        do {
            _ = try Crystal.parseCIF(text)
            return nil
        } catch let e as CIFError {
            return e
        } catch {
            Issue.record("not a CIFError: \(error)")
            return nil
        }
    }

    func replacing(_ old: String, _ new: String) -> String {
        Self.good.replacingOccurrences(of: old, with: new)
    }

    @Test func goodInputParses() throws {
        #expect(try Crystal.parseCIF(Self.good).first?.sites.count == 3)
    }

    @Test func emptyAndGarbage() {
        #expect(error("")?.kind == .empty)
        #expect(error("   \n# only a comment\n")?.kind == .empty)
        let garbage = error("hello world\nthis is not a CIF")
        #expect(garbage?.kind == .noDataBlock)
        #expect(garbage?.line == 1)
        #expect(error("data_empty\n")?.kind == .noStructure)
    }

    @Test func truncatedInput() throws {
        // Cut inside a text field: the field's opening line is named.
        let field = error("data_t\n_publ_section_title\n;\n The crystal structure of")
        #expect(field?.kind == .unterminatedTextField)
        #expect(field?.line == 3)
        // Cut in the atom loop: 4 tags, 6 values.
        let cut = String(Self.good.dropLast(8))
        let loop = try #require(error(cut))
        #expect(loop.kind == .loopValueCount(tags: 4, values: 6))
        #expect(loop.line == 12)
        #expect(loop.token == "_atom_site_label")
        // Cut after a tag.
        let tag = error("data_t\n_cell_length_a")
        #expect(tag?.kind == .missingValue)
        #expect(tag?.token == "_cell_length_a")
    }

    @Test func unknownElementNamesTheLabel() {
        let e = error(replacing("Fe1 0.1", "Xx2 0.1"))
        #expect(e?.kind == .unknownElement)
        #expect(e?.token == "Xx2")
        #expect(e?.line == 17)
        #expect(e?.block == "x")
    }

    @Test func elementsBeyondTheTable() {
        let e = error(replacing("Fe1 0.1", "Cm1 0.1"))
        #expect(e?.kind == .unsupportedElement)
        #expect(e?.token == "Cm1")
        #expect(e?.line == 17)
    }

    @Test func missingCell() {
        let e = error(replacing("_cell_length_b 4.0\n", ""))
        #expect(e?.kind == .missingTag)
        #expect(e?.token == "_cell_length_b")
    }

    @Test func impossibleCells() {
        #expect(error(replacing("_cell_length_a 4.0", "_cell_length_a -4.0"))?.kind == .invalidCell)
        let angle = error(replacing("_cell_angle_beta 90", "_cell_angle_beta 180"))
        #expect(angle?.kind == .invalidCell)
        #expect(angle?.token == "180")
        #expect(angle?.line == 6)
        // α + β < γ: no cell has these angles.
        let flat = replacing("_cell_angle_alpha 90", "_cell_angle_alpha 20")
            .replacingOccurrences(of: "_cell_angle_beta 90", with: "_cell_angle_beta 20")
            .replacingOccurrences(of: "_cell_angle_gamma 90", with: "_cell_angle_gamma 120")
        #expect(error(flat)?.kind == .invalidCell)
    }

    @Test func malformedSymmetryOperation() {
        let e = error(replacing("'-x, -y, -z'", "'-x, -q, -z'"))
        #expect(e?.kind == .invalidSymmetryOperation)
        #expect(e?.token == "-x, -q, -z")
        #expect(e?.line == 11)
    }

    @Test func badNumbers() {
        let e = error(replacing("0.1 0.2 0.3", "0.1 0.2x 0.3"))
        #expect(e?.kind == .invalidNumber)
        #expect(e?.token == "0.2x")
        #expect(e?.line == 17)
        let cell = error(replacing("_cell_length_c 4.0", "_cell_length_c ?"))
        #expect(cell?.kind == .invalidNumber)
        #expect(cell?.line == 4)
        #expect(error(replacing("0.1 0.2 0.3", "0.1 0.2 nan"))?.kind == .invalidNumber)
    }

    @Test func loopWithoutTagsAndSaveFrames() {
        #expect(error("data_t\nloop_\n1 2 3\n")?.kind == .loopWithoutTags)
        #expect(error("data_t\nsave_a\n_x 1\n")?.kind == .unbalancedSaveFrame)
        #expect(error("data_t\nsave_\n")?.kind == .unbalancedSaveFrame)
    }

    @Test func cellWithoutSites() {
        let cellOnly = Self.good.components(separatedBy: "loop_")[0]
        let e = error(cellOnly)
        #expect(e?.kind == .missingTag)
        #expect(e?.token == "_atom_site_fract_x")
    }

    @Test func errorsDescribeThemselves() throws {
        let e = try #require(error(replacing("Fe1 0.1", "Xx2 0.1")))
        #expect(e.description.contains("line 17"))
        #expect(e.description.contains("Xx2"))
    }
}
