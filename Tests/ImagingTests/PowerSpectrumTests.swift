import Foundation
import Testing
@testable import Imaging

/// The FFT and the power spectrum of an image.
struct PowerSpectrumTests {
    @Test func fftMatchesTheDefinition() {
        // Reference: the DFT X_k = Σ x_n e^{−2πikn/N} evaluated directly; tolerance 1e-9.
        var g = SplitMix64(seed: 3)
        for n in [1, 2, 8, 64] {
            let x = (0..<n).map { _ in Double(g.next() % 10_000) / 10_000 - 0.5 }, y = (0..<n).map { _ in Double(g.next() % 10_000) / 10_000 - 0.5 }
            var re = x, im = y
            FFT.transform(&re, &im)
            for k in 0..<n {
                var sr = 0.0, si = 0.0
                for j in 0..<n {
                    let a = -2 * Double.pi * Double(k * j) / Double(n)
                    sr += x[j] * cos(a) - y[j] * sin(a)
                    si += x[j] * sin(a) + y[j] * cos(a)
                }
                #expect(abs(re[k] - sr) < 1e-9 && abs(im[k] - si) < 1e-9, "N = \(n), k = \(k)")
            }
        }
    }

    @Test func stripesPeakAtTheirFrequency() {
        // Stripes of period 8 px along x on a 64 × 48 image: the transform takes the centred 48²
        // square, pads it to 64, so the peak sits at kx = ±64/8 = ±8, ky = 0 (exact: the Hann
        // window spreads it over ±1 index, symmetric about 8).
        let w = 64, h = 48
        let image = Image(width: w, height: h, gray: (0..<(w * h)).map { Float(1 + cos(2 * Double.pi * Double($0 % w) / 8)) })
        let s = image.powerSpectrum()
        #expect(s.side == 64 && s.imageSide == 48)
        let best = s.power.indices.max { s.power[$0] < s.power[$1] }!
        #expect(abs(s.frequency(best % 64)) == 8 && s.frequency(best / 64) == 0)
        // The mean is removed: no DC power.
        #expect(s.power[0] < 1e-9 * s.power[best])
        // A real image's spectrum is symmetric: P(k) = P(−k), tolerance 1e-9 relative.
        #expect(abs(s.power[8] - s.power[64 - 8]) <= 1e-9 * s.power[best])
    }

    @Test func aFlatImageHasNoPower() {
        let s = Image(width: 40, height: 20, gray: [Float](repeating: 0.7, count: 800)).powerSpectrum()
        #expect(s.imageSide == 20 && s.side == 32)
        #expect(s.power.allSatisfy { $0 < 1e-18 })  // nothing is left once the mean is removed
    }
}
