import Chemistry
import Foundation
import Imaging
import Text

/// Turns raw inputs into model-ready arrays, exactly as the model was trained to read them.
///
/// Pure and `Sendable`: call it from any thread, for inference or inside a training data loader.
/// Every method validates its input and throws `EncoderError` naming the bad field.
public struct Featurizer: Sendable {
    public let config: ModelConfig
    /// The text tokenizer (required only for `text(_:)`).
    public let tokenizer: BPETokenizer?
    /// The distance expansion of crystal edges.
    public let expansion: GaussianExpansion
    /// Property name → index in `config.properties.specs`.
    let propertyIndex: [String: Int]

    public init(config: ModelConfig, tokenizer: BPETokenizer? = nil) {
        self.config = config
        self.tokenizer = tokenizer
        expansion = GaussianExpansion(start: 0, stop: Float(config.crystal.radius),
                                      count: config.crystal.gaussianCount, width: Float(config.crystal.gaussianWidth))
        propertyIndex = Dictionary(config.properties.specs.enumerated().map { ($1.name, $0) },
                                   uniquingKeysWith: { first, _ in first })
    }

    /// Featurises any input.
    public func features(_ input: ModalityInput) throws(EncoderError) -> ItemFeatures {
        switch input {
        case .crystal(let c): .crystal(try crystal(c))
        case .composition(let c): .composition(try composition(c))
        case .spectrum(let s): .spectrum(try spectrum(s))
        case .micrograph(let m, let pixelSize): .micrograph(try micrograph(m, pixelSize: pixelSize))
        case .text(let t): .text(try text(t))
        case .properties(let p): .properties(try properties(p))
        }
    }

    // MARK: crystal

    /// The periodic radius graph (`crystal.radius` Å, ≤ `crystal.maxNeighbors` neighbours per node).
    /// - Throws: `.empty("sites")`, `.unsupportedElement`, `.invalidAmount` (occupancy ≤ 0 or > 1).
    public func crystal(_ crystal: Crystal) throws(EncoderError) -> CrystalFeatures {
        guard !crystal.sites.isEmpty else { throw .empty(field: "sites") }
        for (i, site) in crystal.sites.enumerated() {
            for o in site.occupants {
                guard o.occupancy.isFinite, o.occupancy > 0, o.occupancy <= 1 + 1e-6 else {
                    throw .invalidAmount(field: "occupancies", index: i, value: o.occupancy)
                }
                guard (1...config.maxAtomicNumber).contains(o.element.atomicNumber) else {
                    throw .unsupportedElement(field: "species", atomicNumber: o.element.atomicNumber)
                }
            }
        }
        let graph = CrystalGraph(crystal: crystal, radius: config.crystal.radius,
                                 maxNeighbors: config.crystal.maxNeighbors)
        var node: [Int32] = [], element: [Int32] = [], weight: [Float] = []
        for (i, occupants) in graph.nodeOccupants.enumerated() {
            for o in occupants {
                node.append(Int32(i))
                element.append(o.atomicNumber)
                weight.append(o.occupancy)
            }
        }
        return CrystalFeatures(nodeCount: graph.nodeCount, occupantNode: node, occupantElement: element,
                               occupantWeight: weight, edgeSource: graph.sources,
                               edgeDestination: graph.destinations, edgeFeatures: graph.edgeFeatures(expansion),
                               diffraction: config.crystal.diffraction ? diffractionPattern(crystal) : [])
    }

    /// The crystal's ideal Cu Kα powder pattern over the whole spectrum grid, featurised exactly as
    /// a peak-list query is (`spectrum(_:)`): what the crystal encoder's diffraction branch reads.
    /// All zeros when the calculator rejects the structure or no reflection falls on the grid
    /// (the branch then contributes only its bias; the graph still speaks).
    public func diffractionPattern(_ crystal: Crystal) -> [Float] {
        let s = config.spectrum
        let lambda = Wavelength.cuKalpha.angstroms
        func twoTheta(_ q: Double) -> Double {
            2 * asin(Swift.min(0.999_999, q * lambda / (4 * Double.pi))) * 180 / Double.pi
        }
        let range = twoTheta(s.qMin)...twoTheta(s.qMax)
        let empty = [Float](repeating: 0, count: s.points)
        guard let pattern = try? XRDCalculator(wavelength: .cuKalpha, twoThetaRange: range).pattern(for: crystal),
              !pattern.peaks.isEmpty else { return empty }
        let input = SpectrumInput(kind: .peaks, twoTheta: pattern.peaks.map(\.twoTheta),
                                  intensity: pattern.peaks.map(\.intensity), wavelength: lambda, twoThetaRange: range)
        return (try? spectrum(input))?.intensity ?? empty
    }

    // MARK: composition

    /// Elements by atomic number with atomic fractions.
    /// - Throws: `.empty("composition")`, `.unsupportedElement`, `.invalidAmount`.
    public func composition(_ composition: Composition) throws(EncoderError) -> CompositionFeatures {
        let total = composition.totalAmount
        guard !composition.isEmpty, total > 0 else { throw .empty(field: "composition") }
        var elements: [Int32] = [], fractions: [Float] = []
        for element in composition.elements {
            let amount = composition.amount(of: element)
            guard amount.isFinite, amount > 0 else {
                throw .invalidAmount(field: "composition.\(element.symbol)", index: nil, value: amount)
            }
            guard (1...config.maxAtomicNumber).contains(element.atomicNumber) else {
                throw .unsupportedElement(field: "composition", atomicNumber: element.atomicNumber)
            }
            elements.append(Int32(element.atomicNumber))
            fractions.append(Float(amount / total))
        }
        return CompositionFeatures(elements: elements, fractions: fractions)
    }

    // MARK: text

    /// Token ids and mask, `text.maxTokens` long.
    /// - Throws: `.empty("text")` for blank text, `.modalityUnavailable(.text)` without a tokenizer.
    public func text(_ text: String) throws(EncoderError) -> TextFeatures {
        guard let tokenizer else { throw .modalityUnavailable(.text) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .empty(field: "text") }
        let t = tokenizer.encode(text, maxLength: config.text.maxTokens)
        return TextFeatures(ids: t.ids, mask: t.attentionMask.map(Float.init))
    }

    // MARK: properties

    /// Standardised values in spec order plus the present mask.
    /// - Throws: `.empty("properties")`, `.unknownProperty`, `.notFinite`, `.invalidPropertyValue`.
    public func properties(_ values: [String: Double]) throws(EncoderError) -> PropertyFeatures {
        guard !values.isEmpty else { throw .empty(field: "properties") }
        let specs = config.properties.specs
        var out = [Float](repeating: 0, count: specs.count), mask = out
        for name in values.keys.sorted() {
            guard let i = propertyIndex[name], let v = values[name] else { throw .unknownProperty(name: name) }
            out[i] = try specs[i].normalize(v)
            mask[i] = 1
        }
        return PropertyFeatures(values: out, mask: mask)
    }
}
