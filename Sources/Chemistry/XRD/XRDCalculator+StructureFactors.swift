#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One reciprocal-lattice point in the window: its indices, |g| (Å⁻¹), 2θ (degrees) and
/// unscaled intensity 2 |F|² · Lp.
struct Reflection {
    var h: Int32, k: Int32, l: Int32
    var g: Double
    var twoTheta: Double
    var intensity: Double
}

/// exp(2πi·m·u) for every scatterer and every index m of one window, in one flat buffer of SIMD4
/// chunks (4 scatterers each), index-major: `[x re | x im | y re | y im | z re | z im]`.
/// The x block is pre-multiplied by the occupancies.
struct PhaseTables {
    var storage: [SIMD4<Double>] = []
    /// Chunks per index row.
    let chunks: Int
    let hRange: ClosedRange<Int>, kRange: ClosedRange<Int>, lRange: ClosedRange<Int>
    /// Offsets of the six blocks in `storage`.
    private(set) var xRe = 0, xIm = 0, yRe = 0, yIm = 0, zRe = 0, zIm = 0

    init(_ s: Scatterers, bounds: SIMD3<Int>) {
        chunks = s.x.count
        (hRange, kRange, lRange) = (0...bounds.x, -bounds.y...bounds.y, -bounds.z...bounds.z)
        storage.reserveCapacity(2 * chunks * (hRange.count + kRange.count + lRange.count))
        (xRe, xIm) = append(s.x, hRange, weights: s.occupancy)
        (yRe, yIm) = append(s.y, kRange, weights: nil)
        (zRe, zIm) = append(s.zc, lRange, weights: nil)
    }

    /// Appends the (re, im) blocks of exp(2πi·m·u) for m in `range`, returning their offsets.
    ///
    /// Built by complex multiplication from exp(2πi·u): after m steps the error is about m·ε
    /// (≈ 1e-14 for m ≤ 100), far below what the 1e-5° merge or the intensities can see.
    private mutating func append(_ u: [SIMD4<Double>], _ range: ClosedRange<Int>,
                                 weights: [SIMD4<Double>]?) -> (Int, Int) {
        let reOffset = storage.count, imOffset = reOffset + chunks * range.count
        storage.append(contentsOf: repeatElement(.zero, count: 2 * chunks * range.count))
        for c in 0..<chunks {
            var stepR = SIMD4<Double>.zero, stepI = stepR, r = stepR, i = stepR
            for lane in 0..<4 {
                let angle = 2 * Double.pi * u[c][lane]
                (stepR[lane], stepI[lane]) = (cos(angle), sin(angle))
                let first = 2 * Double.pi * Double(range.lowerBound) * u[c][lane]
                (r[lane], i[lane]) = (cos(first), sin(first))
            }
            if let w = weights?[c] { (r, i) = (r * w, i * w) }
            for row in 0..<range.count {
                storage[reOffset + row * chunks + c] = r
                storage[imOffset + row * chunks + c] = i
                (r, i) = (r * stepR - i * stepI, r * stepI + i * stepR)
            }
        }
        return (reOffset, imOffset)
    }
}

