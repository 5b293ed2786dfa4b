import Foundation
import Testing
@testable import Chemistry

/// Rendered micrographs: peaks where the projected lattice puts them, Z-contrast, periodicity,
/// determinism, noise statistics and settings validation.
struct STEMSimulatorTests {
    /// Pixels above `threshold`, away from the border, at least as bright as their 8 neighbours and
    /// strictly brighter than those before them in raster order (so a tie yields one maximum).
    static func localMaxima(_ image: GrayImage, threshold: Float, border: Int = 2) -> [SIMD2<Double>] {
        var out = [SIMD2<Double>]()
        for y in border..<(image.height - border) {
            for x in border..<(image.width - border) {
                let v = image[x, y]
                guard v > threshold else { continue }
                var isMax = true
                for dy in -1...1 {
                    for dx in -1...1 where (dx, dy) != (0, 0) {
                        let n = image[x + dx, y + dy]
                        let before = dy < 0 || (dy == 0 && dx < 0)
                        if n > v || (before && n == v) { isMax = false }
                    }
                }
                if isMax { out.append(SIMD2(Double(x), Double(y))) }
            }
        }
        return out
    }

    static func distance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { ((a - b) * (a - b)).sum().squareRoot() }

    @Test func peaksSitOnTheProjectedLattice() throws {
        // Simple cubic a = 4 Å down [001] and galena down [001] (square net of a/2 = 2.968 Å), rotated
        // 17° and offset so columns fall between pixel centres. Reference: `columns(for:)`, itself
        // checked against the lattice below. Tolerance: one pixel.
        for (crystal, spacing) in [(STEMTestCrystals.simpleCubic(4), 4.0), (STEMTestCrystals.galena, 5.936 / 2)] {
            let sim = try STEMSimulator(crystal: crystal, zoneAxis: [0, 0, 1])
            let settings = STEMSettings(width: 80, height: 64, pixelSize: 0.2, probeFWHM: 0.8, rotation: 17,
                                        offset: [0.13, -0.31])
            let image = try sim.render(settings, seed: 1)
            let columns = try sim.columns(for: settings)
            let peaks = Self.localMaxima(image, threshold: 0.5, border: 1)
            // Every column well inside has a peak within a pixel, and every peak well inside has a column.
            func inner(_ p: SIMD2<Double>) -> Bool { p.x >= 4 && p.x <= 75 && p.y >= 4 && p.y <= 59 }
            let inside = columns.filter { inner(SIMD2($0.x, $0.y)) }
            #expect(inside.count > 5)
            for c in inside {
                let nearest = peaks.map { Self.distance($0, SIMD2(c.x, c.y)) }.min() ?? .infinity
                #expect(nearest <= 1, "column at (\(c.x), \(c.y)): nearest peak \(nearest) px")
            }
            for p in peaks where inner(p) {
                let nearest = columns.map { Self.distance(p, SIMD2($0.x, $0.y)) }.min() ?? .infinity
                #expect(nearest <= 1, "peak at \(p): nearest column \(nearest) px")
            }
            // Predicted columns form the projected net: nearest-neighbour distance = spacing (1e-9 Å).
            let first = SIMD2(inside[0].x, inside[0].y)
            let nn = inside.dropFirst().map { Self.distance(SIMD2($0.x, $0.y), first) }.min() ?? 0
            #expect(abs(nn * settings.pixelSize - spacing) < 1e-9)
        }
    }

