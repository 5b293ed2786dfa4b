import Chemistry
import Encoders
import Foundation
import Imaging
import Text

/// Shared fixtures for the Encoders tests: real AMCSD crystals (Fixtures/cif, extracted by
/// Scripts/encoders/extract_fixture_cifs.py), a tiny tokenizer, and paired multi-modal samples.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The crystal of `Fixtures/cif/<name>.cif`.
    static func crystal(_ name: String) throws -> Crystal {
        let text = try String(contentsOf: directory.appendingPathComponent("cif/\(name).cif"), encoding: .utf8)
        return try Crystal(cif: text)
    }

    static let names = ["ferrisicklerite", "quartz", "halite", "hematite"]

    static let texts = [
        "ferrisicklerite LiFePO4 olivine-type lithium iron phosphate, orthorhombic Pbnm",
        "quartz SiO2 trigonal P3_221 framework of corner-sharing SiO4 tetrahedra",
        "halite NaCl rock salt Fm-3m, octahedral sodium",
        "hematite Fe2O3 corundum-type R-3c iron oxide",
    ]

    /// A small tokenizer trained on the fixture texts (deterministic).
    static let tokenizer: BPETokenizer = BPETokenizer.train(texts: texts + texts, vocabularySize: 320, minFrequency: 1)

    /// A synthetic micrograph: a HAADF-STEM image of `crystal` down [001].
    static func micrograph(_ crystal: Crystal, side: Int = 48, seed: UInt64 = 1) throws -> Image {
        let sim = try STEMSimulator(crystal: crystal, zoneAxis: SIMD3(0, 0, 1))
        var settings = STEMSettings(width: side, height: side, pixelSize: 0.25)
        settings.gaussianNoise = 0.01
        let gray = try sim.render(settings, seed: seed)
        return Image(width: gray.width, height: gray.height, gray: gray.pixels)
    }

    /// One input of each modality for a fixture crystal.
    static func inputs(_ name: String) throws -> [ModalityInput] {
        let c = try crystal(name)
        let pattern = try XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 5...90).pattern(for: c)
        let text = texts[names.firstIndex(of: name) ?? 0]
        return [.crystal(c), .composition(c.composition), .spectrum(SpectrumInput(pattern: pattern)),
                .micrograph(try micrograph(c), pixelSize: nil), .text(text),
                .properties(["density": c.density, "volume_per_site": c.lattice.volume / Double(c.sites.count)])]
    }
}
