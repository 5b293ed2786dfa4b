import Foundation
import Synchronization

/// The SQLite catalog (WAL journal): materials with their typed filter columns, elements,
/// numeric properties, per-modality records and references (JSON payloads).
///
/// Thread safety: the write connection is used only under the store's writer lock. Readers check
/// a read-only connection out of `readers`, whose mutex guards only the pool's array (held for a
/// push or a pop, never during a query); SQLite's WAL mode lets those readers run alongside the
/// writer.
final class Catalog: @unchecked Sendable {
    let path: String
    private let writer: SQLiteDatabase
    /// Idle read-only connections. Guards: the array only.
    private let readers = Mutex<[SQLiteDatabase]>([])

    static let schema = """
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS materials(
        label INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT,
        chemical_formula_reduced TEXT, nelements INTEGER NOT NULL,
        space_group_number INTEGER, crystal_system TEXT, payload TEXT);
    CREATE INDEX IF NOT EXISTS materials_formula ON materials(chemical_formula_reduced);
    CREATE INDEX IF NOT EXISTS materials_space_group ON materials(space_group_number);
    CREATE INDEX IF NOT EXISTS materials_crystal_system ON materials(crystal_system);
    CREATE INDEX IF NOT EXISTS materials_nelements ON materials(nelements);
    CREATE TABLE IF NOT EXISTS material_elements(
        label INTEGER NOT NULL REFERENCES materials(label) ON DELETE CASCADE,
        symbol TEXT NOT NULL, PRIMARY KEY(label, symbol)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS material_elements_symbol ON material_elements(symbol, label);
    CREATE TABLE IF NOT EXISTS properties(
        label INTEGER NOT NULL REFERENCES materials(label) ON DELETE CASCADE,
        name TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(label, name)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS properties_name_value ON properties(name, value);
    CREATE TABLE IF NOT EXISTS records(
        label INTEGER NOT NULL REFERENCES materials(label) ON DELETE CASCADE,
        modality TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY(label, modality)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS material_references(
        label INTEGER NOT NULL REFERENCES materials(label) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY(label, ordinal)) WITHOUT ROWID;
    """

    init(path: String) throws {
        self.path = path
        writer = try SQLiteDatabase(path: path)
        try writer.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        try writer.execute(Self.schema)
    }

    // MARK: Writes (writer lock held)

    /// The last log sequence number applied to the catalog.
    func appliedSequence() throws -> UInt64 {
        let s = try writer.prepare("SELECT value FROM meta WHERE key = 'applied_sequence'")
        return try s.step() ? UInt64(s.int64(0)) : 0
    }

