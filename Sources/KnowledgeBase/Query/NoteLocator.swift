import GRDB

/// A note found by name.
public struct NoteRef: Sendable, Codable, Equatable, Hashable {
    /// The note's row in the index; valid until the next refresh.
    public var id: Int64
    /// The note's path from the corpus root.
    public var path: String
    /// The note's title.
    public var title: String
}

/// Finds the note a user means by a path (with or without extension, `_index.md` or the
/// corpus folder in front), URL, slug, title, alias or keyword. Several matches at the same
/// rule is an ambiguity the user resolves, never a silent first pick.
struct NoteLocator: Sendable {
    let database: DatabaseQueue

    init(database: DatabaseQueue) { self.database = database }

    /// - Parameter language: the language whose copy a name of several translations of one
    ///   page finds (nil: such a name is ambiguous).
    func find(_ name: String, language: String? = nil) throws -> NoteRef {
        try database.read { db in try Self.find(name, language: language, db: db) }
    }

    static func find(_ name: String, language: String? = nil, db: Database) throws -> NoteRef {
        let trimmed = name.trimmingSpaces()
        var path = NoteDirectory.pathKey(trimmed)
        while path.hasPrefix("./") { path.removeFirst(2) }
        if path.hasPrefix("corpus/") { path.removeFirst("corpus/".count) }
        if path.hasSuffix("/") { path.removeLast() }
        let key = TextNormalizer.key(trimmed)
        let stages: [[(String, String)]] = [
            [("path", path), ("path", path + ".md"), ("path", path + "/_index.md"), ("path", path + "/index.md")],
            [("url", NoteDirectory.urlKey(path))],
            [("slug", key)], [("title", key)], [("alias", key)], [("keyword", key)],
        ]
        for stage in stages {
            var ids = Set<Int64>()
            for (kind, value) in stage {
                ids.formUnion(try Int64.fetchAll(db, sql: "SELECT noteId FROM noteName WHERE kind = ? AND key = ?",
                                                 arguments: [kind, value]))
            }
            if ids.count == 1 { return try ref(ids.first!, db: db) }
            if ids.count > 1, let language, let id = try translation(among: ids, in: language, db: db) {
                return try ref(id, db: db)
            }
            if ids.count > 1 {
                let paths = try ids.sorted().map { try ref($0, db: db).path }
                throw KBError.ambiguousNote(name, candidates: paths.sorted())
            }
        }
        throw KBError.noteNotFound(name)
    }

    /// The one of `ids` in `language`, when all of them are translations of one page.
    static func translation(among ids: Set<Int64>, in language: String, db: Database) throws -> Int64? {
        let rows = try Row.fetchAll(db, sql: "SELECT id, language, translationKey FROM note WHERE id IN (\(ids.map(String.init).joined(separator: ",")))")
        let keys = Set(rows.map { $0["translationKey"] as String? })
        guard keys.count == 1, keys.first! != nil else { return nil }
        let matching = rows.filter { ($0["language"] as String?) == language }
        return matching.count == 1 ? matching[0]["id"] : nil
    }

    /// The path and title of each of `ids` that is a note, through one cached statement
    /// whatever their number (the ids go in as a JSON array): a literal `IN (1, 2, …)` list was
    /// parsed anew for every call, which for a search's pool of 200 cost more than the lookups.
    static func names(of ids: some Sequence<Int64>, db: Database) throws -> [Int64: (path: String, title: String)] {
        let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
        var names: [Int64: (path: String, title: String)] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT note.id, note.path, note.title FROM json_each(?) AS item JOIN note ON note.id = item.value
            """), arguments: [list])
        while let row = try rows.next() { names[row[0]] = (row[1], row[2]) }
        return names
    }

    static func ref(_ id: Int64, db: Database) throws -> NoteRef {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, path, title FROM note WHERE id = ?"), arguments: [id]) else {
            throw KBError.noteNotFound("#\(id)")
        }
        return NoteRef(id: row["id"], path: row["path"], title: row["title"])
    }
}
