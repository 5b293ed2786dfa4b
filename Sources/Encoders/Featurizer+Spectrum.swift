import Foundation

/// XRD → the model's q grid.
///
/// Any wavelength maps to the same grid: each 2θ becomes q = 4π sin(θ)/λ (Å⁻¹), which depends only
/// on the d-spacing (q = 2π/d). The grid is `points` evenly spaced values over `qMin…qMax`.
/// - A **profile** is resampled: each grid point inside the measured q range takes the largest
///   sample within half a grid step of it (so a sharp peak between grid points is not lost), or the
///   linear interpolation of its neighbours when no sample falls there.
/// - A **peak list** is broadened: each peak adds a pseudo-Voigt of height I, FWHM `peakFWHM` (Å⁻¹)
///   and Lorentzian fraction `peakEta`, centred on its q.
/// Then intensities are clipped at 0, divided by their maximum over the mask, and raised to
/// `intensityPower`. The mask is 1 on grid points inside the measured 2θ window (converted to q):
/// `twoThetaRange` when given; else a profile's first…last sample, or for a peak list
/// `min(peakListStart, first − 1°)…last + peakListEndMargin`.
extension Featurizer {
    /// q (Å⁻¹) of a 2θ (degrees) at `wavelength` (Å).
    public static func q(twoTheta: Double, wavelength: Double) -> Double {
        4 * Double.pi * sin(twoTheta * Double.pi / 360) / wavelength
    }

    /// The grid's q values (Å⁻¹).
    public var spectrumGrid: [Double] {
        let s = config.spectrum
        let step = (s.qMax - s.qMin) / Double(s.points - 1)
        return (0..<s.points).map { s.qMin + Double($0) * step }
    }

    /// The pattern on the q grid with its mask.
    /// - Throws: `.empty("x"|"peaks")`, `.lengthMismatch`, `.notFinite`, `.invalidWavelength`,
    ///   `.twoThetaOutOfRange`, `.outsideGrid`, `.noSignal`.
    public func spectrum(_ input: SpectrumInput) throws(EncoderError) -> SpectrumFeatures {
        let xField = input.kind == .profile ? "x" : "peaks"
        let yField = input.kind == .profile ? "y" : "peaks"
        guard input.wavelength.isFinite, input.wavelength > 0 else { throw .invalidWavelength(input.wavelength) }
        guard !input.twoTheta.isEmpty else { throw .empty(field: xField) }
        guard input.intensity.count == input.twoTheta.count else {
            throw .lengthMismatch(field: yField, expected: input.twoTheta.count, found: input.intensity.count)
        }
        for (i, t) in input.twoTheta.enumerated() {
            guard t.isFinite else { throw .notFinite(field: xField, index: i) }
            guard t > 0, t < 180 else { throw .twoThetaOutOfRange(field: xField, index: i, value: t) }
        }
        for (i, y) in input.intensity.enumerated() where !y.isFinite {
            throw .notFinite(field: yField, index: i)
        }
        if let r = input.twoThetaRange {
            // `range[0]` and `range[1]` must lie within [0°, 180°].
            guard r.lowerBound.isFinite, r.lowerBound >= 0 else {
                throw .twoThetaOutOfRange(field: "range", index: 0, value: r.lowerBound)
            }
            guard r.upperBound.isFinite, r.upperBound <= 180 else {
                throw .twoThetaOutOfRange(field: "range", index: 1, value: r.upperBound)
            }
        }
        let s = config.spectrum
        let n = s.points
        let step = (s.qMax - s.qMin) / Double(n - 1)
        let lambda = input.wavelength
        let qs = input.twoTheta.map { Self.q(twoTheta: $0, wavelength: lambda) }

        // The measured window in 2θ (the arrays are non-empty, checked above).
        let lowest = input.twoTheta.min() ?? 0, highest = input.twoTheta.max() ?? 0
        let window: ClosedRange<Double>
        if let r = input.twoThetaRange {
            window = r
        } else if input.kind == .profile {
            window = lowest...highest
        } else {
            let lo = Swift.min(s.peakListStart, lowest - 1)
            let hi = highest + s.peakListEndMargin
            window = Swift.max(lo, 0.01)...Swift.min(hi, 179.99)
        }
        let qLo = Self.q(twoTheta: window.lowerBound, wavelength: lambda)
        let qHi = Self.q(twoTheta: window.upperBound, wavelength: lambda)
        // Grid indices covered by the window.
        let first = Swift.max(0, Int(((qLo - s.qMin) / step).rounded(.up)))
        let last = Swift.min(n - 1, Int(((qHi - s.qMin) / step).rounded(.down)))
        guard first <= last else { throw .outsideGrid(field: xField, qMin: s.qMin, qMax: s.qMax) }

        var values = [Double](repeating: 0, count: n)
        switch input.kind {
        case .profile: resample(q: qs, y: input.intensity, into: &values, range: first...last, step: step)
        case .peaks: broaden(q: qs, y: input.intensity, into: &values, range: first...last, step: step)
        }
        var peak = 0.0
        for k in first...last { peak = Swift.max(peak, values[k]) }
        guard peak > 0 else { throw .noSignal(field: yField) }
        var intensity = [Float](repeating: 0, count: n), mask = intensity
        for k in first...last {
            let v = Swift.max(0, values[k]) / peak
            intensity[k] = Float(s.intensityPower == 1 ? v : pow(v, s.intensityPower))
            mask[k] = 1
        }
        return SpectrumFeatures(intensity: intensity, mask: mask)
    }

