import Testing
@testable import Server

@Suite struct HitTableTests {
    @Test func xrdHitsShowPatternScoreAndMatchedPeaks() {
        let hits: [JSONValue] = [
            ["id": "amcsd:0000003", "formula": "PbS", "name": "Galena", "space_group": "F m -3 m", "score": 0.81234,
             "confidence": 0.97, "pattern_score": 0.9991, "matched_peaks": 4, "query_peaks": 4],
            ["id": "amcsd:0000143", "formula": "Fe2O3", "name": "Hematite", "space_group": "R -3 c", "score": 0.5,
             "confidence": 0.01, "pattern_score": 0.2, "matched_peaks": 1, "query_peaks": 4],
        ]
        let lines = HitTable.render(hits).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("#  score  conf  id") && lines[0].hasSuffix("pattern  peaks"))
        #expect(lines[1].contains("Galena") && lines[1].contains("0.812") && lines[1].hasSuffix("0.999    4/4"))
        #expect(lines[2].hasSuffix("0.2      1/4"))
        // Columns align: every row puts "amcsd:" at the same offset.
        let offsets = lines.dropFirst().map { $0.range(of: "amcsd:")!.lowerBound.utf16Offset(in: $0) }
        #expect(Set(offsets).count == 1 && lines[0].range(of: "id")!.lowerBound.utf16Offset(in: lines[0]) == offsets[0])
    }

    @Test func otherHitsHaveNoXRDColumns() {
        let table = HitTable.render([["id": "a", "formula": "NaCl", "score": 0.5, "confidence": 0.4]])
        #expect(!table.contains("pattern") && !table.contains("peaks"))
        #expect(table.split(separator: "\n").last == "1  0.5    0.4   a   NaCl")
    }

    @Test func micrographHitsShowLatticeScoreAndZoneAxis() {
        let table = HitTable.render([
            ["id": "amcsd:0000100", "formula": "MnCO3", "name": "Rhodochrosite", "score": 0.31, "confidence": 0.77,
             "lattice_score": 0.99951, "zone_axis": [0, 0, 1]],
        ])
        let lines = table.split(separator: "\n")
        #expect(lines[0].hasSuffix("lattice  zone") && !lines[0].contains("pattern"))
        #expect(lines[1].hasSuffix("1.0      [0 0 1]"), "\(lines[1])")
    }
}
