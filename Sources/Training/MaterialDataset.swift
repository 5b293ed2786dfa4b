import Chemistry
import Corpus
import Dispatch
import Encoders
import Foundation

/// The materials of one corpus split, each parsed once (CIF → crystal → graph, reflections), ready
/// for on-the-fly augmentation. Structures with more than `maxSites` sites are left out (reported in
/// `skipped`), as are records whose CIF does not parse or whose crystal the featuriser rejects.
public struct MaterialDataset: Sendable {
    public var materials: [TrainingMaterial]
    /// Why each left-out record was left out (`id: reason`).
    public var skipped: [(id: MaterialID, reason: String)]
    public var split: CorpusSplit

    public var count: Int { materials.count }

    public init(materials: [TrainingMaterial], skipped: [(id: MaterialID, reason: String)] = [], split: CorpusSplit) {
        self.materials = materials
        self.skipped = skipped
        self.split = split
    }

    /// Every record of `split` in `corpusFile` (`Corpora/amcsd/materials.jsonl.gz`).
    public static func records(corpusFile: String, split: CorpusSplit) throws -> [MaterialRecord] {
        try CorpusReader<MaterialRecord>(path: corpusFile).records(in: split)
    }

    /// Prepares `records` on `threads` threads (order kept).
    /// - Parameters:
    ///   - maxSites: larger structures are skipped (nil: keep all).
    ///   - progress: called now and then with (done, total).
    public static func prepare(_ records: [MaterialRecord], split: CorpusSplit, featurizer: Featurizer,
                               maxSites: Int?, threads: Int = 2,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) -> MaterialDataset {
        let results = LockedArray<Result<TrainingMaterial, PreparationFailure>>(count: records.count)
        let counter = LockedCounter()
        let chunks = Swift.max(1, threads)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var i = chunk
            while i < records.count {
                results[i] = prepare(records[i], featurizer: featurizer, maxSites: maxSites)
                let done = counter.increment()
                if done % 500 == 0 { progress?(done, records.count) }
                i += chunks
            }
        }
        var materials: [TrainingMaterial] = [], skipped: [(id: MaterialID, reason: String)] = []
        for (i, r) in results.values.enumerated() {
            switch r {
            case .success(let m): materials.append(m)
            case .failure(let f): skipped.append((records[i].id, f.reason))
            case nil: skipped.append((records[i].id, "not processed"))
            }
        }
        return MaterialDataset(materials: materials, skipped: skipped, split: split)
    }

    struct PreparationFailure: Error { var reason: String }

    static func prepare(_ record: MaterialRecord, featurizer: Featurizer, maxSites: Int?)
        -> Result<TrainingMaterial, PreparationFailure> {
        if let maxSites, record.siteCount > maxSites {
            return .failure(.init(reason: "\(record.siteCount) sites > \(maxSites)"))
        }
        let crystal: Crystal
        do { crystal = try record.crystal() } catch { return .failure(.init(reason: "CIF: \(error)")) }
        if let maxSites, crystal.sites.count > maxSites {
            return .failure(.init(reason: "\(crystal.sites.count) parsed sites > \(maxSites)"))
        }
        let graph: CrystalFeatures
        do { graph = try featurizer.crystal(crystal) } catch { return .failure(.init(reason: "graph: \(error)")) }
        let composition = try? record.composition()
        let compositionFeatures = composition.flatMap { try? featurizer.composition($0) }
        var reflections = try? Reflections(crystal: crystal, qMax: featurizer.config.spectrum.qMax)
        if reflections?.isEmpty == true { reflections = nil }
        let description = record.description?.text
        let title = record.sourceArticle?.title
        return .success(TrainingMaterial(
            id: record.id, identity: MaterialIdentity.key(mineral: record.mineral, reducedFormula: record.reducedFormula),
            group: record.group, name: record.name, reducedFormula: record.reducedFormula, crystal: crystal,
            crystalFeatures: graph, siteCount: crystal.sites.count, composition: composition,
            compositionFeatures: compositionFeatures, reflections: reflections,
            description: description.flatMap { $0.isEmpty ? nil : $0 },
            title: title.flatMap { $0.isEmpty ? nil : $0 },
            properties: record.propertyProfile))
    }
}

/// A fixed-size array written from several threads (each index by one writer).
final class LockedArray<Element>: @unchecked Sendable {
    private var storage: [Element?]
    private let lock = NSLock()  // guards `storage`
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    subscript(i: Int) -> Element? {
        get { lock.lock(); defer { lock.unlock() }; return storage[i] }
        set { lock.lock(); storage[i] = newValue; lock.unlock() }
    }
    var values: [Element?] { lock.lock(); defer { lock.unlock() }; return storage }
}

/// A counter shared by threads.
final class LockedCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()  // guards `value`
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