    /// Applies one log record's operations in one transaction, recording its sequence number.
    func apply(_ operations: [StoreOperation], sequence: UInt64) throws {
        try writer.transaction {
            for op in operations {
                switch op {
                case let .upsert(label, record, _):
                    try writer.run("DELETE FROM materials WHERE label = ? OR id = ?", [.integer(Int64(label.rawValue)), .text(record.id.rawValue)])
                    try insert(record, label: label)
                case let .delete(label, _):
                    try writer.run("DELETE FROM materials WHERE label = ?", [.integer(Int64(label.rawValue))])
                }
            }
            try writer.run("INSERT INTO meta(key, value) VALUES('applied_sequence', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [.integer(Int64(bitPattern: sequence))])
        }
    }

    private func insert(_ r: MaterialRecord, label: VectorLabel) throws {
        let l = SQLValue.integer(Int64(label.rawValue))
        func text(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
        try writer.run("""
            INSERT INTO materials(label, id, name, chemical_formula_reduced, nelements, space_group_number, crystal_system, payload)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?)
            """, [l, .text(r.id.rawValue), text(r.name), text(r.chemicalFormulaReduced), .integer(Int64(r.nelements)),
                  r.spaceGroupNumber.map { .integer(Int64($0)) } ?? .null, text(r.crystalSystem), text(r.payload)])
        for symbol in r.elements {
            try writer.run("INSERT INTO material_elements(label, symbol) VALUES(?, ?)", [l, .text(symbol)])
        }
        for (name, value) in r.properties.sorted(by: { $0.key < $1.key }) where value.isFinite {
            try writer.run("INSERT INTO properties(label, name, value) VALUES(?, ?, ?)", [l, .text(name), .real(value)])
        }
        for (modality, payload) in r.modalities.sorted(by: { $0.key < $1.key }) {
            try writer.run("INSERT INTO records(label, modality, payload) VALUES(?, ?, ?)", [l, .text(modality), .text(payload)])
        }
        for (i, payload) in r.references.enumerated() {
            try writer.run("INSERT INTO material_references(label, ordinal, payload) VALUES(?, ?, ?)", [l, .integer(Int64(i)), .text(payload)])
        }
    }

    /// Every material's id and label (for rebuilding the writer's map at open).
    func allIdentifiers() throws -> [(MaterialID, VectorLabel)] {
        let s = try writer.prepare("SELECT id, label FROM materials")
        var out: [(MaterialID, VectorLabel)] = []
        while try s.step() { out.append((MaterialID(s.text(0) ?? ""), VectorLabel(UInt64(s.int64(1))))) }
        return out
    }

    /// Removes rows whose labels are not in `keep` (recovery reconciliation).
    func deleteLabels(_ labels: [VectorLabel]) throws {
        try writer.transaction {
            for l in labels { try writer.run("DELETE FROM materials WHERE label = ?", [.integer(Int64(l.rawValue))]) }
        }
    }

    /// Moves the SQLite WAL into the database file (after a snapshot).
    func checkpoint() throws { try writer.execute("PRAGMA wal_checkpoint(TRUNCATE)") }

    // MARK: Reads (any thread)

    /// Runs `body` with a pooled read-only connection.
    func withReader<R>(_ body: (SQLiteDatabase) throws -> R) throws -> R {
        let db = try readers.withLock { $0.popLast() } ?? {
            let db = try SQLiteDatabase(path: path, readOnly: true)
            // Memory-mapped reads: a search touches scattered pages of a file the OS caches anyway;
            // read() copies each page through a syscall (a fifth of a re-ranked XRD search's time).
            try db.execute("PRAGMA query_only=ON; PRAGMA mmap_size=1073741824")
            return db
        }()
        defer { readers.withLock { $0.append(db) } }
        return try body(db)
    }

    /// Labels of the materials matching `filter`.
    func labels(matching filter: Filter) throws -> LabelSet {
        let (clause, values) = filter.sql()
        return try withReader { db in
            let s = try db.prepare("SELECT m.label FROM materials AS m WHERE \(clause)", values)
            var labels: [VectorLabel] = []
            while try s.step() { labels.append(VectorLabel(UInt64(s.int64(0)))) }
            return LabelSet(labels)
        }
    }

    /// Number of materials.
    func count() throws -> Int {
        try withReader { db in
            let s = try db.prepare("SELECT COUNT(*) FROM materials")
            return try s.step() ? Int(s.int64(0)) : 0
        }
    }

    /// Records of `labels` (missing labels are absent from the result), with the per-modality
    /// payloads named in `modalities` (nil: all of them; empty: none — the hot search path skips
    /// the CIFs and peak lists it does not render).
    func records(for labels: [VectorLabel], modalities: Set<String>? = nil,
                 parts: RecordParts = .all) throws -> [VectorLabel: MaterialRecord] {
        guard !labels.isEmpty else { return [:] }
        return try withReader { db in
            var out: [VectorLabel: MaterialRecord] = [:]
            let marks = Array(repeating: "?", count: labels.count).joined(separator: ",")
            let values = labels.map { SQLValue.integer(Int64($0.rawValue)) }
            let s = try db.prepare("""
                SELECT label, id, name, chemical_formula_reduced, space_group_number, crystal_system, payload
                FROM materials WHERE label IN (\(marks))
                """, values)
            while try s.step() {
                let label = VectorLabel(UInt64(s.int64(0)))
                out[label] = MaterialRecord(id: MaterialID(s.text(1) ?? ""), name: s.text(2), chemicalFormulaReduced: s.text(3),
                                            spaceGroupNumber: s.isNull(4) ? nil : Int(s.int64(4)), crystalSystem: s.text(5),
                                            payload: s.text(6))
            }
            if parts.contains(.elements) {
                let e = try db.prepare("SELECT label, symbol FROM material_elements WHERE label IN (\(marks)) ORDER BY label, symbol", values)
                while try e.step() { out[VectorLabel(UInt64(e.int64(0)))]?.elements.append(e.text(1) ?? "") }
            }
            if parts.contains(.properties) {
                let p = try db.prepare("SELECT label, name, value FROM properties WHERE label IN (\(marks))", values)
                while try p.step() { out[VectorLabel(UInt64(p.int64(0)))]?.properties[p.text(1) ?? ""] = p.double(2) }
            }
            if modalities?.isEmpty != true {
                var sql = "SELECT label, modality, payload FROM records WHERE label IN (\(marks))"
                var bound = values
                if let wanted = modalities?.sorted() {
                    sql += " AND modality IN (\(Array(repeating: "?", count: wanted.count).joined(separator: ",")))"
                    bound += wanted.map { SQLValue.text($0) }
                }
                let r = try db.prepare(sql, bound)
                while try r.step() { out[VectorLabel(UInt64(r.int64(0)))]?.modalities[r.text(1) ?? ""] = r.text(2) ?? "" }
            }
            if parts.contains(.references) {
                let f = try db.prepare("SELECT label, payload FROM material_references WHERE label IN (\(marks)) ORDER BY label, ordinal", values)
                while try f.step() { out[VectorLabel(UInt64(f.int64(0)))]?.references.append(f.text(1) ?? "") }
            }
            return out
        }
    }

    /// One modality's payload of each of `labels` that has it.
    func payloads(for labels: [VectorLabel], modality: String) throws -> [VectorLabel: String] {
        guard !labels.isEmpty else { return [:] }
        return try withReader { db in
            let marks = Array(repeating: "?", count: labels.count).joined(separator: ",")
            let s = try db.prepare("SELECT label, payload FROM records WHERE label IN (\(marks)) AND modality = ?",
                                   labels.map { SQLValue.integer(Int64($0.rawValue)) } + [.text(modality)])
            var out: [VectorLabel: String] = [:]
            out.reserveCapacity(labels.count)
            while try s.step() { out[VectorLabel(UInt64(s.int64(0)))] = s.text(1) ?? "" }
            return out
        }
    }

    /// The label of `id`, if present.
    func label(for id: MaterialID) throws -> VectorLabel? {
        try withReader { db in
            let s = try db.prepare("SELECT label FROM materials WHERE id = ?", [.text(id.rawValue)])
            return try s.step() ? VectorLabel(UInt64(s.int64(0))) : nil
        }
    }
}
