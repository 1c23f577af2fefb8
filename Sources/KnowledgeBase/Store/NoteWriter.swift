import Foundation
import GRDB

/// Writes one parsed note (and its sections, terms, questions, facts and search rows) into the
/// index, keeping the note's id when it already exists so links to it stay valid. Its links
/// are stored by `LinkRepair` once every note of the refresh is known and they can be resolved.
struct NoteWriter {
    let db: Database
    /// The inserts, prepared once per refresh: looking a cached statement up by its SQL text
    /// for every row of every note would cost a hash of that text per row.
    private let insertNote, updateNote, insertName, insertSection, insertTag, insertQuestion, insertFact: RawStatement
    private let insertSearch, insertNameWords, insertTerm, insertTermAlias, insertTermSearch: RawStatement

    init(db: Database) throws {
        self.db = db
        insertNote = try RawStatement(db, """
            INSERT INTO note (path, slug, url, title, description, date, weight, draft, frontMatter, language, translationKey)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        updateNote = try RawStatement(db, """
            UPDATE note SET path = ?, slug = ?, url = ?, title = ?, description = ?, date = ?, weight = ?,
            draft = ?, frontMatter = ?, language = ?, translationKey = ? WHERE id = ?
            """)
        insertName = try RawStatement(db, "INSERT INTO noteName (noteId, key, kind, firstWord) VALUES (?, ?, ?, ?)")
        insertSection = try RawStatement(db, """
            INSERT INTO section (noteId, position, level, heading, anchor, start) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertTag = try RawStatement(db, "INSERT INTO tag (noteId, name, key, kind) VALUES (?, ?, ?, ?)")
        insertQuestion = try RawStatement(db, "INSERT INTO question (noteId, label, stem, options) VALUES (?, ?, ?, ?)")
        insertFact = try RawStatement(db, "INSERT INTO fact (noteId, key, value, section) VALUES (?, ?, ?, ?)")
        insertSearch = try RawStatement(db, """
            INSERT INTO noteSearch (rowid, title, aliases, tags, terms, headings, body, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertNameWords = try RawStatement(db, "INSERT INTO nameWords (rowid, words) VALUES (?, ?)")
        insertTerm = try RawStatement(db, """
            INSERT INTO term (noteId, name, key, definition, parent, aliases, section) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertTermAlias = try RawStatement(db, "INSERT INTO termAlias (termId, key) VALUES (?, ?)")
        insertTermSearch = try RawStatement(db, "INSERT INTO termSearch (rowid, name, aliases, definition) VALUES (?, ?, ?, ?)")
    }

    /// Inserts `note`, or replaces the note `replacing` (keeping its id); returns the id.
    @discardableResult
    func write(_ note: ParsedNote, rows: NoteRows, replacing existing: Int64?) throws -> Int64 {
        let id: Int64
        if let existing {
            try deleteContents(of: existing)
            try updateNote.run(note.path, note.slug, note.url, note.title, note.description, note.date, note.weight,
                         note.draft, note.frontMatterJSON, note.language, note.translationKey, existing)
            id = existing
        } else {
            try insertNote.run(note.path, note.slug, note.url, note.title, note.description, note.date, note.weight,
                         note.draft, note.frontMatterJSON, note.language, note.translationKey)
            id = db.lastInsertedRowID
        }
        try writeContents(of: note, rows: rows, id: id)
        return id
    }

    /// Removes a note and everything that hangs off it. Links that pointed at it are left for
    /// the resolver to mark broken.
    func delete(id: Int64) throws {
        try deleteContents(of: id)
        try db.execute(sql: "DELETE FROM mention WHERE targetId = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM note WHERE id = ?", arguments: [id])
    }

    private func deleteContents(of id: Int64) throws {
        // Before the terms: FTS5 reads the words to take out of termSearch from their rows.
        try db.cachedStatement(sql: "DELETE FROM termSearch WHERE rowid IN (SELECT id FROM term WHERE noteId = ?)")
            .execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM noteSearch WHERE rowid = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM nameWords WHERE rowid = ?").execute(arguments: [id])
        for table in ["section", "term", "noteName", "tag", "link", "mention", "question", "fact"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE noteId = ?").execute(arguments: [id])
        }
    }

    // The loops below go by index: `for x in array` copies each element, a retain and a
    // release for every string in it, and this runs for every row of a full index.
    private func writeContents(of note: ParsedNote, rows: NoteRows, id: Int64) throws {
        for index in rows.names.indices {
            try insertName.run(id, rows.names[index].key, rows.names[index].kind.rawValue, rows.names[index].firstWord)
        }
        for index in 0..<min(note.sections.count, rows.sectionStarts.count) {
            try insertSection.run(id, index, note.sections[index].level, note.sections[index].heading,
                                  note.sections[index].anchor, rows.sectionStarts[index])
        }
        try writeTerms(note.terms, rows: rows, id: id)
        for index in note.tags.indices { try insertTag.run(id, note.tags[index].name, note.tags[index].key, TagKind.tag.rawValue) }
        for index in note.categories.indices {
            try insertTag.run(id, note.categories[index].name, note.categories[index].key, TagKind.category.rawValue)
        }
        for index in note.questions.indices {
            try insertQuestion.run(id, note.questions[index].label, note.questions[index].stem, note.questions[index].storedOptions)
        }
        for index in note.facts.indices {
            try insertFact.run(id, note.facts[index].key, note.facts[index].value, note.facts[index].section)
        }
        // An attachment has no text: it is reached by links, not found by searching its name.
        guard !NoteIdentity.isAttachment(note.path) else { return }
        try insertSearch.run(id, note.title, rows.searchNames, rows.searchTags, rows.searchTerms, rows.searchHeadings, note.body, note.description ?? "")
        try insertNameWords.run(id, rows.nameWords)
    }

    private func writeTerms(_ terms: [Term], rows: NoteRows, id: Int64) throws {
        for (term, prepared) in zip(terms, rows.terms) {
            try insertTerm.run(id, term.name, prepared.key, term.definition, term.parent, prepared.aliasesJSON, term.section)
            let termId = db.lastInsertedRowID
            for key in prepared.aliasKeys { try insertTermAlias.run(termId, key) }
            // The same values as the term row, which termSearch reads them back from.
            try insertTermSearch.run(termId, term.name, prepared.aliasesJSON, term.definition)
        }
    }
}

extension Question {
    /// The options as the question table keeps them, one a line; the mention pass reads
    /// them back as `stem || char(10) || options` (`MentionText`).
    var storedOptions: String { options.map(\.text).joined(separator: "\n") }
}
