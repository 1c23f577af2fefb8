import GRDB
import GRDBSQLite

/// A cached statement bound and run through SQLite's C API. A full index writes about 300,000
/// small rows, and for rows this small GRDB's argument arrays (each value boxed, each text
/// copied again to a C string) cost more than SQLite's own work.
struct RawStatement {
    /// Held so the prepared statement outlives every use of its handle.
    private let statement: Statement
    private let handle: OpaquePointer
    private let db: Database
    /// Kept for error messages: `Statement.sql` rebuilds and trims the text on every call,
    /// which, asked once per row, was a tenth of a full index.
    private let sql: String

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        self.sql = sql
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Runs the statement once after `bind` has bound its parameters through the C API (it
    /// returns SQLite's result code), for statements with more parameters than a call lists.
    func run(bind: (OpaquePointer) -> Int32) throws {
        defer { sqlite3_reset(handle) }
        let bound = bind(handle)
        guard bound == SQLITE_OK else { throw RawBinding.failure(bound, db: db, sql: sql) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw RawBinding.failure(code, db: db, sql: sql) }
    }

    /// Runs the statement once with `values` bound to its parameters, in order.
    func run<each Value: RawBindable>(_ values: repeat each Value) throws {
        defer { sqlite3_reset(handle) }
        try RawBinding.bind(repeat each values, to: handle, db: db, sql: sql)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw RawBinding.failure(code, db: db, sql: sql) }
    }
}

/// Binding and errors shared by `RawStatement` and `RawRows`.
private enum RawBinding {
    static func bind<each Value: RawBindable>(_ values: repeat each Value, to handle: OpaquePointer, db: Database,
                                              sql: String) throws {
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            let code = value.bind(to: handle, at: index)
            guard code == SQLITE_OK else { throw failure(code, db: db, sql: sql) }
        }
    }

    static func failure(_ code: Int32, db: Database, sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }
}

/// Every row of a query read through SQLite's C API, for reads of whole tables where GRDB's
/// row decoding (a Row per row, a column lookup per value) would be most of the cost.
enum RawRows {
    /// Calls `body` with each row of `sql`, run with `values` bound to its parameters.
    static func each<each Value: RawBindable>(_ db: Database, _ sql: String, _ values: repeat each Value,
                                              body: (OpaquePointer) throws -> Void) throws {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        defer { sqlite3_reset(handle) }
        try RawBinding.bind(repeat each values, to: handle, db: db, sql: sql)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw RawBinding.failure(code, db: db, sql: sql) }
            try body(handle)
        }
    }

    /// The column's UTF-8 bytes, valid until the next step.
    static func bytes(_ row: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: sqlite3_column_text(row, column), count: Int(sqlite3_column_bytes(row, column)))
    }

    static func string(_ row: OpaquePointer, _ column: Int32) -> String {
        String(decoding: bytes(row, column), as: UTF8.self)
    }
}

/// A value `RawStatement` can bind.
protocol RawBindable {
    /// Binds the value to parameter `index` (1-based); returns SQLite's result code.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

/// Tells SQLite to copy a bound text before the call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension String: RawBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        // A native string lends its bytes as they are; only another kind is copied first
        // (`withUTF8` needs a mutable copy, a retain and a release for every value bound).
        if let code = utf8.withContiguousStorageIfAvailable({ Self.bind($0, to: statement, at: index) }) { return code }
        var text = self
        return text.withUTF8 { Self.bind($0, to: statement, at: index) }
    }

    private static func bind(_ bytes: UnsafeBufferPointer<UInt8>, to statement: OpaquePointer, at index: Int32) -> Int32 {
        // An empty buffer may have no address, which SQLite would store as NULL.
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
        return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient)
        }
    }
}

extension Int64: RawBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: RawBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Bool: RawBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension Double: RawBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_double(statement, index, self) }
}

extension Optional: RawBindable where Wrapped: RawBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        map { $0.bind(to: statement, at: index) } ?? sqlite3_bind_null(statement, index)
    }
}
