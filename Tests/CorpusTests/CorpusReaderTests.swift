import Foundation
import Testing
@testable import Corpus

/// The reader against the committed fixtures (made by Scripts/corpus/make_fixtures.py): good lines
/// 1, 3, 7; line 2 not JSON, line 4 without `cif`, line 5 blank, line 6 a string density, line 8 an
/// unknown split.
struct CorpusReaderTests {
    /// Reads a whole file, collecting records and errors (reading on after each error).
    static func readAll(_ path: String, bufferSize: Int = 1 << 16, maximumLineLength: Int = 64 << 20)
        throws -> (records: [MaterialRecord], errors: [CorpusError])
    {
        let reader = try CorpusReader<MaterialRecord>(path: path, bufferSize: bufferSize,
                                                      maximumLineLength: maximumLineLength)
        var records: [MaterialRecord] = []
        var errors: [CorpusError] = []
        try reader.forEach(onError: { errors.append($0) }) { records.append($0) }
        return (records, errors)
    }

    @Test func malformedLinesAreReportedWithTheirLineNumbersAndTheRestIsRead() throws {
        let (records, errors) = try Self.readAll(FixturePaths.fixture("sample.jsonl.gz"))
        #expect(records.count == 3)
        #expect(records.first?.id == MaterialID(amcsd: 3))
        #expect(errors.map(\.line) == [2, 4, 6, 8])
        #expect(errors.allSatisfy { $0.kind == .malformedRecord })
        #expect(errors.allSatisfy { $0.path.hasSuffix("sample.jsonl.gz") })
        // The message names the failing field.
        #expect(errors[1].message.contains("cif"))
        #expect(errors[2].message.contains("density"))
        #expect(errors[3].message.contains("split"))
        #expect(errors[0].description.contains("sample.jsonl.gz:2"))
    }

    @Test func nextThrowsThenContinues() throws {
        let reader = try CorpusReader<MaterialRecord>(path: FixturePaths.fixture("sample.jsonl.gz"))
        #expect(try reader.next()?.amcsdCode == 3)
        #expect(throws: CorpusError.self) { try reader.next() }
        #expect(reader.lineNumber == 2)
        #expect(try reader.next() != nil)  // line 3
    }

    @Test(arguments: [1, 2, 7, 64, 4096])
    func tinyBuffersSplitLinesIdentically(bufferSize: Int) throws {
        let reference = try Self.readAll(FixturePaths.fixture("sample.jsonl.gz"))
        let small = try Self.readAll(FixturePaths.fixture("sample.jsonl.gz"), bufferSize: bufferSize)
        #expect(small.records == reference.records)
        #expect(small.errors == reference.errors)
    }

    @Test func plainTextFilesReadToo() throws {
        let gz = try Self.readAll(FixturePaths.fixture("sample.jsonl.gz")).records
        let plain = try Self.readAll(FixturePaths.fixture("plain.jsonl"))
        #expect(plain.errors.isEmpty)
        #expect(plain.records == gz)
    }

    @Test func truncatedGzipEndsWithADecompressionError() throws {
        let (records, errors) = try Self.readAll(FixturePaths.fixture("truncated.jsonl.gz"))
        #expect(records.count < 3)
        #expect(errors.last?.kind == .decompression)
        #expect(errors.last?.line != nil)
    }

    @Test func missingFileIsCannotOpen() {
        #expect {
            _ = try CorpusReader<MaterialRecord>(path: "/nonexistent/corpus.jsonl.gz")
        } throws: { ($0 as? CorpusError)?.kind == .cannotOpen }
    }

    @Test func overlongLinesAreSkippedWithAnError() throws {
        // Every record line is a few kB: with a 100-byte limit each is too long, and the reader still
        // reaches the end, reporting each with its number (line 2 is short but broken, 5 is blank).
        let (records, errors) = try Self.readAll(FixturePaths.fixture("sample.jsonl.gz"), bufferSize: 13,
                                                 maximumLineLength: 100)
        #expect(records.isEmpty)
        #expect(errors.filter { $0.kind == .lineTooLong }.map(\.line) == [1, 3, 4, 6, 7, 8])
        #expect(errors.filter { $0.kind == .malformedRecord }.map(\.line) == [2])
    }

    @Test func galenaFromTheFixture() throws {
        let galena = try #require(try Self.readAll(FixturePaths.fixture("plain.jsonl")).records.first)
        #expect(galena.mineral == "Galena")
        #expect(galena.reducedFormula == "PbS")
        #expect(galena.spaceGroup.number == 225)
        #expect(galena.references.map(\.role) == [.source, .database])
        #expect(galena.references[1].year == 2003)
    }

    @Test func splitFilteringPartitionsTheRecords() throws {
        let all = try Self.readAll(FixturePaths.fixture("plain.jsonl")).records
        var total = 0
        for split in CorpusSplit.allCases {
            let part = try CorpusReader<MaterialRecord>(path: FixturePaths.fixture("plain.jsonl")).records(in: split)
            #expect(part.allSatisfy { $0.split == split })
            total += part.count
        }
        #expect(total == all.count)
    }

    @Test func materialIDsArePaddedToSevenDigits() {
        #expect(MaterialID(amcsd: 3).rawValue == "amcsd:0000003")
        #expect(MaterialID(amcsd: 100005).rawValue == "amcsd:0100005")
        #expect(MaterialID(amcsd: 12345678).rawValue == "amcsd:12345678")
    }
}
