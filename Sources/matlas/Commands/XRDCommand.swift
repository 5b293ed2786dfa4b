import ArgumentParser
import Chemistry
import Foundation

/// `matlas xrd FILE` — the simulated powder X-ray pattern of a crystal, as CSV.
struct XRDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xrd",
        abstract: "Print the simulated powder X-ray diffraction peaks of a crystal as CSV.",
        discussion: """
            Reads a CIF (the first structure block) or a JSON crystal \
            {"lattice": [[ax,ay,az],[bx,by,bz],[cx,cy,cz]], "species": ["Fe", …], \
            "frac_coords": [[x,y,z], …], "occupancies": [1.0, …]} and prints one peak per line: \
            two_theta,intensity,h k l,d (2θ in degrees, intensity scaled to 100, the hkl families \
            of the peak separated by ';', d in Å). With --profile it also writes a pseudo-Voigt \
            broadened pattern as two_theta,intensity.
            """)

    @Argument(help: "A CIF file, or a .json crystal.")
    var file: String

    @Option(help: "Wavelength in Å, or a line: CuKa (1.54184, default), MoKa, CoKa, CrKa, FeKa, AgKa, also …Ka1, …Ka2, …Kb1.")
    var wavelength: String = "CuKa"

    @Option(parsing: .upToNextOption, help: "The 2θ window in degrees: two numbers.")
    var range: [Double] = [5, 90]

    @Option(help: "Also write the broadened profile to this CSV file.")
    var profile: String?

    @Option(help: "Profile peak width, full width at half maximum, in degrees 2θ.")
    var fwhm: Double = 0.1

    @Option(help: "Profile grid spacing in degrees 2θ.")
    var step: Double = 0.02

    @Option(help: "Profile Lorentzian fraction η of the pseudo-Voigt, 0…1.")
    var eta: Double = 0.5

    func validate() throws {
        guard let w = Wavelength(wavelength), w.angstroms.isFinite, w.angstroms > 0 else {
            throw ValidationError("--wavelength must be a positive number of Å or one of CuKa, MoKa, CoKa, CrKa, FeKa, AgKa")
        }
        guard range.count == 2, range[0] >= 0, range[1] <= 180, range[0] < range[1] else {
            throw ValidationError("--range takes two angles 0 ≤ low < high ≤ 180 (degrees 2θ)")
        }
        guard fwhm > 0, fwhm.isFinite else { throw ValidationError("--fwhm must be a positive number of degrees") }
        guard step > 0, step.isFinite, (range[1] - range[0]) / step <= 10_000_000 else {
            throw ValidationError("--step must be a positive number of degrees (at most 10^7 grid points)")
        }
        guard (0...1).contains(eta) else { throw ValidationError("--eta must be within 0…1") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let crystal: Crystal
        do {
            let data = try Data(contentsOf: url)
            if url.pathExtension.lowercased() == "json" {
                crystal = try XRDCrystalJSON.crystal(from: data)
            } else {
                crystal = try Crystal(cif: String(decoding: data, as: UTF8.self))
            }
        } catch let error as CocoaError {
            throw Failure("cannot read \(file): \(error.localizedDescription)")
        } catch {
            throw Failure("\(file): \(error)")
        }
        let calculator = XRDCalculator(wavelength: Wavelength(wavelength) ?? .cuKalpha,
                                       twoThetaRange: range[0]...range[1])
        let pattern: XRDPattern
        do { pattern = try calculator.pattern(for: crystal) } catch { throw Failure("\(file): \(error)") }

        var out = "two_theta,intensity,h k l,d\n"
        for peak in pattern.peaks {
            let hkl = peak.families.map(\.millerString).joined(separator: ";")
            out += String(format: "%.4f,%.3f,%@,%.5f\n", peak.twoTheta, peak.intensity, hkl, peak.dSpacing)
        }
        FileHandle.standardOutput.write(Data(out.utf8))

        if let profile {
            let (x, y) = pattern.profile(over: range[0]...range[1], step: step, fwhm: fwhm, eta: eta)
            var csv = "two_theta,intensity\n"
            csv.reserveCapacity(x.count * 20)
            for (t, i) in zip(x, y) { csv += String(format: "%.4f,%.4f\n", t, i) }
            do { try Data(csv.utf8).write(to: URL(fileURLWithPath: profile)) } catch {
                throw Failure("cannot write \(profile): \(error.localizedDescription)")
            }
        }
    }
}

extension XRDCommand {
    /// A failure after the arguments were accepted (reported without the usage text).
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// The JSON wire form of a crystal (DESIGN §5): lattice rows in Å, one species symbol, fractional
/// coordinates and an occupancy per site.
enum XRDCrystalJSON {
    struct Wire: Decodable {
        var lattice: [[Double]]
        var species: [String]
        var frac_coords: [[Double]]
        var occupancies: [Double]?
    }

    struct FormatError: Error, CustomStringConvertible {
        var field: String
        var message: String
        var description: String { "\(field): \(message)" }
    }

    static func crystal(from data: Data) throws -> Crystal {
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: data) } catch {
            throw FormatError(field: "(document)", message: "not a crystal JSON object: \(error)")
        }
        guard wire.lattice.count == 3, wire.lattice.allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isFinite) }) else {
            throw FormatError(field: "lattice", message: "must be three rows of three finite numbers (Å)")
        }
        guard wire.frac_coords.count == wire.species.count else {
            throw FormatError(field: "frac_coords", message: "needs one [x, y, z] per species")
        }
        let occupancies = wire.occupancies ?? Array(repeating: 1, count: wire.species.count)
        guard occupancies.count == wire.species.count else {
            throw FormatError(field: "occupancies", message: "needs one number per species")
        }
        var sites: [Site] = []
        for (i, symbol) in wire.species.enumerated() {
            guard let element = Element(symbol: symbol) else {
                throw FormatError(field: "species[\(i)]", message: "\"\(symbol)\" is not an element symbol")
            }
            let r = wire.frac_coords[i]
            guard r.count == 3 else { throw FormatError(field: "frac_coords[\(i)]", message: "must be [x, y, z]") }
            sites.append(Site(occupants: [Occupant(Species(element), occupancy: occupancies[i])],
                              fracCoords: SIMD3(r[0], r[1], r[2])))
        }
        return Crystal(lattice: Lattice(matrix: wire.lattice), sites: sites)
    }
}