    @Test func heavierColumnsAreBrighter() throws {
        // Galena down [110] has pure Pb and pure S columns, nearest Pb–S 2.099 Å apart (a/2√2).
        // Integrated intensity in a 0.8 Å disk (3.8σ for a 0.5 Å probe) around each: the ratio is
        // (82/16)^1.7 = 16.09 by the model; disk truncation (0.08%) cancels in the ratio and a Pb
        // tail reaches an S disk only beyond 6σ, so tolerance 2%.
        let sim = try STEMSimulator(crystal: STEMTestCrystals.galena, zoneAxis: [1, 1, 0])
        let settings = STEMSettings(width: 240, height: 240, pixelSize: 0.05, probeFWHM: 0.5, offset: [0.011, 0.017])
        let image = try sim.render(settings, seed: 3)
        let columns = try sim.columns(for: settings).filter { $0.x > 20 && $0.x < 220 && $0.y > 20 && $0.y < 220 }
        func integrated(_ c: STEMSimulator.ImagedColumn) -> Double {
            var sum = 0.0
            let r = 0.8 / settings.pixelSize
            for y in Int(c.y - r - 1)...Int(c.y + r + 1) {
                for x in Int(c.x - r - 1)...Int(c.x + r + 1) where Self.distance(SIMD2(Double(x), Double(y)), SIMD2(c.x, c.y)) <= r {
                    sum += Double(image[x, y])
                }
            }
            return sum
        }
        let lead = columns.filter { sim.projection.columns[$0.columnIndex].atomicNumbers == [82] }.map(integrated)
        let sulfur = columns.filter { sim.projection.columns[$0.columnIndex].atomicNumbers == [16] }.map(integrated)
        #expect(lead.count >= 4 && sulfur.count >= 4)
        let ratio = (lead.reduce(0, +) / Double(lead.count)) / (sulfur.reduce(0, +) / Double(sulfur.count))
        let expected = pow(82.0 / 16.0, 1.7)
        #expect(abs(ratio / expected - 1) < 0.02, "ratio \(ratio), expected \(expected)")
        // Amplitudes themselves are exactly the model's (Pb column = 1, the brightest).
        #expect(columns.filter { sim.projection.columns[$0.columnIndex].atomicNumbers == [82] }.allSatisfy { $0.amplitude == 1 })
    }

    @Test func projectedPeriodicityDownHigherAxes() throws {
        // Simple cubic a = 4 Å: nearest peak distance down [110] is a/√2 = 2.828 Å, down [111] it is
        // a·√(2/3) = 3.266 Å (hexagonal net, 6 neighbours). Measured between integer peak pixels, each
        // within half a pixel of its column in x and y: tolerance √2 px = 0.28 Å, use 0.3 Å; the mean
        // over the shell averages the rounding out: 0.1 Å.
        let sc = STEMTestCrystals.simpleCubic(4, "Mo")
        for (zone, spacing, neighbours) in [(SIMD3(1, 1, 0), 4 / 2.0.squareRoot(), 2), (SIMD3(1, 1, 1), 4 * (2.0 / 3).squareRoot(), 6)] {
            let sim = try STEMSimulator(crystal: sc, zoneAxis: zone)
            let settings = STEMSettings(width: 96, height: 96, pixelSize: 0.2, probeFWHM: 0.8)
            let peaks = Self.localMaxima(try sim.render(settings, seed: 0), threshold: 0.5)
            #expect(peaks.count > 20)
            let centre = SIMD2(48.0, 48.0)
            let middle = try #require(peaks.min { Self.distance($0, centre) < Self.distance($1, centre) })
            let d = peaks.map { Self.distance($0, middle) * settings.pixelSize }.filter { $0 > 0.5 }.sorted()
            #expect(abs(d[0] - spacing) <= 0.3, "\(zone): nearest \(d[0]) Å")
            // The number of neighbours at that distance: 2 along the [1-10] rows, 6 on the hexagonal net.
            let shell = d.filter { abs($0 - spacing) <= 0.3 }
            #expect(shell.count == neighbours, "\(zone): \(d.prefix(8))")
            #expect(abs(shell.reduce(0, +) / Double(shell.count) - spacing) < 0.1)
        }
    }

    @Test func deterministicPerSeed() throws {
        let sim = try STEMSimulator(crystal: STEMTestCrystals.galena, zoneAxis: [1, 1, 1])
        var settings = STEMSettings(width: 48, height: 40, pixelSize: 0.25, probeFWHM: 1.1, rotation: 33)
        settings.dose = 800
        settings.gaussianNoise = 0.05
        settings.lineJitter = 0.1
        settings.driftPerRow = [0.01, 0.002]
        let a = try sim.render(settings, seed: 42), b = try sim.render(settings, seed: 42)
        let c = try sim.render(settings, seed: 43)
        #expect(a == b)
        #expect(a != c)
        #expect(a.width == 48 && a.height == 40)
    }