extension Scatterers {
    /// Every reflection of the Friedel half-space (h > 0, or h = 0 and k > 0, or h = k = 0 and
    /// l > 0) with `minRadius` ≤ |g| ≤ `maxRadius` (Å⁻¹), with its unscaled intensity.
    ///
    /// Per (h, k) row, P_j = occupancy_j · exp(2πi (h x_j + k y_j)) is formed once; each l of the
    /// row (the l's inside the sphere, from its quadratic) then costs one complex multiply-add per
    /// scatterer, four scatterers per SIMD lane group, plus the element scattering factors.
    /// - Complexity: O(R · N) for R reflections and N scatterers, no allocation besides the result.
    func reflections(in space: ReciprocalSpace, minRadius: Double, maxRadius: Double,
                     bounds: SIMD3<Int>, wavelength lambda: Double) -> [Reflection] {
        let tables = PhaseTables(self, bounds: bounds)
        let n = tables.chunks
        let (kMax, lMax) = (bounds.y, bounds.z)
        let maxR2 = maxRadius * maxRadius, minR2 = minRadius * minRadius
        let cc = dot(space.cStar, space.cStar)
        let extinction = 1e-18 * forwardScatteringSquared
        var anyAllowed = false
        var out: [Reflection] = []
        var scratch = [SIMD4<Double>](repeating: .zero, count: 2 * n)
        tables.storage.withUnsafeBufferPointer { t in
        scratch.withUnsafeMutableBufferPointer { p in
        groups.withUnsafeBufferPointer { groups in
            for h in tables.hRange {
                for k in tables.kRange {
                    if h == 0 && k < 0 { continue }
                    let u = Double(h) * space.aStar + Double(k) * space.bStar
                    let uc = dot(u, space.cStar), uu = dot(u, u)
                    let disc = uc * uc - cc * (uu - maxR2)
                    if disc < 0 { continue }
                    let root = disc.squareRoot()
                    var lFirst = Swift.max(-lMax, Int(((-uc - root) / cc).rounded(.down)))
                    let lLast = Swift.min(lMax, Int(((-uc + root) / cc).rounded(.up)))
                    if h == 0 && k == 0 { lFirst = Swift.max(lFirst, 1) }
                    if lFirst > lLast { continue }
                    let xr = tables.xRe + h * n, xi = tables.xIm + h * n
                    let yr = tables.yRe + (k + kMax) * n, yi = tables.yIm + (k + kMax) * n
                    for c in 0..<n {
                        let (ar, ai, br, bi) = (t[xr + c], t[xi + c], t[yr + c], t[yi + c])
                        p[c] = ar * br - ai * bi
                        p[n + c] = ar * bi + ai * br
                    }
                    for l in lFirst...lLast {
                        let gv = u + Double(l) * space.cStar
                        let g2 = dot(gv, gv)
                        if g2 > maxR2 || (minRadius > 0 && g2 < minR2) { continue }
                        let zr = tables.zRe + (l + lMax) * n, zi = tables.zIm + (l + lMax) * n
                        let s2 = g2 / 4
                        var fr = 0.0, fi = 0.0
                        for group in groups {
                            var sr = SIMD4<Double>.zero, si = SIMD4<Double>.zero
                            for c in group.firstChunk ..< group.firstChunk + group.chunkCount {
                                let (er, ei, pr, pi) = (t[zr + c], t[zi + c], p[c], p[n + c])
                                sr += pr * er - pi * ei
                                si += pr * ei + pi * er
                            }
                            let f = group.factor(sSquared: s2)
                            fr += f * sr.sum()
                            fi += f * si.sum()
                        }
                        let f2 = fr * fr + fi * fi
                        anyAllowed = anyAllowed || f2 >= extinction
                        let g = g2.squareRoot()
                        // sin θ = λ|g|/2 (Bragg); cos θ and cos 2θ follow without more trigonometry.
                        let sinTheta = Swift.min(1, lambda * g / 2), sin2 = sinTheta * sinTheta
                        let cosTheta = (1 - sin2).squareRoot(), cos2 = 1 - 2 * sin2
                        // Exact back-scattering (2θ = 180°) has an infinite Lorentz factor: skip it.
                        if cosTheta < 1e-12 { continue }
                        let lp = (1 + cos2 * cos2) / (sin2 * cosTheta)
                        out.append(Reflection(h: Int32(h), k: Int32(k), l: Int32(l), g: g,
                                              twoTheta: 2 * asin(sinTheta) * (180 / Double.pi),
                                              intensity: 2 * f2 * lp))
                    }
                }
            }
        } } }
        // A window holding only extinct reflections gives no peaks rather than rounding noise
        // rescaled to 100. Otherwise extinct reflections stay: pymatgen counts them in the hkl
        // families of the peak they share a 2θ with.
        return anyAllowed ? out : []
    }
}
