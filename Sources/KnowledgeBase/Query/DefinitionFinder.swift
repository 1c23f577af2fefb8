import Foundation
import GRDB

/// A glossary entry as `kb define` shows it.
public struct Definition: Sendable, Codable, Equatable {
    enum CodingKeys: String, CodingKey { case term, definition, path, title, parent, children, aliases }

    /// The term's name as written.
    public var term: String
    /// Its definition, as plain text.
    public var definition: String
    /// The path of the note that defines it.
    public var path: String
    /// That note's title.
    public var title: String
    /// The term it is nested under, if any.
    public var parent: String?
    /// The terms nested under it.
    public var children: [String]
    /// Its other names: acronyms and long forms.
    public var aliases: [String]
}

/// What `DefinitionFinder.define` found, and how.
public struct DefinitionResult: Sendable {
    /// How a term was found.
    public enum Match: String, Sendable, Codable, CustomStringConvertible {
        /// The term's own (normalised) name, or the title of a glossary page.
        case exact
        /// One of the term's aliases or acronyms.
        case alias
        /// The typed words start the term's words (`edge loc` → Edge Location).
        case prefix
        /// No term matched; `suggestions` holds the closest names.
        case none = ""

        public var description: String { rawValue }
    }

    /// The entries found, at most the limit asked for.
    public var definitions: [Definition]
    /// How `definitions` were found.
    public var match: Match
    /// Closest term names by spelling, when nothing matched.
    public var suggestions: [String]
}

/// Looks a term up: its exact (normalised) name, then an alias or acronym, then a name whose
/// words start with the typed words; otherwise nothing, with the closest names by spelling.
/// It never answers with a term the user did not name.
public struct DefinitionFinder: Sendable {
    let database: DatabaseQueue
    /// The language whose page answers for a term its translations define too (nil: the
    /// first found).
    public var language: String?

    package init(database: DatabaseQueue, language: String? = nil) {
        self.database = database
        self.language = language
    }

    /// The entries for `text`: its exact name, else an alias or acronym, else a name whose words
    /// start with the typed words. With nothing found, `suggestions` holds the closest names by
    /// spelling.
    public func define(_ text: String, limit: Int = 10) throws -> DefinitionResult {
        let limit = ResultLimit.clamp(limit)
        // No term name is anywhere near this long; the cap keeps the spelling comparison's
        // cost (the key's length times each name's) small whatever is typed.
        let key = TextNormalizer.key(String(text.prefix(QueryText.maximumLength)))
        guard !key.isEmpty else { return DefinitionResult(definitions: [], match: .none, suggestions: []) }
        return try database.read { db in
            let select = """
                SELECT term.id, term.name, term.definition, term.parent, term.aliases, term.noteId, note.path, note.title,
                note.language, note.translationKey FROM term JOIN note ON note.id = term.noteId
                """
            let exact = oneTranslation(try Row.fetchAll(db, sql: "\(select) WHERE term.key = ? ORDER BY note.path LIMIT ?", arguments: [key, limit]))
            if !exact.isEmpty { return DefinitionResult(definitions: try exact.map { try definition($0, db) }, match: .exact, suggestions: []) }
            let pages = try glossaryPages(titled: key, limit: limit, db: db)
            if !pages.isEmpty { return DefinitionResult(definitions: pages, match: .exact, suggestions: []) }
            let aliased = oneTranslation(try Row.fetchAll(db, sql: """
                \(select) WHERE term.id IN (SELECT termId FROM termAlias WHERE key = ?) ORDER BY note.path LIMIT ?
                """, arguments: [key, limit]))
            if !aliased.isEmpty { return DefinitionResult(definitions: try aliased.map { try definition($0, db) }, match: .alias, suggestions: []) }
            // Words typed as the starts of a term's words (`edge loc` → Edge Location). A search
            // over definitions would answer with some other term that merely mentions the words.
            let started = try termsStarting(with: key, db: db).prefix(limit)
            if !started.isEmpty {
                let rows = oneTranslation(try started.compactMap { try Row.fetchOne(db, sql: "\(select) WHERE term.id = ?", arguments: [$0]) })
                return DefinitionResult(definitions: try rows.map { try definition($0, db) }, match: .prefix, suggestions: [])
            }
            return DefinitionResult(definitions: [], match: .none, suggestions: try closestNames(to: key, db: db))
        }
    }

