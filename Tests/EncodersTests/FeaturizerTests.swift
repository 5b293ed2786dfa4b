import Chemistry
import Encoders
import Foundation
import Imaging
import Testing

@Suite struct FeaturizerTests {
    let featurizer = Featurizer(config: ModelConfig(), tokenizer: Fixture.tokenizer)

    @Test func crystalGraphFromCIF() throws {
        let crystal = try Fixture.crystal("ferrisicklerite")
        let f = try featurizer.crystal(crystal)
        // Reference: the CIF's symmetry expansion (28 sites in Pbnm, AMCSD nsites = 28).
        #expect(f.nodeCount == crystal.sites.count)
        #expect(f.nodeCount == 28)
        #expect(f.edgeCount > 0 && f.edgeCount <= 12 * f.nodeCount)
        #expect(f.edgeFeatures.count == f.edgeCount * ModelConfig().crystal.gaussianCount)
        #expect(f.edgeSource.allSatisfy { $0 >= 0 && Int($0) < f.nodeCount })
        #expect(f.edgeDestination.allSatisfy { $0 >= 0 && Int($0) < f.nodeCount })
        // Every node has occupants whose occupancies sum to at most 1 (tolerance 1e-5).
        var sums = [Float](repeating: 0, count: f.nodeCount)
        for (n, w) in zip(f.occupantNode, f.occupantWeight) { sums[Int(n)] += w }
        #expect(sums.allSatisfy { $0 > 0 && $0 <= 1 + 1e-5 })
        #expect(Set(f.occupantElement) == [3, 8, 15, 26])
    }

    @Test func partialOccupancyIsKept() throws {
        let lattice = Lattice(a: 4, b: 4, c: 4, alpha: 90, beta: 90, gamma: 90)
        let fe = Element(symbol: "Fe")!, mg = Element(symbol: "Mg")!, o = Element(symbol: "O")!
        let site = Site(occupants: [Occupant(Species(fe), occupancy: 0.5), Occupant(Species(mg), occupancy: 0.5)],
                        fracCoords: SIMD3(0, 0, 0))
        let crystal = Crystal(lattice: lattice, sites: [site, Site(o, at: SIMD3(0.5, 0.5, 0.5))])
        let f = try featurizer.crystal(crystal)
        #expect(f.occupantNode == [0, 0, 1])
        #expect(f.occupantElement == [26, 12, 8])
        #expect(f.occupantWeight == [0.5, 0.5, 1])
    }

    @Test func crystalCarriesItsOwnPowderPatternWhenAsked() throws {
        var config = ModelConfig()
        #expect(try featurizer.crystal(try Fixture.crystal("halite")).diffraction.isEmpty)  // off by default
        config.crystal.diffraction = true
        let f = try Featurizer(config: config).crystal(try Fixture.crystal("halite"))
        #expect(f.diffraction.count == config.spectrum.points)
        #expect(f.diffraction.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Reference: rock salt's strongest reflection is (200), d = a/2 with a = 5.64 Å (halite
        // fixture), so q = 4π/a ≈ 2.228 Å⁻¹; the pattern's maximum lies within one grid step
        // (0.0117 Å⁻¹) plus the cell-parameter uncertainty of the fixture (±0.01 Å in a).
        let grid = Featurizer(config: config).spectrumGrid
        let top = f.diffraction.indices.max { f.diffraction[$0] < f.diffraction[$1] }!
        let a = try Fixture.crystal("halite").lattice.lengths.x
        #expect(abs(grid[top] - 4 * Double.pi / a) < 0.0117 + 0.005)
    }

    @Test func compositionOfLiFePO4() throws {
        let f = try featurizer.composition(try Composition(parsing: "LiFePO4"))
        #expect(f.elements == [3, 8, 15, 26])
        // Exact fractions 1/7, 4/7, 1/7, 1/7; tolerance 1e-6 (Float rounding).
        for (got, want) in zip(f.fractions, [1.0 / 7, 4.0 / 7, 1.0 / 7, 1.0 / 7]) {
            #expect(abs(Double(got) - want) < 1e-6)
        }
    }

