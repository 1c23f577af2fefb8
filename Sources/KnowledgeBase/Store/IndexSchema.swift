import Foundation
import GRDB

/// The index's tables, created in one step. The index is a cache of the notes, so a schema
/// change does not migrate old files: it raises `version`, and an index of another version is
/// built anew (see `IndexFileCheck.Verdict.outdated`).
enum IndexSchema {
    /// Kept in the file's header (`PRAGMA user_version`), where `IndexFileCheck` reads it
    /// before anything else is opened. Raise it with every change to the tables below. An
    /// older kb refuses a newer index (and says so); a newer kb rebuilds an older one.
    /// Version 1 was the last index made through migrations.
    static let version: Int32 = 5

    /// Creates every table and index of an empty file, and marks the file as a kb index.
    static func create(_ db: Database) throws {
        try createBookkeeping(db)
        try createNoteTables(db)
        try createGlossaryTables(db)
        try createLinkTables(db)
        try createSearchTables(db)
        try createListingTables(db)
        try mark(db)
    }

    /// The header fields and the `meta` row that tell a kb index from any other database.
    private static func mark(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(IndexFileCheck.applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(version)")
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('kind', 'kb index')")
    }

    /// `meta` (parser version, corpus path, kind), the files the index was made from (their
    /// stat and content hash decide what a refresh re-reads) and the warnings per file.
    private static func createBookkeeping(_ db: Database) throws {
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
        try db.create(table: "warning") { t in
            t.column("path", .text).notNull().indexed()
            t.column("message", .text).notNull()
        }
    }

    /// A note, the names it can be reached by, its sections, tags, quiz questions and facts.
    private static func createNoteTables(_ db: Database) throws {
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
            // Translations of one page share a key, so that queries treat them as one page.
            t.column("language", .text)
            t.column("translationKey", .text)
        }
        try db.create(index: "note_on_translationKey", on: "note", columns: ["translationKey"])
        try db.create(table: "noteName") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("key", .text).notNull()
            t.column("kind", .text).notNull()  // `NoteDirectory.NameKind`
            // Lets a small refresh load only the names its changed texts can mention.
            t.column("firstWord", .text)
        }
        try db.create(indexOn: "noteName", columns: ["key"])
        try db.create(indexOn: "noteName", columns: ["firstWord"])
        try db.create(table: "section") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("position", .integer).notNull()
            t.column("level", .integer).notNull()
            t.column("heading", .text).notNull()
            t.column("anchor", .text).notNull()
            // Where the section's text starts in the note's body: the text is not stored twice.
            t.column("start", .integer).notNull().defaults(to: -1)
        }
        try db.create(table: "tag") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("name", .text).notNull()
            t.column("key", .text).notNull()
            t.column("kind", .text).notNull()  // `TagKind`
        }
        // Covering: related's shared-tag join reads a note id for every row of a popular tag,
        // and with the id in the index it needs no table lookup per row.
        try db.create(index: "tag_on_key_noteId", on: "tag", columns: ["key", "noteId"])
        try createQuizTables(db)
    }

    private static func createQuizTables(_ db: Database) throws {
        try db.create(table: "question") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("label", .text).notNull()
            t.column("stem", .text).notNull()
            t.column("options", .text).notNull()
            // The rest of the question, so study cards are read from here and no note is parsed
            // again: the options' labels and texts as JSON arrays (an option's text may hold a
            // line break, which `options` cannot tell apart), which options are right (one `1`
            // or `0` per option), and the answer key.
            t.column("optionLabels", .text).notNull()
            t.column("optionTexts", .text).notNull()
            t.column("correctMarks", .text).notNull()
            t.column("answerCount", .integer).notNull()
            t.column("answer", .text)
            t.column("explanation", .text).notNull()
            t.column("explanationLinks", .text).notNull()  // JSON array
        }
        try db.create(table: "fact") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("key", .text).notNull()
            t.column("value", .text).notNull()
            t.column("section", .text)
        }
    }

    /// Glossary terms and their aliases.
    private static func createGlossaryTables(_ db: Database) throws {
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
        // With the note: a query that is a common term's name finds every note defining it
        // (hundreds in a large corpus) from the index alone, without a row read per note.
        try db.create(index: "term_on_key_noteId", on: "term", columns: ["key", "noteId"])
        try db.create(table: "termAlias") { t in
            t.belongsTo("term", onDelete: .cascade).notNull()
            t.column("key", .text).notNull()
        }
        try db.create(indexOn: "termAlias", columns: ["key"])
    }

    /// Links as written with how each resolved, and the mentions of one note in another.
    private static func createLinkTables(_ db: Database) throws {
        try db.create(table: "link") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("position", .integer).notNull()
            t.column("label", .text).notNull()
            t.column("target", .text).notNull()
            t.column("anchor", .text)
            t.column("kind", .text).notNull()  // `Link.Kind`
            t.column("host", .text)
            t.column("section", .text)
            // Last name in the target, so a new or renamed note finds the links it may answer.
            t.column("lookupKey", .text).notNull()
            t.column("targetId", .integer)
            t.column("resolution", .text).notNull()  // `Link.Resolution`
            t.column("candidates", .text)  // paths, one a line, of an ambiguous link
        }
        try db.create(indexOn: "link", columns: ["lookupKey"])
        try db.create(indexOn: "link", columns: ["resolution"])
        // Covering, for related's coupling join (see `tag_on_key_noteId`).
        try db.create(index: "link_on_targetId_noteId", on: "link", columns: ["targetId", "noteId"])
        try db.create(table: "mention") { t in
            t.belongsTo("note", onDelete: .cascade).notNull()
            t.column("targetId", .integer).notNull().indexed()
            t.column("count", .integer).notNull()
            t.column("inQuiz", .integer).notNull()
        }
    }

    /// The folders a refresh need not list again while their mtime stays (`QuickRescan`), and
    /// one packed copy of the file and folder listing, which the freshness check before every
    /// query reads in one piece (`ScanState`).
    private static func createListingTables(_ db: Database) throws {
        try db.create(table: "folder", options: .withoutRowID) { t in
            t.primaryKey("path", .text)
            t.column("modified", .double).notNull()
        }
        try db.create(table: "listingSnapshot") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("data", .blob).notNull()
        }
        // The snapshot row always exists: a refresh patches it in place.
        try ScanState.storeSnapshot(db)
    }

    /// Full-text search over notes and terms, and the unstemmed words of names.
    private static func createSearchTables(_ db: Database) throws {
        try db.create(virtualTable: "noteSearch", using: FTS5()) { t in
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            // `summary` is what a note says about itself (its description): a task asked in plain
            // words is best answered by the page whose summary covers it. It comes last so the
            // columns before it keep their numbers in `snippet()` and `highlight()` calls.
            for column in ["title", "aliases", "tags", "terms", "headings", "body", "summary"] { t.column(column) }
        }
        // Reads each term's name, aliases and definition from the term table rather than
        // keeping a copy. FTS5 reads a row's old words from there to delete them, so a term's
        // search row is deleted before the term (see `NoteWriter`).
        try db.create(virtualTable: "termSearch", using: FTS5()) { t in
            t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
            t.content = "term"
            t.contentRowID = "id"
            for column in ["name", "aliases", "definition"] { t.column(column) }
        }
        // Unstemmed words of titles, terms and headings, for prefix completion and "did you mean".
        try db.create(virtualTable: "nameWords", using: FTS5()) { t in
            t.tokenizer = .unicode61(diacritics: .remove)
            t.column("words")
        }
        try db.execute(sql: "CREATE VIRTUAL TABLE nameVocabulary USING fts5vocab(nameWords, 'row')")
        for table in ["noteSearch", "termSearch", "nameWords"] { try setHashSize(of: table, db) }
    }

    /// How many bytes of terms an FTS5 table collects before it writes them out as a segment.
    /// The default (1 MB) makes a full index write many small segments and merge them again
    /// and again; a larger table spreads its terms over cache the parsing threads also need.
    /// 8 MB is the balance measured on a 10k-file corpus (see the bench notes).
    private static func setHashSize(of table: String, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO \(table) (\(table), rank) VALUES ('hashsize', \(8 << 20))")
    }
}
