import Chemistry
import Foundation
import Imaging
import Learning
import Testing
@testable import Encoders

/// Lattice matching of a micrograph against crystals (the micrograph search's re-rank).
struct LatticeMatchTests {
    /// A HAADF-STEM image of `crystal` down `axis`, 192 px at 0.2 Å (a 38 Å field of view), rotated
    /// and noisy.
    static func image(_ crystal: Crystal, axis: SIMD3<Int> = SIMD3(0, 0, 1), pixelSize: Double = 0.2) throws -> Image {
        var settings = STEMSettings(width: 192, height: 192, pixelSize: pixelSize)
        settings.rotation = 23
        settings.dose = 20_000
        settings.gaussianNoise = 0.03
        settings.background = 0.05
        let gray = try STEMSimulator(crystal: crystal, zoneAxis: axis).render(settings, seed: 7)
        return Image(width: gray.width, height: gray.height, gray: gray.pixels)
    }

    @Test func aMicrographMatchesItsOwnCrystalBest() throws {
        // Each fixture crystal imaged down [001] scores highest against its own zones (the
        // diagonal of the score matrix), and its own score is high (> 0.7: spots where the
        // reflections predict them, up to the assumed probe and contrast law).
        let match = LatticeMatch()
        let crystals = try Fixture.names.map(Fixture.crystal)
        let zones = crystals.map(match.zones)
        for (i, c) in crystals.enumerated() {
            let profile = try #require(match.profile(try Self.image(c), pixelSize: 0.2))
            let scores = zones.map { match.score(query: profile, zones: $0).score }
            #expect(scores.indices.max { scores[$0] < scores[$1] } == i, "\(Fixture.names[i]): \(scores)")
            #expect(scores[i] > 0.7, "\(Fixture.names[i]): \(scores[i])")
        }
    }

    @Test func theZoneAxisAndThePixelSizeAreFound() throws {
        // Halite down [110] is recognised as [110] (or an equivalent of the cubic crystal: [101] or
        // [011]); a 1.5 % pixel-size error is absorbed by the scale search.
        let match = LatticeMatch()
        let halite = try Fixture.crystal("halite")
        let zones = match.zones(halite)
        let image = try Self.image(halite, axis: SIMD3(1, 1, 0))
        let (score, axis) = match.score(query: try #require(match.profile(image, pixelSize: 0.2)), zones: zones)
        #expect([SIMD3(1, 1, 0), SIMD3(1, 0, 1), SIMD3(0, 1, 1)].contains(axis ?? .zero), "\(String(describing: axis))")
        let off = match.score(query: try #require(match.profile(image, pixelSize: 0.2 * 1.015)), zones: zones).score
        #expect(off > 0.9 * score)
        // A wrong scale (10 %) is not absorbed.
        let wrong = match.score(query: try #require(match.profile(image, pixelSize: 0.22)), zones: zones).score
        #expect(wrong < 0.8 * score)
    }

    @Test func unusableInputsGiveNoProfile() {
        let match = LatticeMatch()
        let flat = Image(width: 64, height: 64, gray: [Float](repeating: 0.5, count: 64 * 64))
        #expect(match.profile(flat, pixelSize: 0.2) == nil)                       // no spot at all
        #expect(match.profile(Image(width: 8, height: 8, gray: [Float](repeating: 0, count: 64)), pixelSize: 0.2) == nil)
        let noise = Image(width: 64, height: 64, gray: (0..<4096).map { Float(($0 * 7919) % 101) / 101 })
        #expect(match.profile(noise, pixelSize: 0) == nil && match.profile(noise, pixelSize: .nan) == nil)
        var nan = noise
        nan.pixels[5] = .nan
        #expect(match.profile(nan, pixelSize: 0.2) == nil)
        #expect(match.score(query: LatticeMatch.Profile(values: [Float](repeating: 0, count: match.gridCount), resolution: 0.01),
                            zones: []).score == 0)
    }

    @Test func rankingAddsTheWeightedScore() {
        // Reference: cosine + weight × lattice score, exact in Float.
        #expect(LatticeMatch(weight: 4).ranking(cosine: 0.25, latticeScore: 0.5) == 2.25)
    }

    @Test func randomImagesNeverBreakTheMatch() throws {
        // Fuzz: random sizes (16…300 px, any aspect), random pixels and pixel sizes (0.01…5 Å):
        // a profile is nil or finite, and every score is a finite cosine in [0, 1].
        let g = SeededGenerator(seed: 11)
        let zones = LatticeMatch().zones(try Fixture.crystal("quartz"))
        let match = LatticeMatch()
        for _ in 0..<25 {
            let w = 16 + g.index(below: 285), h = 16 + g.index(below: 65)
            let image = Image(width: w, height: h, gray: (0..<(w * h)).map { _ in g.uniform() })
            guard let p = match.profile(image, pixelSize: 0.01 + 4.99 * g.uniformDouble()) else { continue }
            #expect(p.values.count == match.gridCount && p.values.allSatisfy(\.isFinite) && p.resolution > 0)
            let s = match.score(query: p, zones: zones).score
            #expect(s.isFinite && s >= 0 && s <= 1 + 1e-5)
        }
    }
}
