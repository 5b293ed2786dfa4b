import Foundation
import Testing
@testable import Chemistry

struct POSCARTests {
    struct Expected: Decodable {
        let lattice: [[Double]]
        let species: [String]
        let frac_coords: [[Double]]
        let comment: String
        let selective_dynamics: [[Bool]]?
    }
    struct Fixture: Decodable { let files: [String: Expected] }

    /// Each fixture POSCAR (written by pymatgen, see `Scripts/fixtures/poscar.py`) reads as pymatgen
    /// reads it: lattice within 1e-9 Å, fractional coordinates within 1e-9 (modulo 1 for Cartesian
    /// input, which pymatgen does not wrap either), same species order.
    @Test func readsLikePymatgen() throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: ChemistryFixtures.data("poscar/expected.json"))
        #expect(fixture.files.count == 6)
        for (name, want) in fixture.files {
            let poscar = try POSCAR(parsing: try ChemistryFixtures.text("poscar/" + name))
            let c = poscar.crystal
            for k in 0..<3 {
                let v = c.lattice.vectors[k]
                #expect(abs(v.x - want.lattice[k][0]) < 1e-9 && abs(v.y - want.lattice[k][1]) < 1e-9
                        && abs(v.z - want.lattice[k][2]) < 1e-9, "\(name) lattice row \(k)")
            }
            #expect(c.sites.map { $0.occupants[0].element.symbol } == want.species, "\(name)")
            for (site, f) in zip(c.sites, want.frac_coords) {
                let d = site.fracCoords - SIMD3(f[0], f[1], f[2])
                #expect(abs(d.x) < 1e-9 && abs(d.y) < 1e-9 && abs(d.z) < 1e-9, "\(name) \(site.fracCoords) vs \(f)")
            }
            #expect(c.title == want.comment)
            if let flags = want.selective_dynamics {
                #expect(poscar.selectiveDynamics?.map { [$0.x, $0.y, $0.z] } == flags, "\(name)")
            } else {
                #expect(poscar.selectiveDynamics == nil)
            }
        }
    }

    /// Writing then reading gives the same crystal (lattice and coordinates within 1e-12: 16 decimals).
    @Test func roundTrip() throws {
        for name in ["quartz_direct.vasp", "calcite_cartesian.vasp", "jagowerite_selective.vasp", "quartz_repeated.vasp"] {
            let first = try POSCAR(parsing: try ChemistryFixtures.text("poscar/" + name))
            let again = try POSCAR(parsing: first.text())
            #expect(again.crystal.title == first.crystal.title)
            #expect(again.selectiveDynamics == first.selectiveDynamics)
            #expect(again.crystal.sites.map(\.occupants) == first.crystal.sites.map(\.occupants))
            for (a, b) in zip(again.crystal.sites, first.crystal.sites) {
                let d = a.fracCoords - b.fracCoords
                #expect(abs(d.x) < 1e-12 && abs(d.y) < 1e-12 && abs(d.z) < 1e-12)
            }
            for k in 0..<3 {
                let d = again.crystal.lattice.vectors[k] - first.crystal.lattice.vectors[k]
                #expect((d * d).sum() < 1e-24)
            }
        }
        // A repeated species keeps its runs: "Si O Si" / "1 6 2".
        let text = try Crystal(poscar: try ChemistryFixtures.text("poscar/quartz_repeated.vasp")).poscarString()
        #expect(text.split(separator: "\n")[5] == "Si O Si")
        #expect(text.split(separator: "\n")[6] == "1 6 2")
    }

    @Test func writerUsesMajorityOccupantAndFormulaComment() throws {
        let fe = Element(symbol: "Fe")!, mg = Element(symbol: "Mg")!
        let c = Crystal(lattice: Lattice(a: 3, b: 3, c: 3, alpha: 90, beta: 90, gamma: 90), sites: [
            Site(occupants: [Occupant(Species(fe), occupancy: 0.3), Occupant(Species(mg), occupancy: 0.7)], fracCoords: .zero),
        ])
        let text = c.poscarString()
        #expect(text.hasPrefix("Fe0.3Mg0.7\n") || text.hasPrefix("Mg0.7Fe0.3\n"))
        #expect(try Crystal(poscar: text).sites[0].occupants[0].element == mg)
    }

    @Test func vasp4SpeciesFromComment() throws {
        let text = "Na Cl\n5.64\n1 0 0\n0 1 0\n0 0 1\n4 4\nDirect\n" +
            "0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 0 0\n0 .5 0\n0 0 .5\n.5 .5 .5\n"
        let c = try Crystal(poscar: text)
        #expect(c.sites.count == 8)
        #expect(c.composition.reducedFormula == "NaCl")
        #expect(abs(c.lattice.volume - 5.64 * 5.64 * 5.64) < 1e-9)
    }

    private func failure(_ text: String) -> POSCARError? {
        do throws(POSCARError) { _ = try POSCAR(parsing: text); return nil } catch { return error }
    }

    @Test func badInputNamesTheLine() {
        let good = "Si\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi\n2\nDirect\n0 0 0\n0.25 0.25 0.25\n"
        #expect(failure(good) == nil)
        let cases: [(String, POSCARError.Kind, Int)] = [
            ("", .truncated, 1),
            ("Si\n", .truncated, 2),
            ("Si\n\n", .invalidNumber, 2),
            ("Si\nabc\n5 0 0\n0 5 0\n0 0 5\nSi\n2\nDirect\n0 0 0\n0 0 0\n", .invalidNumber, 2),
            ("Si\n0\n5 0 0\n0 5 0\n0 0 5\nSi\n2\nDirect\n0 0 0\n0.5 0 0\n", .invalidScale, 2),
            ("Si\n1\n5 0 0\n0 5 x\n0 0 5\nSi\n2\nDirect\n0 0 0\n0.5 0 0\n", .invalidNumber, 4),
            ("Si\n1\n5 0 0\n10 0 0\n0 0 5\nSi\n2\nDirect\n0 0 0\n0.5 0 0\n", .degenerateLattice, 3),
            ("Si\n1\n5 0 0\n0 5 0\n0 0 5\nXx\n2\nDirect\n0 0 0\n0.5 0 0\n", .unknownElement, 6),
            ("Si\n1\n5 0 0\n0 5 0\n0 0 5\nSi O\n2\nDirect\n0 0 0\n0.5 0 0\n", .invalidCounts, 7),
            ("Si\n1\n5 0 0\n0 5 0\n0 0 5\nSi\n-2\nDirect\n0 0 0\n0.5 0 0\n", .invalidCounts, 7),
            ("Si\n1\n5 0 0\n0 5 0\n0 0 5\nSi\n2\nDirect\n0 0 0\n", .truncated, 10),
            ("Si\n1\n5 0 0\n0 5 0\n0 0 5\nSi\n2\nDirect\n0 0 0\n0.5 nan 0\n", .invalidNumber, 10),
            ("Si\n1\n5 0 0\n0 5 0\n0 0 5\nSi\n2\nSelective\nDirect\n0 0 0 T T T\n0.5 0 0 T X T\n", .invalidFlag, 11),
            ("hello\n1\n5 0 0\n0 5 0\n0 0 5\n2\nDirect\n0 0 0\n0.5 0 0\n", .missingSpecies, 6),
        ]
        for (text, kind, line) in cases {
            guard let e = failure(text) else { Issue.record("parsed: \(text)"); continue }
            #expect(e.kind == kind, "\(text): \(e)")
            #expect(e.line == line, "\(text): \(e)")
            #expect(e.message.hasPrefix("line \(line):"))
        }
    }

    /// Seeded fuzz: 3,000 line-level and character-level mutations of the fixtures parse or throw
    /// a POSCARError with a line inside the file (plus one), never trap.
    @Test func fuzzedPOSCARsParseOrThrow() throws {
        let seeds = try ["quartz_direct.vasp", "calcite_cartesian.vasp", "jagowerite_selective.vasp", "quartz_volume.vasp"]
            .map { try ChemistryFixtures.text("poscar/" + $0) }
        let alphabet = Array("0123456789.-+eE TFSsCcDd\nXx_/")
        var rng = SeededGenerator(seed: 7)
        var parsed = 0, failed = 0
        for _ in 0..<3_000 {
            var chars = Array(seeds[Int.random(in: 0..<seeds.count, using: &rng)])
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let pos = Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: chars.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: pos)
                case 1: chars.remove(at: pos)
                case 2: chars[pos] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                default: chars.removeSubrange(pos..<Swift.min(chars.count, pos + 40))  // truncate a chunk
                }
                if chars.isEmpty { chars = ["\n"] }
            }
            let text = String(chars)
            do throws(POSCARError) {
                let c = try Crystal(poscar: text)
                #expect(c.lattice.volume > 0)
                parsed += 1
            } catch {
                #expect(error.line >= 1 && error.line <= text.split(separator: "\n", omittingEmptySubsequences: false).count + 1)
                failed += 1
            }
        }
        #expect(parsed > 100 && failed > 100, "parsed \(parsed), failed \(failed)")
    }
}
