import Foundation
@testable import Chemistry

/// The pymatgen parity fixture (`Fixtures/xrd/parity.json`, written by `Scripts/fixtures/xrd_parity.py`):
/// AMCSD structures as pymatgen parsed them and pymatgen 2026.10's `XRDCalculator()` peaks
/// (Cu Kα, 2θ 5–90°, intensity ≥ 0.2).
struct XRDParityCase: Sendable {
    struct Peak: Sendable {
        var twoTheta: Double, intensity: Double, dSpacing: Double
        /// `h k l:multiplicity` entries joined by `;`, as pymatgen lists the families.
        var families: String
    }
    var id: Int
    var mineral: String
    var ordered: Bool
    var crystal: Crystal
    var peaks: [Peak]

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/xrd/parity.json")

    enum LoadError: Error { case malformed(String) }

    /// All cases of the fixture.
    static func load() throws -> [XRDParityCase] {
        let data = try Data(contentsOf: fixtureURL)
        guard let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let structures = doc["structures"] as? [[String: Any]] else { throw LoadError.malformed("top level") }
        return try structures.map(parse)
    }

    static func parse(_ s: [String: Any]) throws -> XRDParityCase {
        guard let id = s["id"] as? Int, let lattice = s["lattice"] as? [[Double]],
              let sites = s["sites"] as? [[Any]], let peaks = s["peaks"] as? [[Any]] else {
            throw LoadError.malformed("structure fields")
        }
        var crystalSites: [Site] = []
        for site in sites {
            guard site.count == 4, let occ = site[0] as? [[Any]], let x = site[1] as? Double,
                  let y = site[2] as? Double, let z = site[3] as? Double else { throw LoadError.malformed("site in \(id)") }
            let occupants = try occ.map { pair -> Occupant in
                guard let symbol = pair[0] as? String, let element = Element(symbol: symbol),
                      let amount = pair[1] as? Double else { throw LoadError.malformed("occupant in \(id)") }
                return Occupant(Species(element), occupancy: amount)
            }
            crystalSites.append(Site(occupants: occupants, fracCoords: SIMD3(x, y, z)))
        }
        let parsedPeaks = try peaks.map { p -> Peak in
            guard p.count == 4, let t = p[0] as? Double, let i = p[1] as? Double, let d = p[2] as? Double,
                  let f = p[3] as? String else { throw LoadError.malformed("peak in \(id)") }
            return Peak(twoTheta: t, intensity: i, dSpacing: d, families: f)
        }
        return XRDParityCase(id: id, mineral: s["mineral"] as? String ?? "", ordered: s["ordered"] as? Bool ?? true,
                             crystal: Crystal(lattice: Lattice(matrix: lattice), sites: crystalSites),
                             peaks: parsedPeaks)
    }
}
