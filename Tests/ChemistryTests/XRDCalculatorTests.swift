import Foundation
import Testing
@testable import Chemistry

/// Hand-checkable cases, invariances and errors of the powder-XRD simulator.
@Suite struct XRDCalculatorTests {
    static let cu = Element(symbol: "Cu")!

    /// Conventional fcc copper, a = 3.615 Å (4 atoms).
    static func copper(a: Double = 3.615, occupancy: Double = 1) -> Crystal {
        let positions: [SIMD3<Double>] = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]
        return Crystal(lattice: Lattice(a: a, b: a, c: a, alpha: 90, beta: 90, gamma: 90),
                       sites: positions.map { Site(occupants: [Occupant(Species(cu), occupancy: occupancy)], fracCoords: $0) })
    }

    /// Rock salt NaCl, a = 5.64 Å (conventional cell, 8 atoms).
    static func rockSalt() -> Crystal {
        let na = Element(symbol: "Na")!, cl = Element(symbol: "Cl")!
        let fcc: [SIMD3<Double>] = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]
        let sites = fcc.map { Site(na, at: $0) } + fcc.map { Site(cl, at: $0 + SIMD3(0.5, 0.5, 0.5)) }
        return Crystal(lattice: Lattice(a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90), sites: sites)
    }

    @Test func copperPeaksSitWhereBraggsLawPutsThem() throws {
        // Bragg: d_hkl = a/√(h²+k²+l²), 2θ = 2 asin(λ / 2d), checked to 1e-9°. With a = 3.615 Å and
        // Cu Kα (1.54184 Å) that is (111) 43.35°, (200) 50.49°, (220) 74.20° — the "43.3° and 50.4°"
        // of any copper pattern. The measured reference, Swanson & Tatge, NBS Circular 539 vol. 1
        // (1953) = ICDD PDF 04-0836, lists d = 2.088, 1.808, 1.278 Å (tolerance 0.002 Å) and
        // intensities 100, 46, 20. fcc extinction leaves only all-even or all-odd hkl: 3 peaks below 90°.
        let pattern = try XRDCalculator().pattern(for: Self.copper())
        #expect(pattern.peaks.count == 3)
        let expected: [([Int], Int, Double)] = [([1, 1, 1], 8, 2.088), ([2, 0, 0], 6, 1.808), ([2, 2, 0], 12, 1.278)]
        for (peak, (hkl, multiplicity, measuredD)) in zip(pattern.peaks, expected) {
            let d = 3.615 / Double(hkl.map { $0 * $0 }.reduce(0, +)).squareRoot()
            #expect(Swift.abs(peak.dSpacing - d) < 1e-12)
            #expect(Swift.abs(peak.twoTheta - 2 * asin(1.54184 / (2 * d)) * 180 / .pi) < 1e-9)
            #expect(Swift.abs(peak.dSpacing - measuredD) < 0.002)
            #expect(peak.families == [HKLFamily(indices: hkl, multiplicity: multiplicity)])
        }
        #expect(Swift.abs(pattern.peaks[0].twoTheta - 43.3) < 0.1)
        #expect(Swift.abs(pattern.peaks[1].twoTheta - 50.4) < 0.1)
        // (111) is the strongest line. The kinematic model without thermal motion gives 46.7 and
        // 26.7 for (200) and (220) against the measured 46 and 20 (thermal damping and sample effects
        // lower the high-angle line): tolerances 5 and 8.
        #expect(pattern.peaks[0].intensity == 100)
        #expect(Swift.abs(pattern.peaks[1].intensity - 46) < 5)
        #expect(Swift.abs(pattern.peaks[2].intensity - 20) < 8)
    }

    @Test func copperIntensityFollowsTheClosedForm() throws {
        // For fcc with 4 identical atoms, F = 4 f(s) for allowed reflections, so
        // I ∝ m · 16 f² · (1 + cos² 2θ)/(sin² θ cos θ) with m the multiplicity; checked to 1e-9 relative
        // against this formula evaluated here with the same scattering factor.
        let pattern = try XRDCalculator().pattern(for: Self.copper())
        let lambda = 1.54184
        func raw(_ peak: XRDPeak) -> Double {
            let theta = peak.twoTheta / 2 * .pi / 180
            let s2 = pow(sin(theta) / lambda, 2)
            let f = AtomicScatteringFactors.value(Self.cu, sSquared: s2)!
            let lp = (1 + pow(cos(2 * theta), 2)) / (pow(sin(theta), 2) * cos(theta))
            return Double(peak.multiplicity) * 16 * f * f * lp
        }
        let reference = raw(pattern.peaks[0])
        for peak in pattern.peaks {
            #expect(Swift.abs(peak.intensity - raw(peak) / reference * 100) < 1e-9 * 100)
        }
    }

    @Test func rockSaltShowsTheOddHKLWeakening() throws {
        // NaCl: F(hkl all odd) = 4(f_Cl − f_Na), F(all even) = 4(f_Cl + f_Na): (111) is weak and
        // (200) the strongest line. Measured reference: Swanson & Fuyat, NBS Circular 539 vol. 2
        // (1953) = ICDD PDF 05-0628: d(111) = 3.258 Å, I = 13; d(200) = 2.821 Å, I = 100.
        // Tolerances: 0.003 Å in d, 10 of 100 for the (111) intensity.
        let pattern = try XRDCalculator().pattern(for: Self.rockSalt())
        let p111 = try #require(pattern.peaks.first { $0.families.first?.indices == [1, 1, 1] })
        let p200 = try #require(pattern.peaks.first { $0.families.first?.indices == [2, 0, 0] })
        #expect(Swift.abs(p111.dSpacing - 3.258) < 0.003)
        #expect(Swift.abs(p200.dSpacing - 2.821) < 0.003)
        #expect(p200.intensity == 100)
        #expect(Swift.abs(p111.intensity - 13) < 10)
    }

    @Test func dSpacingsDoNotDependOnWavelength() throws {
        // The reflections common to both windows have the same d to 1e-12 Å, and each 2θ obeys
        // Bragg's law λ = 2 d sin θ to 1e-12 relative.
        let crystal = Self.rockSalt()
        let cuPattern = try XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 0...180).pattern(for: crystal)
        let moPattern = try XRDCalculator(wavelength: .moKalpha, twoThetaRange: 0...180).pattern(for: crystal)
        #expect(moPattern.peaks.count > cuPattern.peaks.count)
        for (pattern, lambda) in [(cuPattern, 1.54184), (moPattern, 0.71073)] {
            for peak in pattern.peaks {
                let bragg = 2 * peak.dSpacing * sin(peak.twoTheta / 2 * .pi / 180)
                #expect(Swift.abs(bragg - lambda) / lambda < 1e-12)
            }
        }
        let moD = moPattern.peaks.map(\.dSpacing)
        for peak in cuPattern.peaks {
            #expect(moD.contains { Swift.abs($0 - peak.dSpacing) < 1e-12 })
        }
    }

    @Test func halfOccupiedSitesScaleTheStructureFactorNotTheScaledPattern() throws {
        // Every site half occupied: F halves, every intensity quarters, so the scaled pattern is
        // unchanged (to 1e-9). Half of a NaCl cell's Cl replaced by vacancy is different: the
        // (111) line gains, because F(odd) = 4(0.5 f_Cl − f_Na) changes sign and grows in magnitude
        // relative to F(even) = 4(0.5 f_Cl + f_Na).
        let full = try XRDCalculator().pattern(for: Self.copper())
        let half = try XRDCalculator().pattern(for: Self.copper(occupancy: 0.5))
        #expect(full.peaks.count == half.peaks.count)
        for (a, b) in zip(full.peaks, half.peaks) {
            #expect(Swift.abs(a.intensity - b.intensity) < 1e-9)
            #expect(a.twoTheta == b.twoTheta)
        }
        var salt = Self.rockSalt()
        for i in 4..<8 { salt.sites[i].occupants[0].occupancy = 0.5 }
        let ordered = try XRDCalculator().pattern(for: Self.rockSalt())
        let halfCl = try XRDCalculator().pattern(for: salt)
        let i111 = { (p: XRDPattern) in p.peaks.first { $0.families.first?.indices == [1, 1, 1] }?.intensity ?? 0 }
        // Closed form for the (111)/(200) ratio change: (f_Na − 0.5 f_Cl)² / (f_Na + 0.5 f_Cl)² vs
        // (f_Cl − f_Na)² / (f_Cl + f_Na)², with f at the two Bragg angles; checked to 1e-6.
        let lambda = 1.54184, a = 5.64
        func f(_ symbol: String, _ hkl2: Double) -> Double {
            let s2 = hkl2 / (a * a) / 4
            return AtomicScatteringFactors.value(Element(symbol: symbol)!, sSquared: s2)!
        }
        func lp(_ hkl2: Double) -> Double {
            let theta = asin(lambda * hkl2.squareRoot() / a / 2)
            return (1 + pow(cos(2 * theta), 2)) / (pow(sin(theta), 2) * cos(theta))
        }
        let ratioHalf = 8 * pow(f("Na", 3) - 0.5 * f("Cl", 3), 2) * lp(3) / (6 * pow(f("Na", 4) + 0.5 * f("Cl", 4), 2) * lp(4))
        let ratioFull = 8 * pow(f("Cl", 3) - f("Na", 3), 2) * lp(3) / (6 * pow(f("Cl", 4) + f("Na", 4), 2) * lp(4))
        #expect(Swift.abs(i111(halfCl) - 100 * ratioHalf) < 1e-6)
        #expect(Swift.abs(i111(ordered) - 100 * ratioFull) < 1e-6)
    }

    @Test func mixedSiteEqualsItsAverageScatterer() throws {
        // A site shared 50/50 by Cu and Au scatters as 0.5 f_Cu + 0.5 f_Au: the fcc closed form with
        // f = (f_Cu + f_Au)/2 holds to 1e-9 relative.
        let au = Element(symbol: "Au")!
        var alloy = Self.copper(a: 3.85)
        for i in alloy.sites.indices {
            alloy.sites[i].occupants = [Occupant(Species(Self.cu), occupancy: 0.5), Occupant(Species(au), occupancy: 0.5)]
        }
        let pattern = try XRDCalculator().pattern(for: alloy)
        func raw(_ peak: XRDPeak) -> Double {
            let theta = peak.twoTheta / 2 * .pi / 180
            let s2 = pow(sin(theta) / 1.54184, 2)
            let f = 0.5 * AtomicScatteringFactors.value(Self.cu, sSquared: s2)! + 0.5 * AtomicScatteringFactors.value(au, sSquared: s2)!
            return Double(peak.multiplicity) * f * f * (1 + pow(cos(2 * theta), 2)) / (pow(sin(theta), 2) * cos(theta))
        }
        let r0 = raw(pattern.peaks[0])
        for peak in pattern.peaks { #expect(Swift.abs(peak.intensity - raw(peak) / r0 * 100) < 1e-7) }
    }

    @Test func debyeWallerDampsHighAnglesByExpMinus2BsSquared() throws {
        // With B = 0.5 Å² on Cu, intensity carries exp(−2 B s²) relative to B = 0 (F ∝ f·exp(−B s²));
        // the (220)/(111) ratio must change by exactly that factor ratio (1e-9 relative).
        let b = 0.5
        let plain = try XRDCalculator().pattern(for: Self.copper())
        let damped = try XRDCalculator(debyeWallerFactors: [Self.cu: b]).pattern(for: Self.copper())
        func s2(_ p: XRDPeak) -> Double { pow(1 / (2 * p.dSpacing), 2) }
        let expected = plain.peaks[2].intensity * exp(-2 * b * (s2(plain.peaks[2]) - s2(plain.peaks[0])))
        #expect(Swift.abs(damped.peaks[2].intensity - expected) / expected < 1e-9)
    }

    @Test func hexagonalLatticesUseFourIndexFamilies() throws {
        // Magnesium (P6₃/mmc, a = 3.209, c = 5.211 Å, atoms at ⅓ ⅔ ¼ and ⅔ ⅓ ¾): the (1 0 −1 1)
        // line at 36.6° is the strongest (ICDD 35-0821: 36.62°, I = 100; (0 0 0 2) at 34.40°).
        // Positions to 0.05°; families printed with i = −h−k, multiplicity 12 for {10-11}.
        let mg = Element(symbol: "Mg")!
        let crystal = Crystal(lattice: Lattice(a: 3.209, b: 3.209, c: 5.211, alpha: 90, beta: 90, gamma: 120),
                              sites: [Site(mg, at: [1.0 / 3, 2.0 / 3, 0.25]), Site(mg, at: [2.0 / 3, 1.0 / 3, 0.75])])
        let pattern = try XRDCalculator().pattern(for: crystal)
        let strongest = try #require(pattern.peaks.max { $0.intensity < $1.intensity })
        #expect(Swift.abs(strongest.twoTheta - 36.62) < 0.05)
        #expect(strongest.families.count == 1)
        #expect(strongest.families[0].indices.count == 4)
        #expect(strongest.families[0].multiplicity == 12)
        #expect(strongest.families[0].indices[2] == -(strongest.families[0].indices[0] + strongest.families[0].indices[1]))
        let basal = try #require(pattern.peaks.first { $0.families.contains { $0.indices == [0, 0, 0, 2] } })
        #expect(Swift.abs(basal.twoTheta - 34.40) < 0.05)
    }

    @Test func rangeLimitsThePeaks() throws {
        // Only peaks within the window, and intensities rescaled to the strongest in it.
        let pattern = try XRDCalculator(twoThetaRange: 45...90).pattern(for: Self.copper())
        #expect(pattern.peaks.map { $0.families[0].indices } == [[2, 0, 0], [2, 2, 0]])
        #expect(pattern.peaks[0].intensity == 100)
    }

    @Test func cannotDiffractErrors() throws {
        let lattice = Lattice(a: 4, b: 4, c: 4, alpha: 90, beta: 90, gamma: 90)
        #expect(throws: XRDError.noScatterers) {
            try XRDCalculator().pattern(for: Crystal(lattice: lattice, sites: []))
        }
        var empty = Self.copper()
        for i in empty.sites.indices { empty.sites[i].occupants[0].occupancy = 0 }
        #expect(throws: XRDError.noScatterers) { try XRDCalculator().pattern(for: empty) }
        let flat = Lattice(vectors: [4, 0, 0], [0, 4, 0], [4, 4, 0])
        #expect(throws: XRDError.degenerateLattice(volume: 0)) {
            try XRDCalculator().pattern(for: Crystal(lattice: flat, sites: [Site(Self.cu, at: .zero)]))
        }
        #expect(throws: XRDError.invalidWavelength(0)) {
            try XRDCalculator(wavelength: 0.0).pattern(for: Self.copper())
        }
        #expect(throws: XRDError.invalidWavelength(-1.5)) {
            try XRDCalculator(wavelength: -1.5).pattern(for: Self.copper())
        }
        // The largest d of the cubic lattice is d(100) = a = 3.615 Å: λ = 8 Å > 2 d_max cannot
        // diffract at all (1e-12 Å on the reported d_max).
        #expect {
            try XRDCalculator(wavelength: 8.0, twoThetaRange: 0...180).pattern(for: Self.copper())
        } throws: { error in
            guard case XRDError.wavelengthTooLong(8, let d) = error else { return false }
            return Swift.abs(d - 3.615) < 1e-12
        }
        // λ = 5 Å reaches only (100), (110): extinct in fcc, so the pattern is empty (not rescaled noise).
        #expect(try XRDCalculator(wavelength: 5.0, twoThetaRange: 0...180).pattern(for: Self.copper()).peaks.isEmpty)
        #expect(throws: XRDError.invalidTwoThetaRange(lower: 10, upper: 200)) {
            try XRDCalculator(twoThetaRange: 10...200).pattern(for: Self.copper())
        }
        var bad = Self.copper()
        bad.sites[2].occupants[0].occupancy = -0.1
        #expect(throws: XRDError.invalidOccupancy(site: 2, occupancy: -0.1)) { try XRDCalculator().pattern(for: bad) }
        var nan = Self.copper()
        nan.sites[1].fracCoords.y = .nan
        #expect(throws: XRDError.invalidCoordinates(site: 1)) { try XRDCalculator().pattern(for: nan) }
        #expect(throws: XRDError.self) {
            try XRDCalculator(wavelength: 0.001, twoThetaRange: 0...180).pattern(for: Self.copper(a: 3000))
        }
    }

    @Test func leftHandedCellsDiffractLikeTheirMirror() throws {
        // Swapping two lattice vectors (and the coordinates with them) flips the sign of the volume
        // but describes the same crystal: identical peaks (2θ to 1e-9°, intensities to 1e-9).
        let salt = Self.rockSalt()
        let v = salt.lattice.vectors
        let swapped = Crystal(lattice: Lattice(vectors: v[1], v[0], v[2]),
                              sites: salt.sites.map { Site(occupants: $0.occupants, fracCoords: [$0.fracCoords.y, $0.fracCoords.x, $0.fracCoords.z]) })
        #expect(swapped.lattice.signedVolume < 0)
        let a = try XRDCalculator().pattern(for: salt), b = try XRDCalculator().pattern(for: swapped)
        #expect(a.peaks.count == b.peaks.count)
        for (p, q) in zip(a.peaks, b.peaks) {
            #expect(Swift.abs(p.twoTheta - q.twoTheta) < 1e-9 && Swift.abs(p.intensity - q.intensity) < 1e-9)
        }
    }

    @Test func wavelengthNames() {
        #expect(Wavelength("CuKa") == .cuKalpha)
        #expect(Wavelength("Mo Kα") == .moKalpha)
        #expect(Wavelength("co-kalpha") == .coKalpha)
        #expect(Wavelength("CrKa")?.angstroms == 2.291)
        #expect(Wavelength("1.5406")?.angstroms == 1.5406)
        #expect(Wavelength("CuKa1")?.angstroms == 1.54056)     // pymatgen WAVELENGTHS["CuKa1"]
        #expect(Wavelength("Cu Kβ1")?.angstroms == 1.39222)
        #expect(Wavelength("mo-kalpha2")?.angstroms == 0.71359)
        #expect(Wavelength("XyKa") == nil)
        #expect(Wavelength.cuKalpha.angstroms == 1.54184)
    }
}