    /// A term that translations of one page each define is answered once: from the page in
    /// `language` when there is one, else from the first found.
    private func oneTranslation(_ rows: [Row]) -> [Row] {
        var chosen: [String: String?] = [:]
        func group(_ row: Row) -> String? {
            guard let key: String = row["translationKey"] else { return nil }
            return key + "\u{0}" + TextNormalizer.key(row["name"] as String)
        }
        for row in rows {
            guard let group = group(row) else { continue }
            let language: String? = row["language"]
            if chosen[group] == nil || (language == self.language && chosen[group]! != self.language) { chosen[group] = language }
        }
        return rows.filter { row in group(row).map { chosen[$0]! == (row["language"] as String?) } ?? true }
    }

    private func definition(_ row: Row, _ db: Database) throws -> Definition {
        let name: String = row["name"]
        let children = try String.fetchAll(db, sql: "SELECT name FROM term WHERE noteId = ? AND parent = ? ORDER BY id",
                                           arguments: [row["noteId"], name])
        let aliasesJSON: String = row["aliases"]
        let aliases = (try? JSONDecoder().decode([String].self, from: Data(aliasesJSON.utf8))) ?? []
        return Definition(term: name, definition: row["definition"], path: row["path"], title: row["title"],
                          parent: row["parent"], children: children, aliases: aliases)
    }

    /// Notes titled as the term in a glossary: a folder named glossary, or a glossary tag (a
    /// site with one page per term). The definition is the page's description, else its first
    /// paragraph.
    private func glossaryPages(titled key: String, limit: Int, db: Database) throws -> [Definition] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT note.path, note.title, note.description, noteSearch.body FROM note
            JOIN noteSearch ON noteSearch.rowid = note.id
            WHERE note.id IN (SELECT noteId FROM noteName WHERE key = ? AND kind = \(NoteDirectory.NameKind.title.sqlLiteral))
              AND (('/' || lower(note.path)) LIKE '%/glossary/%'
                   OR note.id IN (SELECT noteId FROM tag WHERE key = 'glossary'))
            ORDER BY note.path LIMIT ?
            """, arguments: [key, limit])
        return rows.compactMap { row in
            let description = (row["description"] as String?)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let body: String = row["body"] ?? ""
            // The body keeps one line per block; a heading is a short line, a paragraph is not.
            let paragraph = body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.split(separator: " ").count >= 3 } ?? ""
            let text = description.isEmpty ? HitDescriber.shorten(paragraph, to: 600) : description
            guard !text.isEmpty else { return nil }
            return Definition(term: row["title"], definition: text, path: row["path"], title: row["title"],
                              parent: nil, children: [], aliases: [])
        }
    }

    /// Ids of terms whose words, from the first, start with the typed words in order; shortest
    /// names first.
    private func termsStarting(with key: String, db: Database) throws -> [Int64] {
        let typed = key.split(separator: " ").map(String.init)
        guard let first = typed.first else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT term.id, term.key FROM term JOIN note ON note.id = term.noteId
            WHERE term.key >= ? AND term.key < ? ORDER BY length(term.key), note.path, term.id
            """, arguments: [first, first + "\u{10FFFF}"])
        return rows.compactMap { row in
            let words = (row["key"] as String).split(whereSeparator: { $0 == " " || $0 == "-" })
            guard words.count >= typed.count else { return nil }
            return zip(typed, words).allSatisfy({ $1.hasPrefix($0) }) ? row["id"] as Int64 : nil
        }
    }

    private func closestNames(to key: String, db: Database) throws -> [String] {
        let names = try String.fetchAll(db, sql: "SELECT DISTINCT name FROM term")
        let budget = max(1, key.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for name in names {
            let distance = EditDistance.between(key, TextNormalizer.key(name), limit: budget)
            if distance <= budget { scored.append((name, distance)) }
        }
        scored.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) }
        return scored.prefix(5).map(\.name)
    }
}
