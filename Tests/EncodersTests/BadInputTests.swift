import Chemistry
import Encoders
import Imaging
import Learning
import Testing

@Suite struct BadInputTests {
    let featurizer = Featurizer(config: .small, tokenizer: Fixture.tokenizer)

    @Test func spectrumErrorsNameTheField() {
        func check(_ input: SpectrumInput, _ expected: EncoderError) {
            #expect(throws: expected) { try featurizer.spectrum(input) }
        }
        check(.profile(x: [], y: []), .empty(field: "x"))
        check(.peaks([]), .empty(field: "peaks"))
        check(.profile(x: [10, 20], y: [1]), .lengthMismatch(field: "y", expected: 2, found: 1))
        check(.profile(x: [10, .nan], y: [1, 2]), .notFinite(field: "x", index: 1))
        check(.profile(x: [10, 20], y: [1, .infinity]), .notFinite(field: "y", index: 1))
        check(.peaks([(20, 1)], wavelength: 0), .invalidWavelength(0))
        check(.peaks([(20, 1)], wavelength: -1.5), .invalidWavelength(-1.5))
        check(.peaks([(20, 1), (190, 2)]), .twoThetaOutOfRange(field: "peaks", index: 1, value: 190))
        check(.peaks([(0, 1)]), .twoThetaOutOfRange(field: "peaks", index: 0, value: 0))
        check(.profile(x: [10, 20, 30], y: [0, 0, 0]), .noSignal(field: "y"))
        check(SpectrumInput(kind: .peaks, twoTheta: [20], intensity: [1], twoThetaRange: 10...200),
              .twoThetaOutOfRange(field: "range", index: 1, value: 200))
        // 1°–2° with Cu Kα is q ≈ 0.07–0.14 Å⁻¹, below the grid (starts at 0.5 Å⁻¹).
        check(.profile(x: [1, 2], y: [1, 1]), .outsideGrid(field: "x", qMin: 0.5, qMax: 6.5))
    }

    @Test func otherModalitiesErrors() throws {
        #expect(throws: EncoderError.unknownProperty(name: "colour")) { try featurizer.properties(["colour": 1]) }
        #expect(throws: EncoderError.empty(field: "properties")) { try featurizer.properties([:]) }
        #expect(throws: EncoderError.notFinite(field: "properties.density", index: nil)) {
            try featurizer.properties(["density": .nan])
        }
        #expect { try featurizer.properties(["conductivity_p": -3]) } throws: {
            ($0 as? EncoderError)?.field == "properties.conductivity_p"
        }
        let tiny = Image(width: 10, height: 300, gray: [Float](repeating: 0.5, count: 3000))
        #expect(throws: EncoderError.imageTooSmall(width: 10, height: 300, minimum: 16)) {
            try featurizer.micrograph(tiny)
        }
        #expect(throws: EncoderError.empty(field: "text")) { try featurizer.text("  \n ") }
        #expect(throws: EncoderError.modalityUnavailable(.text)) { try Featurizer(config: .small).text("quartz") }
        let empty = Crystal(lattice: Lattice(a: 3, b: 3, c: 3, alpha: 90, beta: 90, gamma: 90), sites: [])
        #expect(throws: EncoderError.empty(field: "sites")) { try featurizer.crystal(empty) }
        #expect(throws: EncoderError.empty(field: "composition")) { try featurizer.composition(Composition([:])) }
    }

    /// Seeded fuzz: random spectra, property profiles, texts and image sizes either featurise into
    /// well-formed, finite features or throw an `EncoderError` — never trap.
    @Test func fuzzedInputsNeverTrap() throws {
        let g = SeededGenerator(seed: 20261201)
        let specials: [Double] = [.nan, .infinity, -.infinity, 0, -1, 180, 1e300, -0.0, 1e-300]
        func value(_ lo: Double, _ hi: Double) -> Double {
            g.index(below: 10) == 0 ? specials[g.index(below: specials.count)] : lo + (hi - lo) * g.uniformDouble()
        }
        let n = featurizer.config.spectrum.points
        for _ in 0..<300 {
            let count = g.index(below: 40)
            let kind: SpectrumInput.Kind = g.index(below: 2) == 0 ? .profile : .peaks
            var x = (0..<count).map { _ in value(0, 180) }
            if g.index(below: 2) == 0 { x.sort() }
            let y = (0..<(g.index(below: 8) == 0 ? count + 1 : count)).map { _ in value(-10, 100) }
            let range: ClosedRange<Double>? = g.index(below: 3) == 0 ? 20...40 : nil
            let input = SpectrumInput(kind: kind, twoTheta: x, intensity: y, wavelength: value(0.3, 3),
                                      twoThetaRange: range)
            do {
                let f = try featurizer.spectrum(input)
                #expect(f.intensity.count == n && f.mask.count == n)
                #expect(f.intensity.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
            } catch {}  // typed: EncoderError (the signature says so)
        }
        let names = featurizer.config.properties.specs.map(\.name) + ["", "bogus"]
        for _ in 0..<200 {
            var p: [String: Double] = [:]
            for _ in 0..<g.index(below: 4) { p[names[g.index(below: names.count)]] = value(-1e3, 1e3) }
            if let f = try? featurizer.properties(p) { #expect(f.values.allSatisfy { $0.isFinite && abs($0) <= 10 }) }
        }
        for _ in 0..<100 {
            let bytes = (0..<g.index(below: 60)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            if let f = try? featurizer.text(text) { #expect(f.ids.count == featurizer.config.text.maxTokens) }
        }
        for _ in 0..<30 {
            let w = g.index(below: 70), h = g.index(below: 70), c = 1 + g.index(below: 4)
            let image = Image(width: w, height: h, channels: c, pixels: (0..<(w * h * c)).map { _ in g.uniform() })
            if let f = try? featurizer.micrograph(image, crop: .random(seed: g.next())) {
                #expect(f.pixels.count == f.size * f.size && f.pixels.allSatisfy(\.isFinite))
            }
        }
    }
}
