import GRDB

/// A note found by name.
public struct NoteRef: Sendable, Codable, Equatable, Hashable {
    public var id: Int64
    public var path: String
    public var title: String
}

/// Finds the note a user means by a path (with or without extension, `_index.md` or the
/// corpus folder in front), URL, slug, title, alias or keyword. Several matches at the same
/// rule is an ambiguity the user resolves, never a silent first pick.
public struct NoteLocator: Sendable {
    let database: DatabaseQueue

    public init(database: DatabaseQueue) { self.database = database }

    public func find(_ name: String) throws -> NoteRef {
        try database.read { db in try Self.find(name, db: db) }
    }

    static func find(_ name: String, db: Database) throws -> NoteRef {
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
            if ids.count > 1 {
                let paths = try ids.sorted().map { try ref($0, db: db).path }
                throw KBError.ambiguousNote(name, candidates: paths.sorted())
            }
        }
        throw KBError.noteNotFound(name)
    }

    static func ref(_ id: Int64, db: Database) throws -> NoteRef {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, path, title FROM note WHERE id = ?"), arguments: [id]) else {
            throw KBError.noteNotFound("#\(id)")
        }
        return NoteRef(id: row["id"], path: row["path"], title: row["title"])
    }
}
