import Foundation
import GRDB

/// A glossary entry as `kb define` shows it.
public struct Definition: Sendable, Codable, Equatable {
    enum CodingKeys: String, CodingKey { case term, definition, path, title, parent, children, aliases }

    public var term: String
    public var definition: String
    public var path: String
    public var title: String
    public var parent: String?
    public var children: [String]
    public var aliases: [String]
}

public struct DefinitionResult: Sendable {
    public var definitions: [Definition]
    /// How the definitions were found: `exact`, `alias`, `search`, or empty.
    public var match: String
    /// Closest term names by spelling, when nothing matched.
    public var suggestions: [String]
}

/// Looks a term up: its exact (normalised) name, then an alias or acronym, then a stemmed
/// search over term names and definitions, then the closest names by spelling.
public struct DefinitionFinder: Sendable {
    let database: DatabaseQueue
    /// The language whose page answers for a term its translations define too (nil: the
    /// first found).
    public var language: String?

    public init(database: DatabaseQueue, language: String? = nil) {
        self.database = database
        self.language = language
    }

    public func define(_ text: String, limit: Int = 10) throws -> DefinitionResult {
        let limit = ResultLimit.clamp(limit)
        // No term name is anywhere near this long; the cap keeps the spelling comparison's
        // cost (the key's length times each name's) small whatever is typed.
        let key = TextNormalizer.key(String(text.prefix(QueryText.maximumLength)))
        guard !key.isEmpty else { return DefinitionResult(definitions: [], match: "", suggestions: []) }
        return try database.read { db in
            let select = """
                SELECT term.id, term.name, term.definition, term.parent, term.aliases, term.noteId, note.path, note.title,
                note.language, note.translationKey FROM term JOIN note ON note.id = term.noteId
                """
            let exact = oneTranslation(try Row.fetchAll(db, sql: "\(select) WHERE term.key = ? ORDER BY note.path LIMIT ?", arguments: [key, limit]))
            if !exact.isEmpty { return DefinitionResult(definitions: try exact.map { try definition($0, db) }, match: "exact", suggestions: []) }
            let aliased = oneTranslation(try Row.fetchAll(db, sql: """
                \(select) WHERE term.id IN (SELECT termId FROM termAlias WHERE key = ?) ORDER BY note.path LIMIT ?
                """, arguments: [key, limit]))
            if !aliased.isEmpty { return DefinitionResult(definitions: try aliased.map { try definition($0, db) }, match: "alias", suggestions: []) }
            let query = QueryText(text)
            for pattern in [query.allInName, query.all].compactMap({ $0 }) {
                let found = oneTranslation(try Row.fetchAll(db, sql: """
                    \(select) JOIN termSearch ON termSearch.rowid = term.id WHERE termSearch MATCH ?
                    ORDER BY bm25(termSearch, 10.0, 5.0, 1.0) LIMIT ?
                    """, arguments: [pattern, limit]))
                if !found.isEmpty { return DefinitionResult(definitions: try found.map { try definition($0, db) }, match: "search", suggestions: []) }
            }
            return DefinitionResult(definitions: [], match: "", suggestions: try closestNames(to: key, db: db))
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
