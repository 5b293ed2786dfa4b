#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension XRDPattern {
    /// The pattern broadened into a continuous profile sampled at `grid` (2θ in degrees).
    ///
    /// Every peak becomes a pseudo-Voigt of its intensity as height:
    /// `I · [η · L(Δ) + (1 − η) · G(Δ)]` with `L = 1 / (1 + 4(Δ/Γ)²)` and
    /// `G = exp(−4 ln 2 (Δ/Γ)²)`, Δ = 2θ − 2θ_peak and Γ = `fwhm`; so an isolated peak keeps its
    /// height and has full width `fwhm` at half maximum. Contributions beyond 100 Γ of a peak are
    /// dropped (a Lorentzian is below 3·10⁻⁵ of its height there).
    /// - Parameters:
    ///   - grid: sample positions, 2θ in degrees; any order (ascending is faster).
    ///   - fwhm: full width at half maximum Γ in degrees of 2θ, > 0.
    ///   - eta: the Lorentzian fraction η in 0…1 (0 = Gaussian, 1 = Lorentzian).
    /// - Returns: one intensity per grid point.
    /// - Complexity: O(peaks · points within the window) for an ascending grid.
    public func profile(on grid: [Double], fwhm: Double, eta: Double = 0.5) -> [Double] {
        precondition(fwhm > 0 && fwhm.isFinite, "fwhm must be a positive number of degrees")
        precondition((0...1).contains(eta), "eta must be within 0...1")
        var out = [Double](repeating: 0, count: grid.count)
        guard !grid.isEmpty else { return out }
        let ascending = zip(grid, grid.dropFirst()).allSatisfy { $0 <= $1 }
        let cutoff = 100 * fwhm
        let invG2 = 4 / (fwhm * fwhm)
        let ln2x4 = 4 * M_LN2 / (fwhm * fwhm)
        for peak in peaks {
            let lo = ascending ? lowerBound(grid, peak.twoTheta - cutoff) : 0
            let hi = ascending ? lowerBound(grid, peak.twoTheta + cutoff) : grid.count
            for i in lo..<hi {
                let delta = grid[i] - peak.twoTheta
                guard Swift.abs(delta) <= cutoff else { continue }
                let d2 = delta * delta
                let lorentz = 1 / (1 + invG2 * d2)
                let gauss = exp(-ln2x4 * d2)
                out[i] += peak.intensity * (eta * lorentz + (1 - eta) * gauss)
            }
        }
        return out
    }

    /// The profile on an evenly spaced grid `range.lowerBound, +step, …` up to `range.upperBound`
    /// (inclusive within half a step).
    /// - Parameters:
    ///   - range: 2θ window in degrees.
    ///   - step: spacing in degrees, > 0.
    ///   - fwhm: full width at half maximum in degrees.
    ///   - eta: the Lorentzian fraction η in 0…1.
    /// - Returns: the grid and the intensity at each grid point.
    public func profile(over range: ClosedRange<Double>, step: Double, fwhm: Double,
                        eta: Double = 0.5) -> (twoTheta: [Double], intensity: [Double]) {
        precondition(step > 0 && step.isFinite, "step must be a positive number of degrees")
        let n = Int(((range.upperBound - range.lowerBound) / step + 0.5).rounded(.down)) + 1
        let grid = (0..<n).map { range.lowerBound + Double($0) * step }
        return (grid, profile(on: grid, fwhm: fwhm, eta: eta))
    }
}

/// The first index whose value is ≥ `x` in an ascending array.
private func lowerBound(_ a: [Double], _ x: Double) -> Int {
    var lo = 0, hi = a.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if a[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
