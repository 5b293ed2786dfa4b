import Encoders
import Foundation
import Learning

/// Turns a crystal's `Reflections` into an XRD measurement as an experiment would give it, drawn
/// from a seeded generator (training) or with fixed settings (evaluation queries).
///
/// Perturbations toward experiment (each drawn independently per sample; probabilities and ranges
/// in `SpectrumAugmentation.Settings`):
/// - **wavelength**: Cu Kα, Mo Kα, Co Kα or Cr Kα (all land on the same q grid);
/// - **lattice strain**: every d-spacing × (1 + ε), ε ~ N(0, σ_ε);
/// - **zero shift**: every 2θ + δ, δ ~ N(0, σ_δ) degrees;
/// - **peak broadening**: pseudo-Voigt FWHM from crystallite size (Scherrer, K λ / (L cos θ)) and
///   microstrain (4 e tan θ), added in quadrature to an instrumental width;
/// - **preferred orientation**: March–Dollase, W = (r² cos²α + sin²α / r)^(-3/2), α the angle between
///   a reflection's reciprocal vector and a random low-index texture axis;
/// - **intensity jitter**: each peak × exp(N(0, σ)) (counting statistics, texture not modelled);
/// - **impurity peaks**: 1–3 extra peaks of 2–15 % intensity at random 2θ;
/// - **background**: A·exp(−2θ/τ) + B; **noise**: Gaussian, σ relative to the maximum;
/// - **window**: the full 5–90° range, a 20°-wide window, or a random 30–60° window.
/// The result is a sampled profile (`SpectrumInput.profile`, 0.02° steps), or with some probability
/// a clean peak list (what a search-match user pastes).
public struct SpectrumAugmentation: Sendable {
    public struct Settings: Hashable, Sendable {
        public var wavelengths: [(name: String, angstroms: Double, weight: Double)] = [
            ("Cu", 1.54184, 0.55), ("Mo", 0.71073, 0.15), ("Co", 1.79026, 0.15), ("Cr", 2.29100, 0.15),
        ]
        public var strainSigma = 0.004
        public var zeroShiftSigma = 0.04
        public var fullWindowProbability = 0.40
        public var twentyDegreeWindowProbability = 0.45
        public var peakListProbability = 0.25
        public var preferredOrientationProbability = 0.3
        public var impurityProbability = 0.3
        public var intensityJitter = 0.15
        public var maxNoise = 0.03
        public var maxBackground = 0.15
        public var step = 0.02
        public init() {}

        public static func == (a: Settings, b: Settings) -> Bool {
            a.strainSigma == b.strainSigma && a.zeroShiftSigma == b.zeroShiftSigma && a.step == b.step
                && a.wavelengths.map(\.angstroms) == b.wavelengths.map(\.angstroms)
        }
        public func hash(into h: inout Hasher) { h.combine(strainSigma); h.combine(step) }
    }

    public var settings: Settings
    public init(settings: Settings = Settings()) { self.settings = settings }

