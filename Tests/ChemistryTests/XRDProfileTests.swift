import Testing
@testable import Chemistry

/// The pseudo-Voigt broadened profile.
@Suite struct XRDProfileTests {
    static let single = XRDPattern(peaks: [XRDPeak(twoTheta: 30, intensity: 100, dSpacing: 3, families: [])],
                                   wavelength: .cuKalpha, twoThetaRange: 0...90)

    @Test(arguments: [0.0, 0.3, 1.0])
    func isolatedPeakKeepsHeightAndWidth(eta: Double) {
        // Height at the centre is the intensity; at ±FWHM/2 both components are exactly half (1e-12).
        let fwhm = 0.2
        let y = Self.single.profile(on: [30, 30 - fwhm / 2, 30 + fwhm / 2, 35], fwhm: fwhm, eta: eta)
        #expect(Swift.abs(y[0] - 100) < 1e-12)
        #expect(Swift.abs(y[1] - 50) < 1e-9)
        #expect(Swift.abs(y[2] - 50) < 1e-9)
        // 5° = 25 FWHM away: Gaussian ≈ 0; Lorentzian 100 / (1 + 4·25²) = 0.03998 (to 1e-4).
        #expect(Swift.abs(y[3] - eta * 100 / (1 + 4 * 625)) < 1e-4)
    }

    @Test func areaMatchesThePseudoVoigtIntegral() {
        // ∫ height·[η L + (1−η) G] = height·Γ·[η π/2 + (1−η) √(π / (4 ln 2))]; a 0.001° grid over
        // ±100 Γ loses the Lorentzian tails beyond the window (η·height·Γ·(1/(200))/... ≈ 0.3 %),
        // so the tolerance is 0.5 %.
        let fwhm = 0.1, eta = 0.5
        let (x, y) = Self.single.profile(over: 20...40, step: 0.001, fwhm: fwhm, eta: eta)
        #expect(x.count == 20001)
        let area = y.reduce(0, +) * 0.001
        let expected = 100 * fwhm * (eta * Double.pi / 2 + (1 - eta) * (Double.pi / (4 * 0.6931471805599453)).squareRoot())
        #expect(Swift.abs(area - expected) / expected < 0.005)
    }

    @Test func unsortedGridGivesTheSameValues() throws {
        let pattern = try XRDCalculator().pattern(for: XRDCalculatorTests.copper())
        let grid = stride(from: 40.0, through: 80.0, by: 0.05).map { $0 }
        let sorted = pattern.profile(on: grid, fwhm: 0.15)
        let shuffled = pattern.profile(on: grid.reversed(), fwhm: 0.15)
        #expect(zip(sorted, shuffled.reversed()).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
        #expect(sorted.max()! > 99)
    }
}
