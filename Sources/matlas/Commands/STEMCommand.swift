import ArgumentParser
import Chemistry
import Foundation
import Imaging

/// `matlas stem FILE.cif --zone 0 0 1 -o out.png`: a simulated HAADF-STEM micrograph of a crystal.
struct STEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stem",
        abstract: "Simulate an atomic-resolution HAADF-STEM micrograph of a crystal and write it as PNG.",
        discussion: """
            Columns along the zone axis [u v w] (indices of the CIF's own cell) are imaged with \
            intensity ∝ Σ occupancy·Z^exponent, blurred by a Gaussian probe. The PNG is scaled so the \
            darkest pixel is black and the brightest white. The same --seed gives the same image.
            """)

    @Argument(help: "A CIF file (the first data block is used).")
    var file: String

    @Option(name: .long, parsing: .upToNextOption,
            help: "Zone axis indices u v w; with a negative index write --zone=1,-1,0 or --zone '1 -1 0'.")
    var zone: [String] = ["0", "0", "1"]

    /// The zone-axis indices from `--zone` (separate words, commas or spaces).
    var zoneIndices: [Int]? { Self.numbers(in: zone) { Int($0) } }

    @Option(name: .shortAndLong, help: "Output PNG path.")
    var output: String

    @Option(help: "Field of view in Å (square image); ignored when --size is given.")
    var fov: Double = 30

    @Option(help: "Image size in pixels (square); default: fov / pixel.")
    var size: Int?

    @Option(help: "Pixel size in Å.")
    var pixel: Double = 0.2

    @Option(help: "Probe FWHM in Å.")
    var probe: Double = 1.0

    @Option(help: "Exponent of the Z-contrast law.")
    var exponent: Double = 1.7

    @Option(help: "Rotation in degrees (counter-clockwise as displayed).")
    var rotation: Double = 0

    @Option(help: "Electron dose in e/Å² at the brightest column (Poisson noise); omit for none.")
    var dose: Double?

    @Option(help: "Standard deviation of additive Gaussian noise, relative to the brightest column.")
    var noise: Double = 0

    @Option(help: "Constant background before noise, relative to the brightest column.")
    var background: Double = 0

    @Option(name: .long, parsing: .upToNextOption,
            help: "Specimen drift in Å per scan row: dx dy (with a negative value: --drift=0.01,-0.002).")
    var drift: [String] = ["0", "0"]

    /// The drift components from `--drift` (separate words, commas or spaces).
    var driftValues: [Double]? { Self.numbers(in: drift) { Double($0) }.flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil } }

    /// The numbers of a multi-word option whose words may also hold several numbers separated by
    /// commas or spaces (`--zone 1 1 0`, `--zone=1,-1,0`, `--zone '1 -1 0'`); nil if any is not a number.
    private static func numbers<Number>(in words: [String], _ parse: (Substring) -> Number?) -> [Number]? {
        let parts = words.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }
        let values = parts.compactMap(parse)
        return values.count == parts.count ? values : nil
    }

    @Option(help: "Standard deviation of random per-row x shifts, in Å.")
    var jitter: Double = 0

    @Option(help: "Seed for every random draw.")
    var seed: UInt64 = 1

    @Option(help: "PNG bit depth: 8 or 16.")
    var bitDepth: Int = 8

    func validate() throws {
        guard let indices = zoneIndices, indices.count == 3 else {
            throw ValidationError("--zone takes three integers, e.g. --zone 1 1 0 or --zone=1,-1,0")
        }
        guard let d = driftValues, d.count == 2 else {
            throw ValidationError("--drift takes two numbers: dx dy (Å per row), e.g. --drift=0.01,-0.002")
        }
        guard bitDepth == 8 || bitDepth == 16 else { throw ValidationError("--bit-depth is 8 or 16") }
        guard pixel.isFinite, pixel > 0 else { throw ValidationError("--pixel must be a positive number of Å") }
        guard fov.isFinite, fov > 0 else { throw ValidationError("--fov must be a positive number of Å") }
    }

    func run() throws {
        let crystal = try CrystalFile.read(file)
        let side = size ?? Swift.max(1, Int((fov / pixel).rounded()))
        var settings = STEMSettings(width: side, height: side, pixelSize: pixel, probeFWHM: probe,
                                    zExponent: exponent, rotation: rotation)
        settings.dose = dose
        settings.gaussianNoise = noise
        settings.background = background
        let d = driftValues ?? [0, 0]  // checked in validate()
        settings.driftPerRow = SIMD2(d[0], d[1])
        settings.lineJitter = jitter

        let uvw = zoneIndices ?? [0, 0, 1]  // checked in validate()
        let simulator = try STEMSimulator(crystal: crystal, zoneAxis: SIMD3(uvw[0], uvw[1], uvw[2]))
        let gray = try simulator.render(settings, seed: seed).rescaledToUnitRange()
        let png = try Image(width: gray.width, height: gray.height, gray: gray.pixels)
            .pngData(bitDepth: bitDepth == 16 ? .sixteen : .eight)
        try Data(png).write(to: URL(fileURLWithPath: output))

        let p = simulator.projection
        let (b0, b1) = p.basis
        let l0 = (b0 * b0).sum().squareRoot(), l1 = (b1 * b1).sum().squareRoot()
        let name = URL(fileURLWithPath: file).lastPathComponent
        print("\(name) [\(p.zoneAxis.x) \(p.zoneAxis.y) \(p.zoneAxis.z)]: projected cell "
              + String(format: "%.3f × %.3f Å, %d columns per cell; ", l0, l1, p.columns.count)
              + "\(side)×\(side) px at \(pixel) Å → \(output) (\(png.count) bytes)")
    }
}
