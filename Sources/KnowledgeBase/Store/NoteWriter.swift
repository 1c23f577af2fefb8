import Foundation
import GRDB

/// Writes one parsed note (and its sections, terms, links, questions, facts and search rows)
/// into the index, keeping the note's id when it already exists so links to it stay valid.
struct NoteWriter {
    let db: Database
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// The note as stored for `show`: everything but the body, which the search table holds.
    /// Made on the parsing threads, since encoding is as costly as the insert itself.
    static func document(of note: ParsedNote) -> String {
        var stored = note
        stored.body = ""
        return (try? encoder.encode(stored)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Inserts `note`, or replaces the note `replacing` (keeping its id); returns the id.
    @discardableResult
    func write(_ note: ParsedNote, document: String, replacing existing: Int64?) throws -> Int64 {
        let arguments: StatementArguments = [note.path, note.slug, note.url, note.title, note.description, note.date,
                                             note.weight, note.draft, note.frontMatterJSON, document]
        let id: Int64
        if let existing {
            try deleteContents(of: existing)
            try db.cachedStatement(sql: """
                UPDATE note SET path = ?, slug = ?, url = ?, title = ?, description = ?, date = ?, weight = ?,
                draft = ?, frontMatter = ?, document = ? WHERE id = ?
                """).execute(arguments: arguments + [existing])
            id = existing
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO note (path, slug, url, title, description, date, weight, draft, frontMatter, document)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: arguments)
            id = db.lastInsertedRowID
        }
        try writeContents(of: note, id: id)
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
        try db.cachedStatement(sql: "DELETE FROM termSearch WHERE rowid IN (SELECT id FROM term WHERE noteId = ?)")
            .execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM noteSearch WHERE rowid = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM nameWords WHERE rowid = ?").execute(arguments: [id])
        for table in ["section", "term", "noteName", "tag", "link", "mention", "question", "fact"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE noteId = ?").execute(arguments: [id])
        }
    }

    private func writeContents(of note: ParsedNote, id: Int64) throws {
        let nameRow = try db.cachedStatement(sql: "INSERT INTO noteName (noteId, key, kind, firstWord) VALUES (?, ?, ?, ?)")
        for (kind, key) in NoteDirectory.names(of: note) where !key.isEmpty {
            try nameRow.execute(arguments: [id, key, kind.rawValue, NoteDirectory.firstWord(of: key, kind: kind)])
        }
        let sectionRow = try db.cachedStatement(sql: """
            INSERT INTO section (noteId, position, level, heading, anchor, text) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (position, section) in note.sections.enumerated() {
            try sectionRow.execute(arguments: [id, position, section.level, section.heading, section.anchor, section.text])
        }
        try writeTerms(note.terms, id: id)
        let tagRow = try db.cachedStatement(sql: "INSERT INTO tag (noteId, name, key, kind) VALUES (?, ?, ?, ?)")
        for tag in note.tags { try tagRow.execute(arguments: [id, tag.name, tag.key, "tag"]) }
        for category in note.categories { try tagRow.execute(arguments: [id, category.name, category.key, "category"]) }
        let linkRow = try db.cachedStatement(sql: """
            INSERT INTO link (noteId, position, label, target, anchor, kind, host, section, lookupKey, resolution)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')
            """)
        for (position, link) in note.links.enumerated() {
            try linkRow.execute(arguments: [id, position, link.label, link.target, link.anchor, link.kind.rawValue,
                                            link.host, link.section, LinkTarget.lookupKey(for: link, fromURL: note.url)])
        }
        let questionRow = try db.cachedStatement(sql: "INSERT INTO question (noteId, label, stem, options) VALUES (?, ?, ?, ?)")
        for question in note.questions {
            try questionRow.execute(arguments: [id, question.label, question.stem,
                                                question.options.map(\.text).joined(separator: "\n")])
        }
        let factRow = try db.cachedStatement(sql: "INSERT INTO fact (noteId, key, value, section) VALUES (?, ?, ?, ?)")
        for fact in note.facts { try factRow.execute(arguments: [id, fact.key, fact.value, fact.section]) }
        try writeSearchRows(note, id: id)
    }

    private func writeTerms(_ terms: [Term], id: Int64) throws {
        let termRow = try db.cachedStatement(sql: """
            INSERT INTO term (noteId, name, key, definition, parent, aliases, section) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let aliasRow = try db.cachedStatement(sql: "INSERT INTO termAlias (termId, key) VALUES (?, ?)")
        let searchRow = try db.cachedStatement(sql: "INSERT INTO termSearch (rowid, name, aliases, definition) VALUES (?, ?, ?, ?)")
        for term in terms {
            let aliases = String(decoding: try Self.encoder.encode(term.aliases), as: UTF8.self)
            try termRow.execute(arguments: [id, term.name, TextNormalizer.key(term.name), term.definition, term.parent,
                                            aliases, term.section])
            let termId = db.lastInsertedRowID
            for alias in term.aliases { try aliasRow.execute(arguments: [termId, TextNormalizer.key(alias)]) }
            try searchRow.execute(arguments: [termId, term.name, term.aliases.joined(separator: " "), term.definition])
        }
    }

    private func writeSearchRows(_ note: ParsedNote, id: Int64) throws {
        let names = (note.aliases.filter { !$0.hasPrefix("/") } + note.keywords
            + [note.slug.replacingOccurrences(of: "-", with: " ")]).joined(separator: "\n")
        let tags = (note.tags + note.categories).map(\.name).joined(separator: " ")
        let terms = note.terms.map { ([$0.name] + $0.aliases).joined(separator: " ") }.joined(separator: "\n")
        let headings = ([note.description ?? ""] + note.sections.map(\.heading)).joined(separator: "\n")
        try db.cachedStatement(sql: """
            INSERT INTO noteSearch (rowid, title, aliases, tags, terms, headings, body) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, note.title, names, tags, terms, headings, note.body])
        try db.cachedStatement(sql: "INSERT INTO nameWords (rowid, words) VALUES (?, ?)")
            .execute(arguments: [id, [note.title, names, terms, headings].joined(separator: "\n")])
    }
}
