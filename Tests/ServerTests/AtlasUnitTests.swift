import Foundation
import Testing
@testable import Server

/// The pure pieces of the service layer: calibration files, the CIF prompt, peak matching, fusion,
/// and durability of an acknowledged upsert across a reopen.
@Suite struct AtlasUnitTests {
    @Test func calibrationReadsPlattFileAndFallsBack() throws {
        let dir = URL(fileURLWithPath: AtlasFixture.temporaryDirectory())
        #expect(try Calibration.load(modelDirectory: dir) == .fallback)
        try Data(#"{"method":"platt","a":10,"b":-6,"margin":2,"ood_threshold":0.42,"per_modality":{"text":{"a":5,"b":-2}}}"#.utf8)
            .write(to: dir.appendingPathComponent("calibration.json"))
        let c = try Calibration.load(modelDirectory: dir)
        #expect(c.isFitted)
        // σ(10·0.7 + 2·0.1 − 6) = σ(1.2) = 0.76852 (hand computation, 1e-5).
        #expect(Swift.abs(c.model(for: ["crystal"]).probability(score: 0.7, margin: 0.1) - 0.768525) < 1e-5)
        #expect(c.model(for: ["crystal"]).oodThreshold == 0.42)
        #expect(c.model(for: ["text"]).scoreWeight == 5)
        #expect(c.model(for: ["text", "composition"]).scoreWeight == 10)
        try Data("not json".utf8).write(to: dir.appendingPathComponent("calibration.json"))
        #expect(throws: ProtocolError.self) { try Calibration.load(modelDirectory: dir) }
        // The fallback is monotone in the score and 0.5 at 0.6.
        let f = Calibration.fallback.global
        #expect(Swift.abs(f.probability(score: 0.6, margin: 0) - 0.5) < 1e-12)
        #expect(f.probability(score: 0.9, margin: 0) > f.probability(score: 0.5, margin: 0))
    }

    /// The cache returns exactly what the parser returns, keeps nothing for invalid JSON, and stays
    /// within its capacity (starting over when full).
    @Test func parsedPayloadCacheMatchesTheParserAndIsBounded() throws {
        let cache = PayloadCache<JSONValue>(capacity: 3)
        let texts = [#"{"space_group_symbol":"F m 3 m","n":[1,2]}"#, #"{"title":"A","year":1990}"#, "[]", "7", #""s""#]
        for t in texts + texts { #expect(cache.value(t) == (try JSONParser().parse(t))) }
        #expect(cache.count <= 3)
        #expect(cache.value("{not json") == nil)
        #expect(cache.value("") == nil)
    }

    @Test func cifPromptTakesSpaceGroupAndCellLines() {
        let cif = "data_global\n_cell_length_a 5.93\n_cell_length_b 5.93\n_cell_length_c 5.93\n_cell_angle_alpha 90.0\n"
            + "_cell_angle_beta 90.0\n_cell_angle_gamma 90.0\n_cell_volume 208.5\n_symmetry_space_group_name_H-M 'F m 3 m'\nloop_\n"
        #expect(Atlas.cifPrompt(formula: "Pb S", exemplarCIF: cif) == """
            data_PbS
            _symmetry_space_group_name_H-M 'F m 3 m'
            _cell_length_a 5.93
            _cell_length_b 5.93
            _cell_length_c 5.93
            _cell_angle_alpha 90.0
            _cell_angle_beta 90.0
            _cell_angle_gamma 90.0

            """)
        #expect(Atlas.cifPrompt(formula: "NaCl", exemplarCIF: "data_x\n_space_group_name_H-M_alt 'F m -3 m'\n")
            == "data_NaCl\n_symmetry_space_group_name_H-M 'F m -3 m'\n")
        #expect(Atlas.cifPrompt(formula: "NaCl", exemplarCIF: nil) == "data_NaCl\n")
    }

    @Test func peakMatcherConvertsWavelengthsThroughDSpacing() {
        let m = PeakMatcher()
        // Halite 200 reflection: d = 2.82 Å → 2θ = 31.70° at Cu Kα (1.54184 Å), 14.51° at Mo Kα (0.71073 Å)
        // (Bragg's law; tolerance 0.3° as the matcher's).
        let hit = [PeakMatcher.Peak(twoTheta: 31.70, intensity: 100), PeakMatcher.Peak(twoTheta: 45.45, intensity: 55)]
        let query = m.queryPeaks(twoTheta: [14.51, 30.0], intensity: [100, 50], isProfile: false)
        let e = m.explain(query: query, queryWavelength: 0.71073, hitPeaks: hit, hitWavelength: 1.54184)
        #expect(e["matched_peaks"]?.intValue == 1)
        #expect(e["unmatched_peaks"] == [30.0])
        // A profile is reduced to its local maxima; peaks under 5% of the strongest are ignored.
        let profile = m.queryPeaks(twoTheta: [10, 11, 12, 13, 14, 15, 16], intensity: [0, 5, 100, 5, 0, 3, 0], isProfile: true)
        #expect(profile.map(\.twoTheta) == [12])
    }

    @Test func fusionWeightsAndNormalises() {
        let v = Atlas.fuse([([1, 0], 3), ([0, 1], 4)])
        // (3, 4)/5 exactly (float32, 1e-6).
        #expect(v.map { Swift.abs($0[0] - 0.6) < 1e-6 && Swift.abs($0[1] - 0.8) < 1e-6 } == true)
        #expect(Atlas.fuse([([1, 0], 1), ([-1, 0], 1)]) == nil)
        #expect(Atlas.fuse([]) == nil)
    }

    @Test func acknowledgedUpsertSurvivesReopen() throws {
        let directory = AtlasFixture.temporaryDirectory()
        let bundle = try AtlasFixture.bundle()
        do {
            let atlas = Atlas(bundle: bundle, store: try VectorStoreOpener.open(directory: directory, dimension: bundle.dimension))
            _ = try atlas.upsert(Parameters(["id": "test:durable", "composition": "Fe2O3", "text": "red iron oxide"]))
        }
        let reopened = Atlas(bundle: bundle, store: try VectorStoreOpener.open(directory: directory, dimension: bundle.dimension))
        let got = try reopened.get(Parameters(["id": "test:durable"]))
        #expect(got["formula"]?.stringValue == "Fe2O3")
        #expect(got["descriptions"]?.arrayValue?.first?["text"]?.stringValue == "red iron oxide")
    }

    @Test func wireFormsOfACrystalAgree() throws {
        let wire = WireInput()
        // Rock salt NaCl three ways: a POSCAR and a JSON lattice must give the same composition.
        let poscar = try wire.crystal(["poscar": "NaCl\n1.0\n5.64 0 0\n0 5.64 0\n0 0 5.64\nNa Cl\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n"], field: "c")
        let json = try wire.crystal(["lattice": [[5.64, 0, 0], [0, 5.64, 0], [0, 0, 5.64]], "species": ["Na", "Cl"],
                                     "frac_coords": [[0, 0, 0], [0.5, 0.5, 0.5]]], field: "c")
        #expect(poscar.composition.reducedFormula == json.composition.reducedFormula)
        #expect(Swift.abs(poscar.lattice.volume - json.lattice.volume) < 1e-9)
        // Two species at one position share a site (partial occupancy).
        let mixed = try wire.crystal(["lattice": [[3, 0, 0], [0, 3, 0], [0, 0, 3]], "species": ["Fe", "Ni"],
                                      "frac_coords": [[0, 0, 0], [1, 0, 0]], "occupancies": [0.5, 0.5]], field: "c")
        #expect(mixed.sites.count == 1 && mixed.sites[0].occupants.count == 2)
        #expect(throws: ProtocolError.self) {
            try wire.crystal(["lattice": [[3, 0, 0], [0, 3, 0], [0, 0, 3]], "species": ["Fe", "Ni"],
                              "frac_coords": [[0, 0, 0], [0, 0, 0]], "occupancies": [0.8, 0.8]], field: "c")
        }
    }
}