    @Test func qOfCuAndMoAgree() throws {
        // Bragg: the same d gives the same q = 2π/d at any wavelength (tolerance 1e-9 Å⁻¹).
        let d = 3.3433
        for lambda in [1.54184, 0.71073] {
            let twoTheta = 2 * asin(lambda / (2 * d)) * 180 / Double.pi
            #expect(abs(Featurizer.q(twoTheta: twoTheta, wavelength: lambda) - 2 * Double.pi / d) < 1e-9)
        }
    }

    /// Local maxima (above 0.3) inside the mask.
    func maxima(_ f: SpectrumFeatures) -> [Int] {
        (1..<(f.intensity.count - 1)).filter {
            f.mask[$0] > 0 && f.intensity[$0] > 0.3 && f.intensity[$0] >= f.intensity[$0 - 1]
                && f.intensity[$0] > f.intensity[$0 + 1]
        }
    }

    @Test func cuAndMoPatternsLandOnTheSameGridPositions() throws {
        let crystal = try Fixture.crystal("quartz")
        let cu = try XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 5...70).pattern(for: crystal)
        let mo = try XRDCalculator(wavelength: .moKalpha, twoThetaRange: 2...31).pattern(for: crystal)
        let fc = try featurizer.spectrum(SpectrumInput(pattern: cu))
        let fm = try featurizer.spectrum(SpectrumInput(pattern: mo))
        // Compare where both are measured: q ≈ 0.5 … 4.4 Å⁻¹.
        let both = (0..<fc.mask.count).filter { fc.mask[$0] > 0 && fm.mask[$0] > 0 }
        #expect(both.count > 200)
        let mc = maxima(fc).filter { both.contains($0) }, mm = maxima(fm).filter { both.contains($0) }
        #expect(mc.count >= 3)
        // Every strong maximum of the Cu pattern has a Mo maximum within one grid step.
        for i in mc { #expect(mm.contains { abs($0 - i) <= 1 }, "Cu maximum at grid \(i) missing in Mo") }
        // Reference: quartz (101), d = 3.343 Å (pymatgen), is the strongest peak: q = 1.879 Å⁻¹.
        let grid = featurizer.spectrumGrid
        let strongest = fc.intensity.indices.max { fc.intensity[$0] < fc.intensity[$1] }!
        #expect(abs(grid[strongest] - 2 * Double.pi / 3.343) < 0.012)  // one grid step ≈ 0.0117 Å⁻¹
    }

    @Test func aTwentyDegreeWindowMasksTheRest() throws {
        let crystal = try Fixture.crystal("quartz")
        let full = try XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 5...90).pattern(for: crystal)
        let peaks = full.peaks.filter { (30...50).contains($0.twoTheta) }
        let input = SpectrumInput(kind: .peaks, twoTheta: peaks.map(\.twoTheta), intensity: peaks.map(\.intensity),
                                  wavelength: 1.54184, twoThetaRange: 30...50)
        let f = try featurizer.spectrum(input)
        let grid = featurizer.spectrumGrid
        let lo = Featurizer.q(twoTheta: 30, wavelength: 1.54184), hi = Featurizer.q(twoTheta: 50, wavelength: 1.54184)
        for (k, q) in grid.enumerated() {
            let inside = q >= lo - 1e-9 && q <= hi + 1e-9
            #expect(f.mask[k] == (inside ? 1 : 0), "grid \(k) q=\(q)")
            if !inside { #expect(f.intensity[k] == 0) }
        }
        #expect(f.intensity.max() == 1)  // scaled to max 1 (exactly: v/peak = 1 at the max)
    }

    @Test func aBarePeakListIsMeasuredUpToItsLastPeak() throws {
        // DESIGN §5's example query: no range given → 5° … last peak + 2° (52.1°) is measured.
        let f = try featurizer.spectrum(.peaks([(26.6, 100), (20.9, 22), (50.1, 14)]))
        let lo = Featurizer.q(twoTheta: 5, wavelength: 1.54184), hi = Featurizer.q(twoTheta: 52.1, wavelength: 1.54184)
        for (k, q) in featurizer.spectrumGrid.enumerated() {
            #expect(f.mask[k] == (q >= lo && q <= hi ? 1 : 0), "grid \(k) q=\(q)")
        }
    }

