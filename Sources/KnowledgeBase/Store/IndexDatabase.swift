import Foundation
import GRDB
import GRDBSQLite
import CSQLiteSetup

/// Opens the index file and keeps its schema current. The only type that knows where the
/// index lives; every other Store type receives its `DatabaseQueue`.
public enum IndexDatabase {
    /// Bumped whenever a change to parsing makes old rows wrong even though the schema is the
    /// same; an index built by another parser version is rebuilt, never misread.
    public static let parserVersion = "7"

    /// Opens (creating if needed) the index at `path` and migrates it. A file that is not a
    /// kb index, or is damaged, is reported as `KBError.corruptIndex`.
    ///
    /// One connection: a command refreshes and then queries, one after the other, so a pool's
    /// second connection only cost its opening (a millisecond per command). Other processes
    /// still read while one writes, because the file is in WAL mode.
    public static func open(path: String, readOnly: Bool = false) throws -> DatabaseQueue {
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
        }
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: config)
            // Migrating takes the write lock and syncs the file even when there is nothing to
            // do; a read first keeps queries on an up-to-date index free of that cost.
            let migrator = self.migrator
            let current = try database.read { db in
                if try migrator.hasBeenSuperseded(db) { throw KBError.newerIndex(path: path, format: nil, readable: Int(IndexFileCheck.format)) }
                return try migrator.hasCompletedMigrations(db)
            }
            // Read-only, an index that needs migrating cannot be read as it is.
            if !current, readOnly { throw KBError.indexNotWritable(path) }
            if !current {
                // WAL mode is stored in the file, so only a new index needs it set.
                try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
                try migrator.migrate(database)
            }
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw KBError.corruptIndex(path: path, reason: error.message ?? "\(error)")
        }
        return database
    }

    /// Opens a new scratch file for a full build (see `IndexBuild`): no journal and no syncs.
    static func openForBuilding(path: String) throws -> DatabaseQueue {
        _ = processSetup
        try? FileManager.default.removeItem(atPath: path)
        var config = Configuration()
        config.prepareDatabase { db in
            // 16 KB pages instead of 4: a full index of 10k files took 0.08 s less and came out
            // 5% smaller, with searches and one-note refreshes as fast. Set before the first
            // table, since an existing file keeps its page size.
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        let database = try DatabaseQueue(path: path, configuration: config)
        try migrator.migrate(database)
        return database
    }

    /// Ends a full build: the file is put in WAL mode, as every index is, and closed.
    static func finishBuilding(_ database: DatabaseQueue) throws {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try database.close()
    }

    /// SQLite keeps memory statistics by default, taking a global mutex on every allocation;
    /// kb never reads them, and a full index spent about 0.15 s of CPU on them. The setting is
    /// process-wide and only takes before the first connection opens.
    private static let processSetup: Void = {
        _ = kb_sqlite_disable_memory_statistics()
    }()

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try createRelationalTables(db)
            try createSearchTables(db)
        }
        // Lets a small refresh load only the names its changed texts can mention.
        migrator.registerMigration("v2-name-first-word") { db in
            try db.alter(table: "noteName") { t in t.add(column: "firstWord", .text) }
            try db.create(indexOn: "noteName", columns: ["firstWord"])
        }
        // Lets a refresh skip listing folders whose mtime did not move (`QuickRescan`).
        migrator.registerMigration("v3-folder-listing") { db in
            try db.create(table: "folder", options: .withoutRowID) { t in
                t.primaryKey("path", .text)
                t.column("modified", .double).notNull()
            }
        }
        // Covering indexes for related's shared-tag and coupling joins, which read a note id
        // for every row of a popular tag or link target: without the id in the index, each
        // row cost a table lookup (related at 10k notes: 23 -> 12 ms). They replace the
        // single-column indexes they extend.
        migrator.registerMigration("v4-covering-indexes") { db in
            try db.execute(sql: """
                DROP INDEX index_tag_on_key;
                CREATE INDEX tag_on_key_noteId ON tag(key, noteId);
                DROP INDEX link_on_targetId;
                CREATE INDEX link_on_targetId_noteId ON link(targetId, noteId);
                """)
        }
        // `show` parses the note's file instead of reading a stored copy (see
        // KnowledgeBase.document(of:)).
        migrator.registerMigration("v5-no-stored-document") { db in
            try db.execute(sql: "ALTER TABLE note DROP COLUMN document")
        }
        // A section keeps where its text starts in the note's body instead of a second copy
        // of that text (a fifth of the index). Parser version 4 fills the new column.
        migrator.registerMigration("v6-section-starts") { db in
            try db.execute(sql: """
                ALTER TABLE section ADD COLUMN start INTEGER NOT NULL DEFAULT -1;
                ALTER TABLE section DROP COLUMN text;
                """)
        }
        // FTS5 flushes the terms it collects to a new on-disk segment each time they pass 1 MB,
        // then merges the segments again and again. With room for 16 MB, a full index writes
        // fewer segments and merges less. The setting is stored in each table's config.
        migrator.registerMigration("v7-fts-hash-size") { db in
            for table in ["noteSearch", "termSearch", "nameWords"] {
                try db.execute(sql: "INSERT INTO \(table) (\(table), rank) VALUES ('hashsize', 16777216)")
            }
        }
        // The freshness check before every query reads the whole file and folder listing; one
        // packed copy of it reads in 1.0 ms at 10k files, a row per path in 2.4. See `ScanState`.
        migrator.registerMigration("v8-listing-snapshot") { db in
            try db.create(table: "listingSnapshot") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("data", .blob).notNull()
            }
            try ScanState.storeSnapshot(db)
        }
        // Measured again: 8 MB beats 16 (a 10k-file index 45 ms faster, alternating runs). The
        // larger table's terms spread over more of the cache the parsing threads also need.
        migrator.registerMigration("v9-fts-hash-size-8mb") { db in
            for table in ["noteSearch", "termSearch", "nameWords"] { try setHashSize(of: table, db) }
        }
        // termSearch kept its own copy of every term's name, aliases and definition (5% of the
        // index); it now reads them from the term table, whose aliases (a JSON array) give
        // the same words. FTS5 reads a row's old words from there to delete them, so a term's
        // search row is deleted before the term (see `NoteWriter`).
        migrator.registerMigration("v10-term-search-reads-term") { db in
            try db.drop(table: "termSearch")
            try createTermSearch(db)
            try setHashSize(of: "termSearch", db)
            try db.execute(sql: "INSERT INTO termSearch (termSearch) VALUES ('rebuild')")
        }
        // Marks the file as a kb index (see `IndexFileCheck`), so kb never takes another
        // program's database for one.
        migrator.registerMigration("v11-application-id") { db in
            try db.execute(sql: "PRAGMA application_id = \(IndexFileCheck.applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(IndexFileCheck.format)")
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('kind', 'kb index')")
        }
        // Translations of one page: each note's language and the key its translations share,
        // so that related, define, search and name lookup treat them as one page. Parser
        // version 7 fills them.
        migrator.registerMigration("v12-note-language") { db in
            try db.execute(sql: """
                ALTER TABLE note ADD COLUMN language TEXT;
                ALTER TABLE note ADD COLUMN translationKey TEXT;
                CREATE INDEX note_on_translationKey ON note(translationKey);
                """)
        }
        return migrator
    }

    private static func createRelationalTables(_ db: Database) throws {
        try db.create(table: "meta") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
        try db.create(table: "file") { t in
            t.primaryKey("path", .text)
            t.column("modified", .double).notNull()
            t.column("size", .integer).notNull()
            t.column("hash", .text).notNull()
        }
        try db.create(table: "note") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("path", .text).notNull().unique()
            t.column("slug", .text).notNull()
            t.column("url", .text).notNull()
            t.column("title", .text).notNull()
            t.column("description", .text)
            t.column("date", .text)
            t.column("weight", .integer)
            t.column("draft", .boolean).notNull().defaults(to: false)
            t.column("frontMatter", .text).notNull()
            // The parsed note as JSON; dropped by migration v5.
            t.column("document", .text).notNull()
        }
        try db.create(table: "noteName") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("key", .text).notNull()
            t.column("kind", .text).notNull()  // path, url, slug, file, title, alias, keyword
        }
        try db.create(indexOn: "noteName", columns: ["key"])
        try db.create(table: "section") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("position", .integer).notNull()
            t.column("level", .integer).notNull()
            t.column("heading", .text).notNull()
            t.column("anchor", .text).notNull()
            t.column("text", .text).notNull()  // replaced by `start` in migration v6
        }
        try db.create(table: "term") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("name", .text).notNull()
            t.column("key", .text).notNull()
            t.column("definition", .text).notNull()
            t.column("parent", .text)
            t.column("aliases", .text).notNull()  // JSON array
            t.column("section", .text)
        }
        try db.create(indexOn: "term", columns: ["key"])
        try db.create(table: "termAlias") { t in
            t.belongsTo("term", onDelete: .cascade).notNull()
            t.column("key", .text).notNull()
        }
        try db.create(indexOn: "termAlias", columns: ["key"])
        try db.create(table: "tag") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("name", .text).notNull()
            t.column("key", .text).notNull()
            t.column("kind", .text).notNull()  // tag or category
        }
        try db.create(indexOn: "tag", columns: ["key"])
        try db.create(table: "link") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("position", .integer).notNull()
            t.column("label", .text).notNull()
            t.column("target", .text).notNull()
            t.column("anchor", .text)
            t.column("kind", .text).notNull()
            t.column("host", .text)
            t.column("section", .text)
            // Last name in the target, so a new or renamed note finds the links it may answer.
            t.column("lookupKey", .text).notNull()
            t.column("targetId", .integer).indexed()
            t.column("resolution", .text).notNull()
            t.column("candidates", .text)
        }
        try db.create(indexOn: "link", columns: ["lookupKey"])
        try db.create(indexOn: "link", columns: ["resolution"])
        try db.create(table: "mention") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("targetId", .integer).notNull().indexed()
            t.column("count", .integer).notNull()
            t.column("inQuiz", .integer).notNull()
        }
        try db.create(table: "question") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("label", .text).notNull()
            t.column("stem", .text).notNull()
            t.column("options", .text).notNull()
        }
        try db.create(table: "fact") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("key", .text).notNull()
            t.column("value", .text).notNull()
            t.column("section", .text)
        }
        try db.create(table: "warning") { t in
            t.column("path", .text).notNull().indexed()
            t.column("message", .text).notNull()
        }
    }

    private static func createSearchTables(_ db: Database) throws {
        try db.create(virtualTable: "noteSearch", using: FTS5()) { t in
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            for column in ["title", "aliases", "tags", "terms", "headings", "body"] { t.column(column) }
        }
        try db.create(virtualTable: "termSearch", using: FTS5()) { t in
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            for column in ["name", "aliases", "definition"] { t.column(column) }
        }
        // Unstemmed words of titles, terms and headings, for prefix completion and "did you mean".
        try db.create(virtualTable: "nameWords", using: FTS5()) { t in
            t.tokenizer = .unicode61(diacritics: .remove)
            t.column("words")
        }
        try db.execute(sql: "CREATE VIRTUAL TABLE nameVocabulary USING fts5vocab(nameWords, 'row')")
    }

    /// How many bytes of terms an FTS5 table collects before writing them as a segment (see v9).
    private static func setHashSize(of table: String, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO \(table) (\(table), rank) VALUES ('hashsize', \(8 << 20))")
    }

    /// Search over term names, aliases and definitions, read from the term table's own columns.
    private static func createTermSearch(_ db: Database) throws {
        try db.create(virtualTable: "termSearch", using: FTS5()) { t in
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            t.content = "term"
            t.contentRowID = "id"
            for column in ["name", "aliases", "definition"] { t.column(column) }
        }
    }
}
