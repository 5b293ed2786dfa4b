import Chemistry
import Encoders
import Foundation
import Index

extension Atlas {
    /// A draft with everything derived, ready for the store.
    struct Prepared {
        var entry: VectorStore.Entry
        /// Modalities that contributed to the fused vector.
        var embedded: [Modality]
    }

    /// Derives each draft's catalog record and fused vector: composition from the crystal, simulated XRD
    /// peaks (Cu Kα, 5–90°), density and volume per site from the crystal when not given, then the
    /// normalised mean of the vectors of every modality the draft has (crystal, composition, simulated
    /// spectrum, first description, known properties).
    ///
    /// Featurisation runs on `threads` threads; embedding runs batched per modality.
    /// - Parameter strict: throw on the first input an encoder rejects (an `upsert`); otherwise skip that
    ///   modality and fail the draft only when nothing could be embedded (bulk ingest).
    /// - Returns: one result per draft, in order.
    func prepare(_ drafts: [MaterialDraft], threads: Int = 1, strict: Bool) -> [Result<Prepared, ProtocolError>] {
        let staged = ParallelSlots<Result<Staged, ProtocolError>>(count: drafts.count)
        let workers = max(1, min(threads, drafts.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < drafts.count {
                staged[i] = stage(drafts[i], strict: strict)
                i += workers
            }
        }
        // One embedding call for the whole batch (the bundle batches per modality).
        var flat: [ItemFeatures] = []
        var owners: [Int] = []
        let stagedValues = staged.values
        for (i, s) in stagedValues.enumerated() {
            if case .success(let st)? = s { for f in st.features { flat.append(f.1); owners.append(i) } }
        }
        var vectors: [[Float]] = []
        var embedFailure: ProtocolError?
        do { vectors = try bundle.embed(features: flat) } catch {
            embedFailure = ProtocolError(.invalidInput, "embedding failed: \(error)", field: error.field)
        }
        var byDraft = [[[Float]]](repeating: [], count: drafts.count)
        if embedFailure == nil { for (v, owner) in zip(vectors, owners) { byDraft[owner].append(v) } }
        return stagedValues.enumerated().map { i, s in
            guard let s else { return .failure(ProtocolError(.internalError, "draft \(i) was not prepared")) }
            switch s {
            case .failure(let e): return .failure(e)
            case .success(let st):
                if let embedFailure { return .failure(embedFailure) }
                guard let fused = Atlas.fuse(byDraft[i].map { ($0, 1) }) else {
                    return .failure(ProtocolError(.invalidInput, "\(drafts[i].id): nothing could be embedded", field: "id"))
                }
                return .success(Prepared(entry: VectorStore.Entry(record: st.record, vector: fused),
                                         embedded: st.features.map(\.0)))
            }
        }
    }

    struct Staged {
        var record: MaterialRecord
        var features: [(Modality, ItemFeatures)]
    }

    private func stage(_ draft: MaterialDraft, strict: Bool) -> Result<Staged, ProtocolError> {
        let modalities = Set(bundle.config.modalities)
        var draft = draft
        if draft.crystal == nil, let cif = draft.cif, let parsed = try? Crystal(cif: cif), !parsed.sites.isEmpty {
            draft.crystal = parsed
        }
        let composition = draft.composition ?? draft.crystal.map(\.composition)
        var properties = draft.properties
        var peaks: XRDPattern?
        if let crystal = draft.crystal {
            if properties["density"] == nil, crystal.density.isFinite, crystal.density > 0 {
                properties["density"] = (crystal.density * 1000).rounded() / 1000
            }
            if properties["volume_per_site"] == nil, !crystal.sites.isEmpty {
                properties["volume_per_site"] = crystal.lattice.volume / Double(crystal.sites.count)
            }
            if crystal.sites.count <= wire.maxSites, let p = try? xrd.pattern(for: crystal), !p.peaks.isEmpty { peaks = p }
        }
        var inputs: [(Modality, ModalityInput, String)] = []
        if let crystal = draft.crystal, crystal.sites.count <= wire.maxSites { inputs.append((.crystal, .crystal(crystal), "crystal")) }
        if let composition, !composition.isEmpty { inputs.append((.composition, .composition(composition), "composition")) }
        if let peaks { inputs.append((.spectrum, .spectrum(SpectrumInput(pattern: peaks)), "spectrum")) }
        if let text = draft.descriptions.first?.text, text.contains(where: { !$0.isWhitespace }) {
            inputs.append((.text, .text(String(text.prefix(wire.maxTextBytes))), "text"))
        }
        let known = Set(propertySpecs.map(\.name))
        let embeddable = properties.filter { known.contains($0.key) }
        if !embeddable.isEmpty { inputs.append((.properties, .properties(embeddable), "properties")) }

        var features: [(Modality, ItemFeatures)] = []
        for (modality, input, field) in inputs where modalities.contains(modality) {
            do {
                features.append((modality, try bundle.featurizer.features(input)))
            } catch {
                if strict { return .failure(error.protocolError(prefix: field)) }
            }
        }
        guard !features.isEmpty else {
            return .failure(ProtocolError(.invalidInput, "\(draft.id): no modality could be embedded", field: "id"))
        }
        return .success(Staged(record: record(for: draft, composition: composition, properties: properties, peaks: peaks),
                               features: features))
    }

    /// The catalog record of a draft (see `MaterialRecord` for the fields; the JSON payload layout is
    /// documented on `Atlas.render(detail:)`).
    func record(for draft: MaterialDraft, composition: Composition?, properties: [String: Double],
                peaks: XRDPattern?) -> MaterialRecord {
        let reduced = composition.map(\.reducedFormula)
        let number = draft.spaceGroupNumber ?? draft.crystal?.spaceGroupNumber
        var modalities: [String: String] = [:]
        if let crystal = draft.crystal {
            let cif = draft.cif ?? crystal.cifString()
            modalities["crystal"] = JSONValue.object(["cif": .string(cif), "sites": .number(Double(crystal.sites.count))]).jsonText
        }
        if let peaks {
            let strongest = peaks.peaks.sorted { $0.intensity > $1.intensity }.prefix(storedPeakLimit).sorted { $0.twoTheta < $1.twoTheta }
            let list = strongest.map { JSONValue.array([.number(($0.twoTheta * 1000).rounded() / 1000),
                                                        .number(($0.intensity * 10).rounded() / 10)]) }
            modalities["spectrum"] = JSONValue.object([
                "kind": "xrd", "source": "simulated", "wavelength": .number(peaks.wavelength.angstroms),
                "two_theta_range": [.number(peaks.twoThetaRange.lowerBound), .number(peaks.twoThetaRange.upperBound)],
                "peaks": .array(list)]).jsonText
        }
        if !draft.descriptions.isEmpty {
            modalities["text"] = JSONValue.array(draft.descriptions.map { d in
                var o: [String: JSONValue] = ["kind": .string(d.kind), "text": .string(d.text)]
                if let p = d.provenance { o["provenance"] = .string(p) }
                return .object(o)
            }).jsonText
        }
        if let composition {
            modalities["composition"] = JSONValue.object(["formula": .string(draft.formula ?? composition.formula),
                                                         "reduced": .string(composition.reducedFormula)]).jsonText
        }
        var payload: [String: JSONValue] = [:]
        if let s = draft.spaceGroupSymbol ?? draft.crystal?.spaceGroupSymbol { payload["space_group_symbol"] = .string(s) }
        if let f = draft.formula { payload["formula"] = .string(f) }
        if let p = draft.provenance { payload["provenance"] = p }
        let elements = composition.map { $0.elements.map(\.symbol) }
            ?? draft.crystal.map { Array(Set($0.sites.flatMap { $0.occupants.map(\.element.symbol) })) } ?? []
        return MaterialRecord(
            id: MaterialID(draft.id), name: draft.name ?? reduced, elements: elements, chemicalFormulaReduced: reduced,
            spaceGroupNumber: number, crystalSystem: number.flatMap { crystalSystem(spaceGroup: $0) },
            properties: properties.filter { $0.value.isFinite }, modalities: modalities,
            references: draft.references.map(\.jsonText), payload: payload.isEmpty ? nil : JSONValue.object(payload).jsonText)
    }
}

/// A fixed number of slots, each written by one thread (guarded by `lock`).
final class ParallelSlots<Element>: @unchecked Sendable {
    private var storage: [Element?]
    /// Guards `storage`.
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    subscript(i: Int) -> Element? {
        get { lock.lock(); defer { lock.unlock() }; return storage[i] }
        set { lock.lock(); storage[i] = newValue; lock.unlock() }
    }
    var values: [Element?] { lock.lock(); defer { lock.unlock() }; return storage }
}
