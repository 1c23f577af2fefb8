import GRDB

/// A token that every write transaction of the index replaces, so two connections can tell
/// whether they read the same state of it: SQLite offers no way to share one snapshot, and
/// `PRAGMA data_version` only compares states seen by one connection.
package enum IndexGeneration {
    /// Gives the state `db` is writing a new token; called inside the write transaction.
    static func renew(_ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('generation', hex(randomblob(8)))")
    }

    /// The token of the state `db` reads; nil for an index no kb with tokens has written yet.
    package static func current(_ db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'generation'"))
    }
}
