import GRDB

/// Parse warnings, kept per file so `check` and later refreshes report them.
enum StoredWarnings {
    static func all(_ db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT path, message FROM warning ORDER BY path").map { "\($0["path"] as String): \($0["message"] as String)" }
    }

    static func clear(_ path: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM warning WHERE path = ?").execute(arguments: [path])
    }

    static func add(_ path: String, _ messages: [String], _ db: Database) throws {
        for message in messages {
            try RawStatement(db, "INSERT INTO warning (path, message) VALUES (?, ?)").run(path, message)
        }
    }
}
