import ArgumentParser
import Chemistry
import Encoders
import Foundation
import Imaging

/// `matlas embed --model DIR --composition LiFePO4`: prints the unit vector of one input as a
/// JSON array (one modality per call).
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed one input (formula, CIF, XRD peaks, PNG, text or properties) with a model bundle.")

    @Option(help: "The model bundle directory (config.json, weights.safetensors, tokenizer.json).")
    var model: String

    @Option(help: "A formula, e.g. LiFePO4.")
    var composition: String?

    @Option(help: "A CIF file.")
    var cif: String?

    @Option(help: "XRD peaks as JSON [[2θ, I], …] (degrees, any intensity units).")
    var peaks: String?

    @Option(help: "Wavelength in Å for --peaks (default Cu Kα).")
    var wavelength = 1.54184

    @Option(help: "A PNG micrograph file.")
    var png: String?

    @Option(name: .customLong("pixel-size"), help: "Pixel size of --png in Å (the model then sees its trained field of view).")
    var pixelSize: Double?

    @Option(help: "Text to embed.")
    var text: String?

    @Option(help: "Properties as JSON {\"density\": 3.6, …}.")
    var properties: String?

    func validate() throws {
        let given = [composition, cif, peaks, png, text, properties].compactMap { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --composition, --cif, --peaks, --png, --text, --properties") }
    }

    func run() throws {
        let bundle = try ModelBundle.load(from: URL(fileURLWithPath: model))
        let input: ModalityInput
        if let composition {
            input = .composition(try Composition(parsing: composition))
        } else if let cif {
            input = .crystal(try CrystalFile.read(cif))
        } else if let peaks {
            guard let rows = try JSONSerialization.jsonObject(with: Data(peaks.utf8)) as? [[Double]],
                  rows.allSatisfy({ $0.count == 2 }) else {
                throw ValidationError("--peaks must be a JSON array of [2θ, I] pairs")
            }
            input = .spectrum(.peaks(rows.map { ($0[0], $0[1]) }, wavelength: wavelength))
        } else if let png {
            input = .micrograph(try Image(png: [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))), pixelSize: pixelSize)
        } else if let text {
            input = .text(text)
        } else if let properties {
            guard let dict = try JSONSerialization.jsonObject(with: Data(properties.utf8)) as? [String: Double] else {
                throw ValidationError("--properties must be a JSON object of numbers")
            }
            input = .properties(dict)
        } else {
            throw ValidationError("nothing to embed")
        }
        let vector = try bundle.embed(input)
        print("[" + vector.map { String(format: "%.6f", $0) }.joined(separator: ",") + "]")
    }
}
