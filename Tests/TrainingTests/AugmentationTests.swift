import Chemistry
import Foundation
import Encoders
import Learning
import Testing
@testable import Training

@Suite struct AugmentationTests {
    /// Rock salt NaCl, a = 5.64 Å, conventional cell (8 sites).
    static func rockSalt() -> Crystal {
        let lattice = Lattice(a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90)
        let na = Element(symbol: "Na")!, cl = Element(symbol: "Cl")!
        let f: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(0.5, 0.5, 0), SIMD3(0.5, 0, 0.5), SIMD3(0, 0.5, 0.5)]
        var sites = f.map { Site(na, at: $0) }
        sites += f.map { Site(cl, at: $0 + SIMD3(0.5, 0, 0)) }
        return Crystal(lattice: lattice, sites: sites)
    }

    /// Reference: Chemistry's `XRDCalculator` run directly at each wavelength and window.
    @Test(arguments: [(Wavelength.cuKalpha, 5.0...90.0), (Wavelength.moKalpha, 5.0...40.0), (Wavelength.crKalpha, 20.0...120.0)])
    func reprojectionMatchesTheCalculator(wavelength: Wavelength, window: ClosedRange<Double>) throws {
        let crystal = Self.rockSalt()
        let reflections = try Reflections(crystal: crystal, qMax: 6.5)
        let expected = try XRDCalculator(wavelength: wavelength, twoThetaRange: window).pattern(for: crystal)
        // Only peaks on the q ≤ 6.5 Å⁻¹ grid are kept by the reflections.
        let onGrid = expected.peaks.filter { Featurizer.q(twoTheta: $0.twoTheta, wavelength: wavelength.angstroms) <= 6.5 }
        let got = reflections.peaks(wavelength: wavelength.angstroms, window: window)
        #expect(got.count == onGrid.count)
        let top = onGrid.map(\.intensity).max() ?? 100
        for (g, e) in zip(got, onGrid) {
            // 2θ to 1e-6° (same Bragg law), intensities to 1e-6 relative (same |F|² and LP factor).
            #expect(abs(g.twoTheta - e.twoTheta) < 1e-6)
            #expect(abs(g.intensity - e.intensity * 100 / top) < 1e-6 * 100)
        }
    }

    @Test func strainScalesDSpacings() throws {
        let r = try Reflections(crystal: Self.rockSalt(), qMax: 6.5)
        let plain = r.peaks(wavelength: 1.54184, window: 5...90)
        let strained = r.peaks(wavelength: 1.54184, window: 5...90, strain: 0.01)
        // d' = 1.01 d for every reflection: sin θ' = sin θ / 1.01 (exact up to float rounding, 1e-12).
        for (a, b) in zip(plain, strained) {
            let ratio = sin(a.twoTheta * .pi / 360) / sin(b.twoTheta * .pi / 360)
            #expect(abs(ratio - 1.01) < 1e-12)
        }
    }

    @Test func spectrumSamplesAreSeededAndStayInTheirWindow() throws {
        let r = try Reflections(crystal: Self.rockSalt(), qMax: 6.5)
        let aug = SpectrumAugmentation()
        for seed in 0..<40 as Range<UInt64> {
            let a = aug.sample(r, qMax: 6.5, generator: SeededGenerator(seed: seed))
            let b = aug.sample(r, qMax: 6.5, generator: SeededGenerator(seed: seed))
            #expect(a == b)
            guard let a, let w = a.twoThetaRange else { continue }
            #expect(w.lowerBound >= 5 && w.upperBound <= 90 + 1e-9)
            #expect(a.twoTheta.allSatisfy { w.contains($0) })
            #expect(a.intensity.allSatisfy { $0.isFinite })
            // Every sample stays on the model's q grid (featurisable).
            let f = Featurizer(config: .small)
            #expect((try? f.spectrum(a)) != nil)
        }
    }

    @Test func micrographsAreSeeded() throws {
        let aug = MicrographAugmentation(side: 48)
        let a = try #require(aug.sample(Self.rockSalt(), generator: SeededGenerator(seed: 5)))
        let b = try #require(aug.sample(Self.rockSalt(), generator: SeededGenerator(seed: 5)))
        let c = try #require(aug.sample(Self.rockSalt(), generator: SeededGenerator(seed: 6)))
        #expect(a == b)
        #expect(a != c)
        #expect(a.width == 48 && a.height == 48)
        #expect(aug.query(Self.rockSalt(), seed: 1) == aug.query(Self.rockSalt(), seed: 1))
    }
}