    @Test func profileInputFindsItsPeak() throws {
        let crystal = try Fixture.crystal("halite")
        let pattern = try XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 10...90).pattern(for: crystal)
        let profile = pattern.profile(over: 10...90, step: 0.01, fwhm: 0.08)
        let f = try featurizer.spectrum(.profile(x: profile.twoTheta, y: profile.intensity, wavelength: 1.54184))
        let grid = featurizer.spectrumGrid
        let strongest = f.intensity.indices.max { f.intensity[$0] < f.intensity[$1] }!
        // Reference: pymatgen XRDCalculator on this CIF (a = 5.4533 Å, under pressure): strongest
        // peak (200) at 2θ = 32.847°, d = 2.72665 Å, so q = 2.3044 Å⁻¹; within one grid step.
        #expect(abs(grid[strongest] - 2 * Double.pi / 2.72665) < 0.012)
        #expect(f.mask.filter { $0 > 0 }.count > 400)
    }

    @Test func propertiesAreStandardised() throws {
        let f = try featurizer.properties(["density": 3.6, "conductivity_p": 100])
        let specs = ModelConfig().properties.specs
        let d = specs.firstIndex { $0.name == "density" }!, c = specs.firstIndex { $0.name == "conductivity_p" }!
        // (3.6 − 5.165) / 2.625 and (log10 100 − 2.445) / 2.103; tolerance 1e-6.
        #expect(abs(f.values[d] - Float((3.6 - 5.165) / 2.625)) < 1e-6)
        #expect(abs(f.values[c] - Float((2 - 2.445) / 2.103)) < 1e-6)
        #expect(f.mask.reduce(0, +) == 2 && f.mask[d] == 1 && f.mask[c] == 1)
        #expect(abs(specs[c].denormalize(f.values[c]) - 100) < 1e-3)
    }

    @Test func micrographOfAnySize() throws {
        var config = ModelConfig()
        config.micrograph.size = 32
        let small = Featurizer(config: config)
        let rgb = Image(width: 100, height: 70, channels: 3,
                        pixels: (0..<(100 * 70 * 3)).map { Float(($0 * 37) % 101) / 100 })
        for crop in [MicrographCrop.center, .random(seed: 3)] {
            let f = try small.micrograph(rgb, crop: crop)
            #expect(f.size == 32 && f.pixels.count == 32 * 32)
            let mean = f.pixels.reduce(0, +) / Float(f.pixels.count)
            let variance = f.pixels.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(f.pixels.count)
            #expect(abs(mean) < 1e-4)          // standardised: mean 0, std 1 (tolerance 1e-3 on std)
            #expect(abs(variance.squareRoot() - 1) < 1e-3)
        }
        // A seeded random crop is reproducible.
        let r1 = try small.micrograph(rgb, crop: .random(seed: 9)), r2 = try small.micrograph(rgb, crop: .random(seed: 9))
        #expect(r1 == r2)
    }

    @Test func aPixelSizeCropsTheTrainedFieldOfView() throws {
        // With a pixel size the centre crop covers `fieldOfView` (12.8 Å): at 0.2 Å that is the
        // centre 64 px of a 200 px image, exactly what the image cropped by hand gives.
        let big = Image(width: 200, height: 160, gray: (0..<(200 * 160)).map { Float(($0 * 37) % 101) / 100 })
        let f = try featurizer.micrograph(big, pixelSize: 0.2)
        #expect(f == (try featurizer.micrograph(big.centerCropped(width: 64, height: 64))))
        // At 0.1 Å the crop is 128 px; an image smaller than the field of view is used whole.
        #expect(try featurizer.micrograph(big, pixelSize: 0.1) == (try featurizer.micrograph(big.centerCropped(width: 128, height: 128))))
        #expect(try featurizer.micrograph(big, pixelSize: 0.01) == (try featurizer.micrograph(big)))
        // Not a pixel size: an error naming the field.
        for bad in [0.0, -0.2, .nan, .infinity] {
            #expect(throws: EncoderError.self) { try featurizer.micrograph(big, pixelSize: bad) }
            do { _ = try featurizer.micrograph(big, pixelSize: bad) } catch { #expect("\(error)".contains("pixel_size")) }
        }
        // Through `features`: the pixel size travels with the input.
        #expect(try featurizer.features(.micrograph(big, pixelSize: 0.2)) == .micrograph(f))
    }

    @Test func textHasFixedLength() throws {
        let f = try featurizer.text("LiFePO4 olivine")
        #expect(f.ids.count == ModelConfig().text.maxTokens)
        #expect(f.mask.count == f.ids.count && f.mask[0] == 1 && f.mask.last == 0)
    }
}