    /// Max-in-bin resampling with linear interpolation for empty bins.
    private func resample(q: [Double], y: [Double], into out: inout [Double], range: ClosedRange<Int>, step: Double) {
        let qMin = config.spectrum.qMin
        let order = q.indices.sorted { q[$0] < q[$1] }
        let qs = order.map { q[$0] }, ys = order.map { y[$0] }
        var binMax = [Double?](repeating: nil, count: out.count)
        for (j, qj) in qs.enumerated() {
            let k = Int(((qj - qMin) / step).rounded())
            guard range.contains(k) else { continue }
            binMax[k] = Swift.max(binMax[k] ?? -.infinity, ys[j])
        }
        var j = 0
        for k in range {
            if let m = binMax[k] { out[k] = m; continue }
            let qk = qMin + Double(k) * step
            while j + 1 < qs.count && qs[j + 1] < qk { j += 1 }
            if qs.count == 1 || qk <= qs[0] {
                out[k] = ys[0]
            } else if j + 1 >= qs.count {
                out[k] = ys[qs.count - 1]
            } else {
                let span = qs[j + 1] - qs[j]
                let t = span > 0 ? (qk - qs[j]) / span : 0
                out[k] = ys[j] + Swift.max(0, Swift.min(1, t)) * (ys[j + 1] - ys[j])
            }
        }
    }

    /// Pseudo-Voigt broadening of sticks, truncated at 10 FWHM.
    private func broaden(q: [Double], y: [Double], into out: inout [Double], range: ClosedRange<Int>, step: Double) {
        let s = config.spectrum
        let fwhm = s.peakFWHM, eta = s.peakEta
        let invG2 = 4 / (fwhm * fwhm), ln2x4 = 4 * M_LN2 / (fwhm * fwhm)
        let reach = Int((10 * fwhm / step).rounded(.up))
        for (qi, yi) in zip(q, y) where yi > 0 {
            let centre = Int(((qi - s.qMin) / step).rounded())
            let lo = Swift.max(range.lowerBound, centre - reach), hi = Swift.min(range.upperBound, centre + reach)
            guard lo <= hi else { continue }
            for k in lo...hi {
                let d = s.qMin + Double(k) * step - qi
                let d2 = d * d
                out[k] += yi * (eta / (1 + invG2 * d2) + (1 - eta) * exp(-ln2x4 * d2))
            }
        }
    }
}