    @Test func driftMovesLaterRowsOnly() throws {
        // Drift of 0.02 Å per row in x: row 0 is untouched, row r is displaced by r·0.02 Å.
        let sim = try STEMSimulator(crystal: STEMTestCrystals.simpleCubic(4), zoneAxis: [0, 0, 1])
        var settings = STEMSettings(width: 64, height: 64, pixelSize: 0.2, probeFWHM: 1)
        let still = try sim.render(settings, seed: 0)
        settings.driftPerRow = [0.02, 0]
        let drifted = try sim.render(settings, seed: 0)
        #expect(Array(still.pixels[0..<64]) == Array(drifted.pixels[0..<64]))
        // Row 50 is shifted by 1.0 Å = 5 px: it equals the still row shifted by 5 pixels (tolerance
        // 1e-4: the same Gaussian sampled at the same offsets, summed in a different order).
        let r = 50
        for x in 10..<54 { #expect(abs(drifted[x, r] - still[x - 5, r]) < 1e-4) }
    }

    @Test func noiseHasTheRequestedStatistics() throws {
        let sim = try STEMSimulator(crystal: STEMTestCrystals.galena, zoneAxis: [0, 0, 1])
        var settings = STEMSettings(width: 128, height: 128, pixelSize: 0.2, probeFWHM: 1, background: 0.1)
        let clean = try sim.render(settings, seed: 0)
        // Gaussian noise σ = 0.05: the sample deviation of (noisy − clean) over 16,384 pixels is within
        // 3% of σ (its relative standard error is 1/√(2n) ≈ 0.55%).
        settings.gaussianNoise = 0.05
        let noisy = try sim.render(settings, seed: 9)
        let diff = zip(noisy.pixels, clean.pixels).map { Double($0 - $1) }
        let mean = diff.reduce(0, +) / Double(diff.count)
        let sd = (diff.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(diff.count)).squareRoot()
        #expect(abs(sd / 0.05 - 1) < 0.03 && abs(mean) < 0.002)
        // Poisson counting at 100 e/Å² (4 e per pixel at intensity 1): unbiased, so the image mean
        // matches the clean mean within 4 standard errors; the variance is mean / (dose·px²).
        settings.gaussianNoise = 0
        settings.dose = 100
        let counted = try sim.render(settings, seed: 10)
        let cleanMean = clean.pixels.reduce(0) { $0 + Double($1) } / Double(clean.pixels.count)
        let countedMean = counted.pixels.reduce(0) { $0 + Double($1) } / Double(counted.pixels.count)
        let standardError = (cleanMean / 4 / Double(clean.pixels.count)).squareRoot()
        #expect(abs(countedMean - cleanMean) < 4 * standardError, "\(countedMean) vs \(cleanMean)")
        // Counts are integers: every pixel is a multiple of 1/(dose·px²) = 0.25.
        #expect(counted.pixels.allSatisfy { ($0 * 4).rounded() == $0 * 4 })
    }

    @Test func invalidSettingsAreTypedErrors() throws {
        let sim = try STEMSimulator(crystal: STEMTestCrystals.simpleCubic(4), zoneAxis: [0, 0, 1])
        #expect(throws: STEMError.invalidImageSize(width: 0, height: 64)) {
            try sim.render(STEMSettings(width: 0, height: 64), seed: 0)
        }
        #expect(throws: STEMError.invalidImageSize(width: 100_000, height: 100_000)) {
            try sim.render(STEMSettings(width: 100_000, height: 100_000), seed: 0)
        }
        #expect(throws: STEMError.invalidSetting(field: "pixelSize", value: -1)) {
            try sim.render(STEMSettings(pixelSize: -1), seed: 0)
        }
        #expect(throws: STEMError.invalidSetting(field: "probeFWHM", value: 0)) {
            try sim.render(STEMSettings(probeFWHM: 0), seed: 0)
        }
        var nanDose = STEMSettings()
        nanDose.dose = .nan
        #expect(throws: STEMError.self) { try sim.render(nanDose, seed: 0) }
        // 8192² pixels of 100 Å each would hold ~4·10¹¹ columns.
        #expect(throws: STEMError.self) {
            try sim.render(STEMSettings(width: 8192, height: 8192, pixelSize: 100), seed: 0)
        }
    }

    @Test func trainingSizedImagesStayCheap() throws {
        // Not a timing test: the number of splatted columns for a 96 × 96 image at 0.2 Å/px stays
        // proportional to the field of view (19.2² Å² / cell area, plus the margin).
        let sim = try STEMSimulator(crystal: STEMTestCrystals.galena, zoneAxis: [0, 0, 1])
        let settings = STEMSettings(width: 96, height: 96, pixelSize: 0.2)
        let columns = try sim.columns(for: settings, margin: 2)
        let expected = (19.2 + 4) * (19.2 + 4) / sim.projection.cellArea * 4
        #expect(Double(columns.count) < 1.2 * expected && Double(columns.count) > 0.8 * expected)
    }
}
