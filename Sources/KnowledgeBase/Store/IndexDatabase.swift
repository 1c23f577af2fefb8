import Foundation
import GRDB
import GRDBSQLite
import CSQLiteSetup

/// Opens the index file, creating its tables (`IndexSchema`) in a new one. The only type that knows where the
/// index lives; every other Store type receives its `DatabaseQueue`.
enum IndexDatabase {
    /// Bumped whenever a change to parsing makes old rows wrong even though the schema is the
    /// same; an index built by another parser version is rebuilt, never misread.
    static let parserVersion = "7"

    /// The ranking function of `noteSearch` on every connection `open` makes: `bm25`'s scores,
    /// bit for bit, found three times faster on a match of most notes (see ordered_bm25.c).
    static let noteRank = "kb_bm25"
    /// `noteRank` as a blob that also says which phrases a row holds in chosen columns
    /// (`CoveringRank`).
    static let coveringNoteRank = "kb_bm25_covering"

    /// Opens the index at `path`, creating its tables when the file is empty. A file that is
    /// not a kb index, or is damaged, is reported as `KBError.corruptIndex`; an index of
    /// another schema version is not read (`KnowledgeBase` builds it anew instead).
    ///
    /// One connection: a command refreshes and then queries, one after the other, so a pool's
    /// second connection only cost its opening (a millisecond per command). Other processes
    /// still read while one writes, because the file is in WAL mode.
    static func open(path: String, readOnly: Bool = false) throws -> DatabaseQueue {
        _ = processSetup
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // The index is rebuilt from the notes if lost, so durability on power loss is
            // traded for speed; WAL still keeps a killed run from damaging it.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Keep the WAL file when the last connection closes, instead of deleting it and
            // making a new one on the next run (about a millisecond per command). With a size
            // limit set, SQLite empties the kept file at close, so a large refresh does not
            // leave its whole WAL on disk.
            var persist: Int32 = 1
            _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            let registered = kb_register_ordered_bm25(db.sqliteConnection, noteRank, coveringNoteRank, "noteSearch")
            guard registered == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: registered), message: "cannot add the \(noteRank) ranking function")
            }
        }
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: config)
            try prepareSchema(database, path: path, readOnly: readOnly)
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw KBError.corruptIndex(path: path, reason: error.message ?? "\(error)")
        }
        return database
    }

    /// Checks the schema version, and creates the tables in an empty file. Only a read: an
    /// index that is current (every query's case) takes no write lock and syncs nothing.
    private static func prepareSchema(_ database: DatabaseQueue, path: String, readOnly: Bool) throws {
        let (version, tables) = try database.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0)
        }
        if version == IndexSchema.version { return }
        if version > IndexSchema.version {
            throw KBError.newerIndex(path: path, format: Int(version), readable: Int(IndexSchema.version))
        }
        guard tables == 0 else {
            throw KBError.corruptIndex(path: path, reason: "it was made by an older kb, whose tables this one does not read")
        }
        if readOnly { throw KBError.indexNotWritable(path) }
        // WAL mode is stored in the file, so only a new index needs it set.
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try database.write { db in try IndexSchema.create(db) }
    }

    /// Gives `database` a 32 MB page cache, for a process that answers many queries: a word
    /// found in most notes reads several megabytes of the full-text index, which with SQLite's
    /// default 2 MB cache are read from the file again on every query. Pages are cached only
    /// once read; a one-shot command is faster with the small cache, which reuses its memory.
    static func keepPagesCached(_ database: DatabaseQueue) {
        try? database.inDatabase { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
    }

    /// Opens a new scratch file for a full build (see `IndexBuild`): no journal and no syncs.
    static func openForBuilding(path: String) throws -> DatabaseQueue {
        _ = processSetup
        try? FileManager.default.removeItem(atPath: path)
        var config = Configuration()
        config.prepareDatabase { db in
            // 16 KB pages rather than SQLite's 4: a full index writes fewer, fuller pages and
            // comes out smaller, and searches and one-note refreshes read no more for it (the
            // figures are in the bench notes). Set before the first table, since an existing
            // file keeps its page size.
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        let database = try DatabaseQueue(path: path, configuration: config)
        try database.write { db in try IndexSchema.create(db) }
        return database
    }

    /// Ends a full build: the file is put in WAL mode, as every index is, and closed.
    static func finishBuilding(_ database: DatabaseQueue) throws {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try database.close()
    }

    /// SQLite keeps memory statistics by default, taking a global mutex on every allocation;
    /// kb never reads them, so they would only make the parsing threads and the writer wait on
    /// each other. The setting is process-wide and only takes before the first connection
    /// opens.
    private static let processSetup: Void = {
        _ = kb_sqlite_disable_memory_statistics()
    }()
}
