import CMatlas

/// A value bound into or read from SQLite.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null
}

/// A minimal SQLite connection: prepared statements, bound parameters, typed errors.
/// Thread safety: a connection is used by one thread at a time (the catalog's writer lock, or a
/// reader checked out of the pool).
final class SQLiteDatabase: @unchecked Sendable {
    private(set) var handle: OpaquePointer?
    let path: String

    init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw IndexError.sqlite(code: rc, message: message, statement: "open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ rc: Int32, _ sql: String) -> IndexError {
        .sqlite(code: rc, message: String(cString: sqlite3_errmsg(handle)), statement: sql)
    }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql) }
    }

    /// Prepares `sql` and binds `values` to its parameters in order.
    func prepare(_ sql: String, _ values: [SQLValue] = []) throws -> SQLStatement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql) }
        let statement = SQLStatement(stmt, database: self, sql: sql)
        try statement.bind(values)
        return statement
    }

    /// Runs a statement without results.
    func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let s = try prepare(sql, values)
        while try s.step() {}
    }

    /// Runs `body` inside one transaction (BEGIN IMMEDIATE … COMMIT, rolled back on error).
    func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let r = try body()
            try execute("COMMIT")
            return r
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

/// A prepared statement; finalised when released.
final class SQLStatement {
    private let stmt: OpaquePointer
    private let database: SQLiteDatabase
    let sql: String

    init(_ stmt: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.stmt = stmt
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(stmt) }

    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch v {
            case .integer(let x): rc = sqlite3_bind_int64(stmt, index, x)
            case .real(let x): rc = sqlite3_bind_double(stmt, index, x)
            case .text(let s): rc = sqlite3_bind_text(stmt, index, s, -1, cmatlas_sqlite_transient())
            case .null: rc = sqlite3_bind_null(stmt, index)
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql) }
        }
    }

    /// Advances; true when a row is available.
    func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(rc, sql)
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(stmt, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(stmt, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(stmt, column) == SQLITE_NULL }
    func text(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(stmt, column) else { return nil }
        return String(cString: p)
    }
}
