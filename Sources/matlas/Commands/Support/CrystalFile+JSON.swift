import Chemistry
import Foundation

/// The JSON wire form of a crystal (DESIGN §5): lattice rows in Å, one species symbol, fractional
/// coordinates and an occupancy per site:
/// `{"lattice": [[ax,ay,az],[bx,by,bz],[cx,cy,cz]], "species": ["Fe", …], "frac_coords": [[x,y,z], …], "occupancies": [1.0, …]}`
/// (`occupancies` is optional and defaults to 1).
extension CrystalFile {
    struct Wire: Decodable {
        var lattice: [[Double]]
        var species: [String]
        var frac_coords: [[Double]]
        var occupancies: [Double]?
    }

    /// Why a JSON crystal was rejected, and in which field.
    struct JSONFormatError: Error, CustomStringConvertible {
        var field: String
        var message: String
        var description: String { "\(field): \(message)" }
    }

    /// The crystal of a JSON wire-form document.
    /// - Throws: `JSONFormatError` naming the offending field.
    static func crystal(json data: Data) throws -> Crystal {
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: data) } catch {
            throw JSONFormatError(field: "(document)", message: "not a crystal JSON object: \(error)")
        }
        guard wire.lattice.count == 3, wire.lattice.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isFinite) }) else {
            throw JSONFormatError(field: "lattice", message: "must be three rows of three finite numbers (Å)")
        }
        guard wire.frac_coords.count == wire.species.count else {
            throw JSONFormatError(field: "frac_coords", message: "needs one [x, y, z] per species")
        }
        let occupancies = wire.occupancies ?? Array(repeating: 1, count: wire.species.count)
        guard occupancies.count == wire.species.count else {
            throw JSONFormatError(field: "occupancies", message: "needs one number per species")
        }
        var sites: [Site] = []
        for (i, symbol) in wire.species.enumerated() {
            guard let element = Element(symbol: symbol) else {
                throw JSONFormatError(field: "species[\(i)]", message: "\"\(symbol)\" is not an element symbol")
            }
            let r = wire.frac_coords[i]
            guard r.count == 3 else { throw JSONFormatError(field: "frac_coords[\(i)]", message: "must be [x, y, z]") }
            sites.append(Site(occupants: [Occupant(Species(element), occupancy: occupancies[i])],
                              fracCoords: SIMD3(r[0], r[1], r[2])))
        }
        return Crystal(lattice: Lattice(matrix: wire.lattice), sites: sites)
    }
}
