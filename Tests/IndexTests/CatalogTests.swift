import Foundation
import Testing
@testable import Index

@Suite struct CatalogTests {
    static func sampleRecords(count: Int, seed: UInt64) -> [MaterialRecord] {
        var gen = SplitMix64(seed: seed)
        let symbols = ["Li", "O", "Fe", "Co", "Si", "Al", "Mg", "Ca", "Na", "Cl"]
        let systems = ["cubic", "hexagonal", "trigonal", "tetragonal", "orthorhombic", "monoclinic", "triclinic"]
        return (0..<count).map { i in
            let n = Int(gen.next() % 4) + 1
            let elements = (0..<n).map { _ in symbols[Int(gen.next() % UInt64(symbols.count))] }
            return MaterialRecord(
                id: MaterialID("amcsd:\(String(format: "%07d", i))"), name: "mineral \(i)", elements: elements,
                chemicalFormulaReduced: elements.sorted().joined(), spaceGroupNumber: Int(gen.next() % 230) + 1,
                crystalSystem: gen.next() % 5 == 0 ? nil : systems[Int(gen.next() % 7)],
                properties: ["density": Double(gen.next() % 1000) / 100, "selector": Double(gen.next() % 10000) / 10000],
                modalities: ["text": #"{"text":"sample \#(i)"}"#],
                references: [#"{"title":"Paper \#(i)","year":1990}"#])
        }
    }

    /// Records come back field for field; upserting an id replaces its record under the same
    /// label; deletes remove it; everything persists across reopen.
    @Test func roundTrips() throws {
        let directory = CrashRecoveryTests.temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 20)
        let records = Self.sampleRecords(count: 50, seed: 1)
        var labels: [VectorLabel] = []
        do {
            let store = try VectorStore.open(directory: directory, configuration: CrashRecoveryTests.configuration())
            labels = try store.upsert(records.map { .init(record: $0, vector: gen.unit(dimension: 16)) })
            for r in records { #expect(try store.record(for: r.id) == r) }
            var changed = records[3]
            changed.properties["density"] = 1.25
            changed.references = []
            let relabel = try store.upsert([.init(record: changed, vector: gen.unit(dimension: 16))])
            #expect(relabel == [labels[3]])
            #expect(try store.record(for: changed.id) == changed)
            #expect(try store.delete([records[4].id, "no:such"]) == 1)
        }
        let store = try VectorStore.open(directory: directory, configuration: CrashRecoveryTests.configuration())
        #expect(store.count == 49)
        #expect(try store.record(for: records[4].id) == nil)
        #expect(try store.record(for: records[3].id)?.properties["density"] == 1.25)
        #expect(try store.record(for: records[7].id) == records[7])
        // New labels never reuse old ones.
        let fresh = try store.upsert([.init(record: MaterialRecord(id: "new:1"), vector: gen.unit(dimension: 16))])
        #expect(fresh[0] > labels.max()!)
    }

    /// Searches read only the per-modality payloads asked for; everything else in the record is whole.
    @Test func searchReadsOnlyTheModalitiesAskedFor() throws {
        let directory = CrashRecoveryTests.temporaryDirectory("catalog-modalities")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 22)
        var records = Self.sampleRecords(count: 20, seed: 3)
        for i in records.indices { records[i].modalities["crystal"] = "{\"cif\":\"data_\(i)\"}" }
        let store = try VectorStore.open(directory: directory, configuration: CrashRecoveryTests.configuration())
        let vectors = records.map { _ in gen.unit(dimension: 16) }
        _ = try store.upsert(zip(records, vectors).map { .init(record: $0, vector: $1) })
        let all = try store.search(vectors[5], k: 3)
        #expect(all.first?.record == records[5])
        let none = try store.search(vectors[5], k: 3, modalities: [])
        #expect(none.first?.record.modalities.isEmpty == true)
        var bare = records[5]
        bare.modalities = [:]
        #expect(none.first?.record == bare)
        let crystal = try store.search(batch: [vectors[5], vectors[6]], k: 3, modalities: ["crystal"])
        #expect(crystal.map { $0.first?.record.modalities } == [["crystal": "{\"cif\":\"data_5\"}"], ["crystal": "{\"cif\":\"data_6\"}"]])
    }

    /// Searches read only the related rows asked for (elements, properties, references).
    @Test func searchReadsOnlyThePartsAskedFor() throws {
        let directory = CrashRecoveryTests.temporaryDirectory("catalog-parts")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 23)
        let records = Self.sampleRecords(count: 20, seed: 4)
        let store = try VectorStore.open(directory: directory, configuration: CrashRecoveryTests.configuration())
        let vectors = records.map { _ in gen.unit(dimension: 16) }
        _ = try store.upsert(zip(records, vectors).map { .init(record: $0, vector: $1) })
        for parts: RecordParts in [[], .elements, .properties, .references, [.elements, .references], .all] {
            let hit = try #require(try store.search(vectors[7], k: 1, modalities: [], parts: parts).first)
            var expected = records[7]
            expected.modalities = [:]
            if !parts.contains(.elements) { expected.elements = [] }
            if !parts.contains(.properties) { expected.properties = [:] }
            if !parts.contains(.references) { expected.references = [] }
            #expect(hit.record == expected, "parts \(parts.rawValue)")
        }
    }

    /// The SQL translation agrees with the in-memory reference semantics (`Filter.matches`).
    @Test(arguments: [
        #"elements HAS ALL "Li","O""#, #"elements HAS ANY "Fe","Co""#, #"elements HAS ONLY "Si","O""#,
        "nelements<=2", #"chemical_formula_reduced="FeO""#, "space_group_number=225 OR space_group_number<20",
        #"crystal_system="cubic""#, #"NOT crystal_system="cubic""#, "density > 5 AND NOT (nelements = 1)",
        #"(elements HAS "O" OR density<1) AND crystal_system!="triclinic""#, "unknown_property > 1",
    ])
    func sqlMatchesReference(_ text: String) throws {
        let directory = CrashRecoveryTests.temporaryDirectory("sql")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 21)
        let records = Self.sampleRecords(count: 300, seed: 2)
        let store = try VectorStore.open(directory: directory, configuration: CrashRecoveryTests.configuration())
        let labels = try store.upsert(records.map { .init(record: $0, vector: gen.unit(dimension: 16)) })
        let filter = try Filter.parse(text)
        let viaSQL = try store.labels(matching: filter)
        let expected = zip(records, labels).filter { filter.matches($0.0) }.map(\.1)
        #expect(viaSQL.count == expected.count)
        #expect(expected.allSatisfy { viaSQL.contains($0) })
    }
}
