import Foundation

extension STEMSimulator {
    /// Renders one micrograph.
    ///
    /// Order of operations: scan offsets per row (drift, then jitter drawn from the generator),
    /// Gaussian splats of every column, background, Poisson counting, Gaussian noise — all random
    /// numbers from SplitMix64 seeded with `seed`, so equal settings and seed give equal images.
    /// - Throws: `STEMError` for invalid settings or too many columns in view.
    /// - Complexity: O(columns in view × (8σ / pixelSize)² + width × height).
    public func render(_ settings: STEMSettings, seed: UInt64) throws(STEMError) -> GrayImage {
        try settings.validate()
        let (w, h) = (settings.width, settings.height)
        let px = settings.pixelSize
        let sigma = settings.probeSigma
        let cutoff = 4 * sigma  // exp(−8) ≈ 3.4e−4 of the peak is dropped beyond it
        var rng = SplitMix64(seed: seed)

        // Row displacement of the specimen: s(r) = r · drift + jitter_r (Å).
        var shiftX = [Double](repeating: 0, count: h), shiftY = [Double](repeating: 0, count: h)
        var maxShiftX = 0.0
        for r in 0..<h {
            shiftX[r] = Double(r) * settings.driftPerRow.x
            if settings.lineJitter > 0 { shiftX[r] += settings.lineJitter * rng.normal() }
            shiftY[r] = Double(r) * settings.driftPerRow.y
            maxShiftX = Swift.max(maxShiftX, Swift.abs(shiftX[r]))
        }
        let maxShiftY = Swift.abs(Double(h) * settings.driftPerRow.y)
        let columns = try columns(for: settings, margin: cutoff + Swift.max(maxShiftX, maxShiftY) + px)

        var image = [Double](repeating: 0, count: w * h)
        let inv2s2 = 1 / (2 * sigma * sigma)
        let stepRatio = exp(-px * px / (sigma * sigma))  // g(d + 2h)/g(d + h) ÷ g(d + h)/g(d)
        let rowPitch = px - settings.driftPerRow.y         // > 0.5 px by validation
        for column in columns {
            // Column centre in Å (undo the pixel-centre convention of `columns(for:)`).
            let cx = (column.x + 0.5) * px, cy = (column.y + 0.5) * px
            // Rows whose probe passes within the cutoff: (r + 0.5)·px − r·drift.y ∈ cy ± cutoff.
            let rLo = Int(((cy - cutoff - 0.5 * px) / rowPitch).rounded(.down))
            let rHi = Int(((cy + cutoff - 0.5 * px) / rowPitch).rounded(.up))
            guard rHi >= 0, rLo < h else { continue }
            for r in Swift.max(0, rLo)...Swift.min(h - 1, rHi) {
                // The specimen has moved by s(r): the probe at pixel centre P sees the column at cx + s.
                let dy = (Double(r) + 0.5) * px - (cy + shiftY[r])
                guard Swift.abs(dy) <= cutoff else { continue }
                let amplitude = column.amplitude * exp(-dy * dy * inv2s2)
                let x0 = cx + shiftX[r]
                let cLo = Swift.max(0, Int(((x0 - cutoff) / px - 0.5).rounded(.up)))
                let cHi = Swift.min(w - 1, Int(((x0 + cutoff) / px - 0.5).rounded(.down)))
                guard cLo <= cHi else { continue }
                // Gaussian along the row by recurrence: g(d+px) = g(d)·q, q(d+px) = q(d)·stepRatio.
                let d0 = (Double(cLo) + 0.5) * px - x0
                var g = amplitude * exp(-d0 * d0 * inv2s2)
                var q = exp(-(2 * d0 * px + px * px) * inv2s2)
                let rowStart = r * w
                for c in cLo...cHi {
                    image[rowStart + c] += g
                    g *= q
                    q *= stepRatio
                }
            }
        }

        // Background, shot noise, detector noise.
        let background = settings.background
        if let dose = settings.dose {
            let perPixel = dose * px * px
            for i in image.indices {
                let mean = Swift.max(0, image[i] + background) * perPixel
                image[i] = rng.poisson(mean) / perPixel
            }
        } else if background != 0 {
            for i in image.indices { image[i] += background }
        }
        if settings.gaussianNoise > 0 {
            for i in image.indices { image[i] += settings.gaussianNoise * rng.normal() }
        }
        return GrayImage(width: w, height: h, pixels: image.map { Float($0) })
    }
}
