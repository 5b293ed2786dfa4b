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
        let crystal = try CrystalFile.read(file)
        let calculator = XRDCalculator(wavelength: Wavelength(wavelength) ?? .cuKalpha,
                                       twoThetaRange: range[0]...range[1])
        let pattern: XRDPattern
        do { pattern = try calculator.pattern(for: crystal) } catch { throw CommandFailure("\(file): \(error)") }

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
                throw CommandFailure("cannot write \(profile): \(error.localizedDescription)")
            }
        }
    }
}
