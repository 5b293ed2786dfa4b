import Chemistry
import Foundation
import Imaging
import Testing
@testable import Server

/// Every method end to end over a real loopback TCP connection to a server started by the test
/// (`SharedAtlasServer`: an untrained seeded model over 16 fixture materials, so the assertions check
/// the contract — shapes, filters, exact-formula and property logic, errors — never ranking quality).
@Suite struct AtlasMethodTests {
    @Test func pingInfoAndStats() async throws {
        let c = try await SharedAtlasServer.client()
        #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
        let info = try await c.result("info")
        #expect(info["dimension"]?.intValue == 32)
        #expect(info["modalities"]?.arrayValue?.count == 6)
        #expect((info["materials"]?.intValue ?? 0) >= 16)
        #expect(info["index"]?["m"]?.intValue == 16)
        #expect(info["calibration"]?.stringValue == "fallback")
        let stats = try await c.result("stats")
        #expect((stats["requests"]?.intValue ?? 0) >= 2)
        #expect((stats["methods"]?["ping"]?["count"]?.intValue ?? 0) >= 1)
        #expect(stats["store"]?["materials"] != nil)
    }

    @Test func embedAsJSONAndBase64() async throws {
        let c = try await SharedAtlasServer.client()
        let json = try await c.result("embed", ["modality": "composition", "input": "LiFePO4"])
        let floats = json["vector"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        #expect(floats.count == 32)
        // Unit norm within 1e-4 (encoders L2-normalise in float32).
        #expect(Swift.abs(floats.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        let b64 = try await c.result("embed", ["modality": "composition", "input": ["Li": 1, "Fe": 1, "P": 1, "O": 4], "encoding": "base64"])
        let data = Data(base64Encoded: b64["vector_base64"]?.stringValue ?? "") ?? Data()
        #expect(data.count == 32 * 4)
        let bytes = [UInt8](data)
        var decoded: [Float] = []
        for i in 0..<32 {
            var bits: UInt32 = 0
            for j in 0..<4 { bits |= UInt32(bytes[4 * i + j]) << UInt32(8 * j) }
            decoded.append(Float(bitPattern: bits))
        }
        // The map form is the same composition: bit-identical vector.
        #expect(decoded.map(Double.init) == floats)
        let bad = try await c.failure("embed", ["modality": "smell", "input": "x"])
        #expect(bad.code == -32602 && bad.field == "modality")
    }

    @Test func searchByTextReturnsKHitsWithCalibrationFields() async throws {
        let c = try await SharedAtlasServer.client()
        let r = try await c.result("search", ["query": ["text": "layered oxide of titanium"], "k": 5])
        let hits = r["hits"]?.arrayValue ?? []
        #expect(hits.count == 5)
        let scores = hits.compactMap { $0["score"]?.doubleValue }
        #expect(scores == scores.sorted(by: >))
        for h in hits {
            #expect(h["id"]?.stringValue?.hasPrefix("amcsd:") == true)
            let conf = h["confidence"]?.doubleValue ?? -1
            #expect(conf >= 0 && conf <= 1)
            #expect(h["ood"]?.boolValue != nil)
            #expect(h["formula"] != nil && h["space_group"] != nil && h["references"]?.arrayValue?.isEmpty == false)
        }
        #expect(r["took_ms"]?.doubleValue != nil)
        // The same search as an inline command.
        let inline = try JSONParser().parse(try await c.ask(#"SEARCH text="layered oxide of titanium" k=5"#))
        #expect(inline["result"]?["hits"]?.arrayValue?.map { $0["id"] } == hits.map { $0["id"] })
    }

    @Test func fusedMultiModalSearchWithFilter() async throws {
        let c = try await SharedAtlasServer.client()
        let r = try await c.result("search", [
            "query": ["text": "iron oxide", "composition": "Fe2O3", "properties": ["density": 5.2],
                      "weights": ["text": 0.5, "composition": 2]],
            "filter": #"elements HAS ALL "O" AND crystal_system="trigonal""#, "k": 10,
        ])
        let hits = r["hits"]?.arrayValue ?? []
        // Trigonal oxides among the fixtures: quartz, hematite, calcite, corundum.
        #expect(Set(hits.compactMap { $0["formula"]?.stringValue }) == ["SiO2", "Fe2O3", "CaCO3", "Al2O3"])
        #expect(r["query_modalities"]?.arrayValue?.count == 3)
        let exact = try await c.result("search", ["query": ["composition": "NaCl"], "filter": #"chemical_formula_reduced="NaCl""#, "k": 3])
        #expect(exact["hits"]?.arrayValue?.map { $0["name"] } == ["Halite"])
    }

    @Test func searchByCrystalFormsAndMicrograph() async throws {
        let c = try await SharedAtlasServer.client()
        let galena = try await c.result("get", ["id": "amcsd:0000003"])
        let cif = galena["cif"]?.stringValue ?? ""
        #expect(cif.contains("_cell_length_a"))
        for crystal: JSONValue in [
            ["cif": .string(cif)],
            ["poscar": "NaCl\n1.0\n5.64 0 0\n0 5.64 0\n0 0 5.64\nNa Cl\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n"],
            ["lattice": [[4.2, 0, 0], [0, 4.2, 0], [0, 0, 4.2]], "species": ["Mg", "O", "Fe"],
             "frac_coords": [[0, 0, 0], [0.5, 0.5, 0.5], [0, 0, 0]], "occupancies": [0.9, 1, 0.1]],
        ] {
            let r = try await c.result("search", ["query": ["crystal": crystal], "k": 3])
            #expect(r["hits"]?.arrayValue?.count == 3)
        }
        let png = try AtlasFixture.pngBase64()
        let m = try await c.result("search", ["query": ["micrograph": ["png_base64": .string(png)]], "k": 2])
        #expect(m["hits"]?.arrayValue?.count == 2)
    }

    @Test func searchKeepsOnlyTheFieldsAskedFor() async throws {
        let c = try await SharedAtlasServer.client()
        let full = try await c.result("search", ["query": ["text": "rock salt"], "k": 4])
        let brief = try await c.result("search", ["query": ["text": "rock salt"], "k": 4, "fields": ["score", "formula"]])
        let fullHits = full["hits"]?.arrayValue ?? [], briefHits = brief["hits"]?.arrayValue ?? []
        #expect(briefHits.count == 4)
        for (f, b) in zip(fullHits, briefHits) {
            #expect(Set(b.objectValue?.keys.map { $0 } ?? []) == ["id", "score", "formula"])  // id always
            #expect(b["id"] == f["id"] && b["score"] == f["score"] && b["formula"] == f["formula"])
        }
        #expect(fullHits.first?["references"] != nil && fullHits.first?["properties"] != nil)
        // Asking for properties reads them.
        let props = try await c.result("search", ["query": ["text": "rock salt"], "k": 4, "fields": ["properties"]])
        #expect(props["hits"]?.arrayValue?.first?["properties"] == fullHits.first?["properties"])
    }

    @Test func micrographSearchWithPixelSizeMatchesTheLattice() async throws {
        // Galena imaged down [001] (160 px at 0.2 Å, rotated, noisy): with its pixel size the search
        // re-ranks by lattice and finds galena first with its zone axis, whatever the untrained model's
        // cosines; without one there is no lattice score.
        let c = try await SharedAtlasServer.client()
        let galena = try Crystal(cif: try await c.result("get", ["id": "amcsd:0000003"])["cif"]?.stringValue ?? "")
        var settings = STEMSettings(width: 160, height: 160, pixelSize: 0.2)
        settings.rotation = 31
        settings.dose = 20_000
        let gray = try galena.stemImage(zoneAxis: SIMD3(0, 0, 1), settings: settings, seed: 3)
        let png = Data(try PNGEncoder().encode(Image(width: gray.width, height: gray.height, gray: gray.pixels.map { $0 / (gray.pixels.max() ?? 1) })))
            .base64EncodedString()
        let r = try await c.result("search", ["query": ["micrograph": ["png_base64": .string(png), "pixel_size": 0.2]], "k": 3])
        let hits = r["hits"]?.arrayValue ?? []
        #expect(hits.count == 3)
        // Galena (its repeat refinements score alike).
        #expect(hits.first?["formula"]?.stringValue == "PbS")
        #expect((hits.first?["lattice_score"]?.doubleValue ?? 0) > 0.7)
        // Rock salt is cubic: [001], [010] and [100] project alike.
        #expect(hits.first?["zone_axis"]?.arrayValue?.compactMap(\.doubleValue).sorted() == [0, 0, 1])
        let plain = try await c.result("search", ["query": ["micrograph": ["png_base64": .string(png)]], "k": 3])
        #expect(plain["hits"]?.arrayValue?.allSatisfy { $0["lattice_score"] == nil } == true)
    }

    @Test func xrdSearchExplainsMatchedPeaks() async throws {
        let c = try await SharedAtlasServer.client()
        let galena = try await c.result("get", ["id": "amcsd:0000003"])
        // Galena's own strongest simulated peaks (Cu Kα), given at Mo Kα: every one must match after the
        // d-spacing conversion (tolerance 0.3° 2θ; reference: Bragg's law, the simulator's own peaks).
        let peaks = (galena["xrd"]?["peaks"]?.arrayValue ?? []).compactMap { p -> (Double, Double)? in
            guard let a = p.arrayValue, let t = a[0].doubleValue, let i = a[1].doubleValue, i >= 20 else { return nil }
            return (t, i)
        }
        #expect(peaks.count >= 3)
        let mo = 0.71073, cu = 1.54184
        let moPeaks: [JSONValue] = peaks.map { t, i in
            let d = cu / (2 * sin(t * .pi / 360))
            return [.number(2 * asin(mo / (2 * d)) * 180 / .pi), .number(i)]
        }
        let r = try await c.result("search", [
            "query": ["spectrum": ["kind": "xrd", "peaks": .array(moPeaks), "wavelength": .number(mo)]],
            "filter": #"id="amcsd:0000003""#, "k": 1,
        ])
        let hit = r["hits"]?.arrayValue?.first
        #expect(hit?["name"]?.stringValue == "Galena")
        #expect(hit?["matched_peaks"]?.intValue == peaks.count)
        #expect(hit?["query_peaks"]?.intValue == peaks.count)
        // A profile (x/y) query works too and explains every hit.
        let xs = stride(from: 20.0, through: 60.0, by: 0.05).map { $0 }
        let ys = xs.map { x in peaks.reduce(0.0) { $0 + $1.1 * exp(-pow((x - $1.0) / 0.1, 2)) } }
        let profile = try await c.result("search", ["query": ["spectrum": ["x": .array(xs.map { .number($0) }), "y": .array(ys.map { .number($0) })]], "k": 4])
        for h in profile["hits"]?.arrayValue ?? [] { #expect(h["matched_peaks"] != nil) }
    }

    /// Galena's own peaks in a 20° window (Cu Kα 20–40°): the re-rank by pattern puts Galena first
    /// even with the untrained test model, and hits come in `score + weight × pattern_score` order.
    @Test func xrdSearchReranksTheNearestByPattern() async throws {
        let c = try await SharedAtlasServer.client()
        let galena = try await c.result("get", ["id": "amcsd:0000003"])
        let window: [JSONValue] = (galena["xrd"]?["peaks"]?.arrayValue ?? []).filter { p in
            guard let t = p.arrayValue?.first?.doubleValue else { return false }
            return t >= 20 && t <= 40
        }
        #expect(window.count >= 2)
        let r = try await c.result("search", [
            "query": ["spectrum": ["kind": "xrd", "peaks": .array(window), "two_theta_range": [20, 40]]], "k": 5,
        ])
        let hits = r["hits"]?.arrayValue ?? []
        // Galena (its repeat refinements score alike).
        #expect(hits.first?["formula"]?.stringValue == "PbS")
        // Its own peaks against its stored peaks: the same pattern (tolerance 0.02: the stored list is rounded).
        #expect((hits.first?["pattern_score"]?.doubleValue ?? 0) > 0.98)
        let combined = hits.map { ($0["score"]?.doubleValue ?? 0) + ($0["pattern_score"]?.doubleValue ?? 0) }
        #expect(combined == combined.sorted(by: >) || zip(combined, combined.dropFirst()).allSatisfy { $0 >= $1 - 2e-4 })
    }

    @Test func conditionGivesVectorExemplarsAndPrompt() async throws {
        let c = try await SharedAtlasServer.client()
        let r = try await c.result("condition", ["text": "a wide band gap titanium oxide", "composition": "TiO2",
                                                  "properties": ["density": 4.0], "k": 3])
        #expect(r["vector"]?.arrayValue?.count == 32)
        #expect(Data(base64Encoded: r["vector_base64"]?.stringValue ?? "")?.count == 128)
        let exemplars = r["exemplars"]?.arrayValue ?? []
        #expect(exemplars.count == 3)
        #expect(exemplars.allSatisfy { $0["cif"]?.stringValue?.contains("_cell_length_a") == true })
        let prompt = r["prompt"]?.stringValue ?? ""
        #expect(prompt.hasPrefix("data_TiO2\n"))
        #expect(prompt.contains("_symmetry_space_group_name_H-M"))
        #expect(prompt.contains("_cell_length_a") && prompt.contains("_cell_angle_gamma"))
        let missing = try await c.failure("condition", ["composition": "TiO2"])
        #expect(missing.field == "text")
    }

    @Test func profileHonoursRangesAndRanksByFit() async throws {
        let c = try await SharedAtlasServer.client()
        // Fixture densities in [3.5, 4.5] g/cm³: diamond, rutile, corundum, perovskite, sphalerite, anatase, periclase.
        let r = try await c.result("profile", ["targets": ["density": [3.5, 4.5]], "k": 10])
        let hits = r["hits"]?.arrayValue ?? []
        #expect(hits.count == 7)
        for h in hits {
            let d = h["properties"]?["density"]?.doubleValue ?? 0
            #expect(d >= 3.5 && d <= 4.5)
            #expect(h["meets_all"]?.boolValue == true)
        }
        // Density 5.2: hematite (5.256) and pyrite (5.118) fit far better than any other fixture
        // (next: galena 7.621, anatase 3.894 — fit gap > 0.1, larger than the embedding tie-break's range).
        let v = try await c.result("profile", ["targets": ["density": 5.2], "k": 3])
        let top = (v["hits"]?.arrayValue ?? []).prefix(2).compactMap { $0["formula"]?.stringValue }
        #expect(Set(top) == ["Fe2O3", "FeS2"])
        let first = v["hits"]?.arrayValue?.first?["targets"]?["density"]
        #expect(first?["meets"]?.boolValue == true && first?["off_by"]?.doubleValue != nil)
        let bad = try await c.failure("profile", ["targets": ["happiness": 3]])
        #expect(bad.field == "targets.happiness")
    }

    @Test func precedentsByFormulaIdAndText() async throws {
        let c = try await SharedAtlasServer.client()
        let byFormula = try await c.result("precedents", ["formula": "PbS", "k": 3])
        let first = byFormula["materials"]?.arrayValue?.first
        #expect(first?["id"]?.stringValue == "amcsd:0000003")
        #expect(first?["relation"]?.stringValue == "same formula")
        let refs = first?["references"]?.arrayValue ?? []
        #expect(refs.first?["title"]?.stringValue == "The crystal structures of some metallic sulfides")
        #expect(refs.first?["citation"]?.stringValue?.hasPrefix("Ramsdell L S (1925) The crystal structures") == true)
        #expect(first?["records"]?.arrayValue?.first?["provenance"]?.stringValue?.contains("robocrys") == true)
        #expect(first?["provenance"]?["database"]?.stringValue == "AMCSD")
        let byID = try await c.result("precedents", ["id": "amcsd:0000789", "k": 2])
        #expect(byID["materials"]?.arrayValue?.first?["relation"]?.stringValue == "same material")
        #expect(byID["materials"]?.arrayValue?.count == 2)
        let byText = try await c.result("precedents", ["text": "tetrahedral framework silicate", "k": 4])
        #expect(byText["materials"]?.arrayValue?.count == 4)
        let both = try await c.failure("precedents", ["formula": "PbS", "text": "x"])
        #expect(both.code == -32602)
        let unknown = try await c.failure("precedents", ["id": "amcsd:9999999"])
        #expect(unknown.code == -32002)
    }

    @Test func upsertBareCIFThenGetDeleteSnapshot() async throws {
        let (server, c) = try await PrivateAtlasServer.start()
        let galena = try await c.result("get", ["id": "amcsd:0000003"])
        let cif = galena["cif"]?.stringValue ?? ""
        let up = try await c.result("upsert", ["id": "test:galena-copy", "crystal": ["cif": .string(cif)]])
        #expect(up["id"]?.stringValue == "test:galena-copy")
        #expect(up["created"]?.boolValue == true)
        let got = try await c.result("get", ["id": "test:galena-copy"])
        #expect(got["formula"]?.stringValue == "PbS")
        #expect(got["elements"]?.arrayValue == ["Pb", "S"])
        #expect(got["space_group_number"]?.intValue == 225)
        // Derived density from the cell: 4 PbS in a 5.93 Å cube = 7.61 g/cm³ (AMCSD reports 7.621; 0.02 tolerance).
        #expect(Swift.abs((got["properties"]?["density"]?.doubleValue ?? 0) - 7.62) < 0.02)
        #expect((got["xrd"]?["peaks"]?.arrayValue?.count ?? 0) > 5)
        let found = try await c.result("search", ["query": ["composition": "PbS"], "filter": #"id="test:galena-copy""#, "k": 1])
        #expect(found["hits"]?.arrayValue?.first?["id"]?.stringValue == "test:galena-copy")
        let fresh = try await c.result("upsert", ["composition": "LiFePO4", "text": "olivine cathode", "properties": ["density": 1.5]])
        #expect(fresh["id"]?.stringValue?.hasPrefix("user:") == true)
        #expect(try await c.result("delete", ["id": "test:galena-copy"])["deleted"]?.intValue == 1)
        #expect(try await c.failure("get", ["id": "test:galena-copy"]).code == -32002)
        #expect(try await c.failure("delete", ["id": "test:galena-copy"]).code == -32002)
        #expect((try await c.result("snapshot")["materials"]?.intValue ?? 0) >= 17)
        _ = try await c.result("delete", ["id": fresh["id"] ?? ""])
        await server.stop()
    }

    @Test func writesNeedTheTokenWhenOneIsSet() async throws {
        let (server, c) = try await PrivateAtlasServer.start(writeToken: "s3cret")
        let denied = try await c.failure("upsert", ["id": "test:token", "composition": "NaCl"])
        #expect(denied.code == -32003 && denied.field == "token")
        #expect(try await c.failure("snapshot", [:]).code == -32003)
        _ = try await c.result("upsert", ["id": "test:token", "composition": "NaCl", "token": "s3cret"])
        _ = try await c.result("delete", ["id": "test:token", "token": "s3cret"])
        _ = try await c.result("search", ["query": ["text": "salt"], "k": 1])  // reads need no token
        await server.stop()
    }
}