    /// Texture axes: low-index cartesian directions (the reciprocal vectors are cartesian too).
    static let textureAxes: [SIMD3<Double>] = [
        SIMD3(0, 0, 1), SIMD3(0, 1, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(1, 1, 1),
    ]

    /// The largest 2θ (degrees, ≤ 90) whose q stays on the model grid at `wavelength`.
    static func maxTwoTheta(wavelength: Double, qMax: Double) -> Double {
        let s = qMax * wavelength / (4 * Double.pi)
        return s >= 1 ? 90 : Swift.min(90, 2 * asin(s) * 180 / Double.pi)
    }

    /// One randomly perturbed measurement of `reflections`. Nil when no reflection falls in the drawn
    /// window (the caller may draw again or skip).
    public func sample(_ reflections: Reflections, qMax: Double, generator g: SeededGenerator) -> SpectrumInput? {
        let s = settings
        // Wavelength.
        var u = g.uniformDouble() * s.wavelengths.map(\.weight).reduce(0, +)
        var lambda = s.wavelengths[0].angstroms
        for w in s.wavelengths { if u < w.weight { lambda = w.angstroms; break }; u -= w.weight }
        let hi = Self.maxTwoTheta(wavelength: lambda, qMax: qMax)
        // Window.
        let window: ClosedRange<Double>
        let r = g.uniformDouble()
        if r < s.fullWindowProbability || hi - 5 <= 20 {
            window = 5...hi
        } else if r < s.fullWindowProbability + s.twentyDegreeWindowProbability {
            let start = 5 + g.uniformDouble() * (hi - 25)
            window = start...(start + 20)
        } else {
            let width = Swift.min(hi - 5, 30 + g.uniformDouble() * 30)
            let start = 5 + g.uniformDouble() * (hi - 5 - width)
            window = start...(start + width)
        }
        let strain = g.normal() * s.strainSigma
        let shift = g.normal() * s.zeroShiftSigma
        let raw = reflections.peaks(wavelength: lambda, window: 0.5...179, strain: strain)
        var peaks = raw.map { (twoTheta: $0.twoTheta + shift, intensity: $0.intensity) }
        // Preferred orientation (March–Dollase) on the representative reciprocal vector.
        if g.uniformDouble() < s.preferredOrientationProbability {
            let axis = Self.textureAxes[g.index(below: Self.textureAxes.count)]
            let unit = axis / (axis * axis).sum().squareRoot()
            let ratio = 0.6 + g.uniformDouble() * 0.8
            for (k, p) in raw.enumerated() {
                let c = (reflections.direction[p.index] * unit).sum()
                peaks[k].intensity *= pow(ratio * ratio * c * c + (1 - c * c) / ratio, -1.5)
            }
        }
        // Intensity jitter, impurities.
        for i in peaks.indices { peaks[i].intensity *= exp(g.normal() * s.intensityJitter) }
        peaks = peaks.filter { window.contains($0.twoTheta) }
        guard let top = peaks.map(\.intensity).max(), top > 0 else { return nil }
        if g.uniformDouble() < s.impurityProbability {
            for _ in 0..<(1 + g.index(below: 3)) {
                let tt = window.lowerBound + g.uniformDouble() * (window.upperBound - window.lowerBound)
                peaks.append((tt, top * (0.02 + 0.13 * g.uniformDouble())))
            }
            peaks.sort { $0.twoTheta < $1.twoTheta }
        }
        if g.uniformDouble() < s.peakListProbability {
            return SpectrumInput(kind: .peaks, twoTheta: peaks.map(\.twoTheta), intensity: peaks.map(\.intensity),
                                 wavelength: lambda, twoThetaRange: window)
        }
        // Profile: Scherrer size + microstrain + instrument widths, pseudo-Voigt.
        let size = 150 + g.uniformDouble() * 1850          // Å (15–200 nm)
        let micro = g.uniformDouble() * 0.003
        let instrument = 0.04 + g.uniformDouble() * 0.08    // degrees
        let eta = 0.3 + 0.5 * g.uniformDouble()
        let noise = g.uniformDouble() * s.maxNoise
        let background = g.uniformDouble() * s.maxBackground
        let tau = 15 + g.uniformDouble() * 60
        return Self.profile(peaks: peaks, window: window, step: s.step, wavelength: lambda,
                            size: size, microstrain: micro, instrumentFWHM: instrument, eta: eta,
                            noise: noise, background: background, backgroundDecay: tau, generator: g)
    }

    /// A sampled pseudo-Voigt profile of `peaks` over `window`, with background and Gaussian noise.
    static func profile(peaks: [(twoTheta: Double, intensity: Double)], window: ClosedRange<Double>, step: Double,
                        wavelength: Double, size: Double, microstrain: Double, instrumentFWHM: Double, eta: Double,
                        noise: Double, background: Double, backgroundDecay: Double,
                        generator g: SeededGenerator?) -> SpectrumInput {
        let n = Int((window.upperBound - window.lowerBound) / step) + 1
        let x = (0..<n).map { window.lowerBound + Double($0) * step }
        var y = [Double](repeating: 0, count: n)
        let top = peaks.map(\.intensity).max() ?? 1
        for p in peaks {
            let theta = p.twoTheta * Double.pi / 360
            let scherrer = 0.9 * wavelength / (size * cos(theta)) * 180 / Double.pi
            let strainWidth = 4 * microstrain * tan(theta) * 180 / Double.pi
            let fwhm = (instrumentFWHM * instrumentFWHM + scherrer * scherrer + strainWidth * strainWidth).squareRoot()
            let reach = 12 * fwhm
            let lo = Swift.max(0, Int(((p.twoTheta - reach - window.lowerBound) / step).rounded(.down)))
            let hi = Swift.min(n - 1, Int(((p.twoTheta + reach - window.lowerBound) / step).rounded(.up)))
            guard lo <= hi else { continue }
            let invG2 = 4 / (fwhm * fwhm), ln2x4 = 4 * M_LN2 / (fwhm * fwhm)
            for k in lo...hi {
                let d = x[k] - p.twoTheta
                y[k] += p.intensity / top * (eta / (1 + invG2 * d * d) + (1 - eta) * exp(-ln2x4 * d * d))
            }
        }
        for k in 0..<n {
            y[k] += background * (exp(-(x[k] - window.lowerBound) / backgroundDecay) + 0.3)
            if let g, noise > 0 { y[k] += noise * g.normal() }
        }
        return SpectrumInput(kind: .profile, twoTheta: x, intensity: y, wavelength: wavelength, twoThetaRange: window)
    }

    /// The clean pattern at `wavelength` (peak list) over `window`: an evaluation query.
    public static func clean(_ reflections: Reflections, wavelength: Double, window: ClosedRange<Double>) -> SpectrumInput? {
        let peaks = reflections.peaks(wavelength: wavelength, window: window).map { (twoTheta: $0.twoTheta, intensity: $0.intensity) }
        guard !peaks.isEmpty else { return nil }
        return SpectrumInput(kind: .peaks, twoTheta: peaks.map(\.twoTheta), intensity: peaks.map(\.intensity),
                             wavelength: wavelength, twoThetaRange: window)
    }
}
