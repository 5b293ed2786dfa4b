import Foundation
import Testing
@testable import Chemistry

/// The STEM path from real CIFs (AMCSD entries in Fixtures/stem, see
/// `Scripts/fixtures/png_stem_examples.py`) through the CIF reader.
struct STEMCIFTests {
    static func crystal(_ name: String) throws -> Crystal {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/stem/\(name).cif")
        return try Crystal(cif: String(contentsOf: url, encoding: .utf8))
    }

    @Test func galenaFromCIFMatchesTheBuiltCell() throws {
        // AMCSD 0000003 (Ramsdell 1925: a = 5.93 Å, Fm-3m): down [001], four mixed Pb+S columns per cell, each with
        // one Pb and one S per 5.93 Å period, as for the cell built in code (tolerance 1e-6 Å).
        let p = try ZoneAxisProjection(crystal: Self.crystal("galena"), zoneAxis: [0, 0, 1])
        #expect(p.columns.count == 4)
        #expect(p.columns.allSatisfy { $0.atomicNumbers == [16, 82] && $0.amounts.allSatisfy { abs($0 - 1) < 1e-6 } })
        #expect(abs(p.repeatDistance - 5.93) < 1e-6)
    }

    @Test(arguments: [("rutile", SIMD3(0, 0, 1), 6), ("perovskite", SIMD3(0, 0, 1), 4), ("molybdenite", SIMD3(1, 0, 0), 6)])
    func examplesProjectAndRender(name: String, zone: SIMD3<Int>, columns: Int) throws {
        // Column counts per projected cell: rutile [001] 2 Ti + 4 O; CaTiO3 [001] Ca, Ti+O, O, O;
        // MoS2 [100] 2 Mo + 4 S (2H stacking, 2 layers per c).
        let sim = try STEMSimulator(crystal: Self.crystal(name), zoneAxis: zone)
        #expect(sim.projection.columns.count == columns)
        let image = try sim.render(STEMSettings(width: 64, height: 64, pixelSize: 0.2, probeFWHM: 0.9), seed: 1)
        let (lo, hi) = image.range
        #expect(lo >= 0 && hi > 0.9 && hi < 1.2)
    }
}
