import Chemistry
import Foundation
import Testing
@testable import Corpus

/// The committed corpus itself (Corpora/amcsd/materials.jsonl.gz): every record decodes, known
/// entries check out, and the split keeps groups together.
struct RealCorpusTests {
    /// All records, read once for the whole suite (≈ 9.2k records, ≈ 25 MB of JSON).
    static let corpus: Result<[MaterialRecord], CorpusError> = {
        do throws(CorpusError) {
            let reader = try CorpusReader<MaterialRecord>(path: FixturePaths.materials)
            var records: [MaterialRecord] = []
            while let record = try reader.next() { records.append(record) }
            return .success(records)
        } catch {
            return .failure(error)
        }
    }()

    static func records() throws -> [MaterialRecord] { try corpus.get() }

    @Test func everyRecordDecodesAndCountsMatchSplitJSON() throws {
        // A fresh streaming pass (the shared copy may already be loaded), timed for the report.
        let start = ContinuousClock.now
        let reader = try CorpusReader<MaterialRecord>(path: FixturePaths.materials)
        let streamed = try reader.forEach { _ in }
        print("CorpusTests: streamed \(streamed) records in \(ContinuousClock.now - start)")
        let records = try Self.records()
        #expect(streamed == records.count)
        // split.json is written by the same build: its counts must add up to the file's records.
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: FixturePaths.splitSummary))
        let counts = try #require((summary as? [String: Any])?["counts"] as? [String: [String: Int]])
        let total = counts.values.compactMap { $0["materials"] }.reduce(0, +)
        #expect(records.count == total)
        #expect(records.count > 9000)  // 9,247 of AMCSD's 9,275 entries (Corpora/README.md)
        #expect(Set(records.map(\.id)).count == records.count)
        #expect(records.map(\.id) == records.map(\.id).sorted())
    }

    @Test func galenaChecksOut() throws {
        let galena = try #require(try Self.records().first { $0.id == MaterialID(amcsd: 3) })
        #expect(galena.mineral == "Galena")
        #expect(galena.reducedFormula == "PbS")
        #expect(galena.elementSymbols == ["S", "Pb"])
        #expect(galena.spaceGroup.number == 225)  // Fm-3m
        #expect(galena.spaceGroup.crystalSystem == "cubic")
        // AMCSD's measured density 7.621 g/cm³; galena's handbook density is 7.4-7.6.
        let density = try #require(galena.density)
        #expect(abs(density - 7.6) < 0.05)
        #expect(galena.sourceArticle?.year == 1925)
        #expect(galena.references.contains { $0.role == .database && $0.journal == "American Mineralogist" })
        #expect(galena.description?.provenance == "robocrys 0.2.13, machine-generated")
        #expect(galena.isOrdered && galena.siteCount == 8)
    }

    @Test func galenaCrystalFromItsCIF() throws {
        let galena = try #require(try Self.records().first { $0.id == MaterialID(amcsd: 3) })
        let crystal = try galena.crystal()
        #expect(crystal.sites.count == 8)
        // Density from the cell: 4 PbS in (5.93 Å)³ → 7.62 g/cm³; AMCSD reports 7.621 (tolerance 0.01).
        #expect(abs(crystal.density - 7.621) < 0.01)
    }

    @Test func splitGroupsNeverStraddle() throws {
        let records = try Self.records()
        var splitOfGroup: [String: CorpusSplit] = [:]
        var splitOfMineral: [String: Set<CorpusSplit>] = [:]
        var splitOfFormula: [String: Set<CorpusSplit>] = [:]
        for r in records {
            if let known = splitOfGroup[r.group] { #expect(known == r.split, "group \(r.group)") }
            splitOfGroup[r.group] = r.split
            if let mineral = r.mineral { splitOfMineral[mineral.lowercased(), default: []].insert(r.split) }
            splitOfFormula[r.reducedFormula, default: []].insert(r.split)
        }
        let straddlingMinerals = splitOfMineral.filter { $0.value.count > 1 }.keys.sorted()
        let straddlingFormulas = splitOfFormula.filter { $0.value.count > 1 }.keys.sorted()
        #expect(straddlingMinerals.isEmpty, "\(straddlingMinerals.prefix(5))")
        #expect(straddlingFormulas.isEmpty, "\(straddlingFormulas.prefix(5))")
        // Polytypes and polymorphs of one mineral name share a split (Wurtzite-2H … -8H).
        let wurtzites = Set(records.filter { $0.mineral?.hasPrefix("Wurtzite") == true }.map(\.split))
        #expect(wurtzites.count == 1)
        // 80/10/10 by group hash: each share within 4 points of its target.
        let n = Double(records.count)
        for (split, target) in [(CorpusSplit.train, 0.8), (.validation, 0.1), (.test, 0.1)] {
            let share = Double(records.filter { $0.split == split }.count) / n
            #expect(abs(share - target) < 0.04, "\(split): \(share)")
        }
    }

    @Test func propertiesCarrySourcesAndUnits() throws {
        let records = try Self.records()
        let withEnthalpy = records.compactMap(\.properties.formationEnthalpy)
        let withTransport = records.compactMap(\.properties.transport)
        let withOptics = records.compactMap(\.properties.optical)
        #expect(withEnthalpy.count > 1000 && withTransport.count > 1000 && withOptics.count > 500)
        #expect(withEnthalpy.allSatisfy { $0.units == "eV/atom" && !$0.source.isEmpty })
        #expect(withTransport.allSatisfy { $0.values["seebeck_p"]?.units == "µV/K" && $0.temperatureKelvin == 300 })
        #expect(withOptics.allSatisfy { $0.n.count == $0.wavelengths.count && !$0.source.isEmpty })
        // Quartz (SiO2): n_o at 589 nm = 1.5442 (Ghosh 1999, via refractiveindex.info), ±0.001.
        let quartz = try #require(records.first { $0.mineral == "Quartz" && $0.properties.optical != nil })
        let n589 = try #require(quartz.properties.optical?.n589)
        #expect(abs(n589 - 1.5442) < 0.001)
    }

    @Test func crystalsParseForASampleOfRecords() throws {
        // Every 40th record (≈ 230): Chemistry's CIF reader must accept it and find the record's elements.
        let records = try Self.records()
        var failures: [String] = []
        var checked = 0
        for record in stride(from: 0, to: records.count, by: 40).map({ records[$0] }) {
            guard record.elements.count == record.elementSymbols.count else { continue }  // Am, Cm: Z > 94
            checked += 1
            do {
                let crystal = try record.crystal()
                let symbols = Set(crystal.sites.flatMap { $0.occupants.map(\.element.symbol) })
                if symbols != Set(record.elementSymbols) {
                    failures.append("\(record.id): elements \(symbols.sorted()) vs \(record.elementSymbols)")
                }
            } catch {
                failures.append("\(record.id): \(error)")
            }
        }
        print("CorpusTests: \(checked) sampled CIFs, \(failures.count) failures \(failures)")
        #expect(checked > 200)
        #expect(failures.count <= checked / 100, "\(failures.prefix(5))")
    }

    @Test func arxivTextsRead() throws {
        let reader = try CorpusReader<TextRecord>(path: FixturePaths.arxiv)
        var count = 0
        var abstracts = 0
        var first: TextRecord?
        try reader.forEach { record in
            if first == nil { first = record }
            count += 1
            if record.abstract != nil { abstracts += 1 }
        }
        #expect(count == 87_148)  // jarvis-leaderboard's arxiv_summary_text: 69,718 train + 17,430 test
        #expect(abstracts == 490)  // arxiv_gen_text: 392 + 98
        #expect(first?.id.hasPrefix("arxiv:") == true)
    }
}
