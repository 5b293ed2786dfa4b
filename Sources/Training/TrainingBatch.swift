import Dispatch
import Encoders
import Imaging
import Learning

/// The loss terms: each modality contrasted with the crystal, plus text ↔ composition.
public enum ModalityPair: String, CaseIterable, Codable, Sendable {
    case compositionCrystal = "composition-crystal"
    case spectrumCrystal = "xrd-crystal"
    case micrographCrystal = "stem-crystal"
    case descriptionCrystal = "description-crystal"
    case titleCrystal = "title-crystal"
    case propertiesCrystal = "properties-crystal"
    case descriptionComposition = "description-composition"
}

/// One training step's featurised items: every material of the batch has a crystal; each other
/// modality lists the batch rows that have it (missing modalities are skipped) and their features.
public struct TrainingBatch {
    public var crystals: [ItemFeatures]
    /// Modality rows: batch positions and features, parallel arrays.
    public var composition: (rows: [Int], items: [ItemFeatures]) = ([], [])
    public var spectrum: (rows: [Int], items: [ItemFeatures]) = ([], [])
    public var micrograph: (rows: [Int], items: [ItemFeatures]) = ([], [])
    public var description: (rows: [Int], items: [ItemFeatures]) = ([], [])
    public var title: (rows: [Int], items: [ItemFeatures]) = ([], [])
    public var properties: (rows: [Int], items: [ItemFeatures]) = ([], [])

    /// Featurises `indices` of `dataset` with fresh augmentations drawn from `seed` (one generator
    /// per item, so the result does not depend on the thread count).
    public static func make(_ indices: [Int], dataset: MaterialDataset, featurizer: Featurizer,
                            modalities: Set<Modality>, seed: UInt64, threads: Int) -> TrainingBatch {
        let perItem = LockedArray<ItemSlots>(count: indices.count)
        let spectra = SpectrumAugmentation()
        let stem = MicrographAugmentation(side: 64)
        let qMax = featurizer.config.spectrum.qMax
        let chunks = Swift.max(1, threads)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var k = chunk
            while k < indices.count {
                let m = dataset.materials[indices[k]]
                let g = SeededGenerator(seed: seed &+ UInt64(indices[k]) &* 0x9E37_79B9_7F4A_7C15)
                var slots = ItemSlots()
                if modalities.contains(.composition), let c = m.compositionFeatures { slots.composition = .composition(c) }
                if modalities.contains(.spectrum), let r = m.reflections {
                    for _ in 0..<3 {
                        if let input = spectra.sample(r, qMax: qMax, generator: g),
                           let f = try? featurizer.spectrum(input) {
                            slots.spectrum = .spectrum(f)
                            break
                        }
                    }
                }
                if modalities.contains(.micrograph), let image = stem.sample(m.crystal, generator: g),
                   let f = try? featurizer.micrograph(image, crop: .random(seed: g.next(), minimumFraction: 0.7)) {
                    slots.micrograph = .micrograph(f)
                }
                if modalities.contains(.text) {
                    if let d = m.description, let f = try? featurizer.text(d) { slots.description = .text(f) }
                    if let t = m.title, let f = try? featurizer.text(t) { slots.title = .text(f) }
                }
                if modalities.contains(.properties), !m.properties.isEmpty {
                    // Drop a random subset (keep ≥ 1) so partial profiles are seen too.
                    var p = m.properties
                    if p.count > 1 {
                        for key in p.keys.sorted() where p.count > 1 && g.uniformDouble() < 0.3 { p[key] = nil }
                    }
                    if let f = try? featurizer.properties(p) { slots.properties = .properties(f) }
                }
                perItem[k] = slots
                k += chunks
            }
        }
        var batch = TrainingBatch(crystals: indices.map { .crystal(dataset.materials[$0].crystalFeatures) })
        for (row, slots) in perItem.values.enumerated() {
            guard let slots else { continue }
            if let f = slots.composition { batch.composition.rows.append(row); batch.composition.items.append(f) }
            if let f = slots.spectrum { batch.spectrum.rows.append(row); batch.spectrum.items.append(f) }
            if let f = slots.micrograph { batch.micrograph.rows.append(row); batch.micrograph.items.append(f) }
            if let f = slots.description { batch.description.rows.append(row); batch.description.items.append(f) }
            if let f = slots.title { batch.title.rows.append(row); batch.title.items.append(f) }
            if let f = slots.properties { batch.properties.rows.append(row); batch.properties.items.append(f) }
        }
        return batch
    }

    struct ItemSlots {
        var composition: ItemFeatures?
        var spectrum: ItemFeatures?
        var micrograph: ItemFeatures?
        var description: ItemFeatures?
        var title: ItemFeatures?
        var properties: ItemFeatures?
    }
}
