import Foundation
import GRDB

/// Re-resolves the links a refresh may have changed: those of re-parsed notes, those still
/// broken or ambiguous, those whose target name matches a note that appeared, changed or went
/// away, and those that pointed at a deleted note.
enum LinkRepair {
    /// Above this many changed notes, every link is re-resolved: one scan beats a long `IN` list.
    static let fullPassThreshold = 500

    /// Names that links may use to reach a stored note.
    static func lookupKeys(of id: Int64, db: Database) throws -> Set<String> {
        try storedNames(of: id, db: db).lookupKeys
    }

    /// A stored note's names, read once: the keys links may use to reach it, and its title and
    /// alias keys (whose change means other notes' mentions of it must be recounted).
    static func storedNames(of id: Int64, db: Database) throws -> (lookupKeys: Set<String>, mentionNames: Set<String>) {
        var lookupKeys = Set<String>(), mentionNames = Set<String>()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, kind FROM noteName WHERE noteId = ?"), arguments: [id]) {
            let key: String = row["key"]
            let kind = NoteDirectory.NameKind(rawValue: row["kind"])
            if let lookup = lookupKey(key, kind: kind) { lookupKeys.insert(lookup) }
            if kind == .title || kind == .alias { mentionNames.insert(key) }
        }
        return (lookupKeys, mentionNames)
    }

    /// The name a link's lookup key would hold for this note name, if links can use it.
    static func lookupKey(_ key: String, kind: NoteDirectory.NameKind?) -> String? {
        switch kind {
        case .slug, .title, .alias: return key
        case .aliasURL, .path, .url:
            let last = key.split(separator: "/").last.map(String.init) ?? ""
            let stem = NoteIdentity.stripExtension(last)
            return stem == "_index" || stem == "index" ? key.split(separator: "/").dropLast().last.map(String.init) : stem
        default: return nil
        }
    }

    /// Re-resolves the links a refresh may have changed. With `directory` nil (a small refresh),
    /// only the names those links can reach are loaded, not every note's.
    static func resolve(changedNotes: Set<Int64>, removedNotes: Set<Int64>, affectedKeys: Set<String>,
                        directory: NoteDirectory?, db: Database) throws {
        let select = """
            SELECT link.id, link.noteId, link.kind, link.target, link.label, link.targetId, link.resolution,
                   link.candidates, note.path, note.url
            FROM link JOIN note ON note.id = link.noteId
            """
        var rows: [Row]
        if directory != nil {
            rows = try Row.fetchAll(db, sql: select)
        } else {
            let noteList = changedNotes.map(String.init).joined(separator: ",")
            let removedList = removedNotes.map(String.init).joined(separator: ",")
            rows = try Row.fetchAll(db, sql: """
                \(select) WHERE link.noteId IN (\(noteList)) OR link.resolution IN ('pending', 'broken', 'ambiguous')
                OR link.targetId IN (\(removedList))
                """)
            if !affectedKeys.isEmpty {
                let marks = Array(repeating: "?", count: affectedKeys.count).joined(separator: ",")
                rows += try Row.fetchAll(db, sql: "\(select) WHERE link.lookupKey IN (\(marks))",
                                         arguments: StatementArguments(Array(affectedKeys)))
            }
        }
        var seen = Set<Int64>()
        // Columns by position, in `select`'s order: a lookup by name costs a search of the
        // row's column names, and a full index reads every link.
        let work: [(id: Int64, link: Link, path: String, url: String, source: Int64, row: Row)] = rows.compactMap { row in
            let id: Int64 = row[0]
            guard seen.insert(id).inserted, let kind = Link.Kind(rawValue: row[2]) else { return nil }
            return (id, Link(label: row[4], target: row[3], kind: kind), row[8], row[9], row[1], row)
        }
        let names: NoteDirectory
        if let directory {
            names = directory
        } else {
            let recorder = NameRecorder()
            let probe = LinkResolver(directory: recorder)
            for item in work { _ = probe.resolve(item.link, fromPath: item.path, url: item.url, selfId: item.source) }
            names = try NoteDirectory.load(db, keys: recorder.keys, firstWords: [], notes: [])
        }
        let resolver = LinkResolver(directory: names)
        let update = try RawStatement(db, "UPDATE link SET targetId = ?, resolution = ?, candidates = ? WHERE id = ?")
        for item in work {
            let result = resolver.resolve(item.link, fromPath: item.path, url: item.url, selfId: item.source)
            let candidates = result.candidates.isEmpty ? nil : result.candidates.joined(separator: "\n")
            if result.targetId != item.row[5] || result.method.rawValue != item.row[6] || candidates != item.row[7] {
                try update.run(result.targetId, result.method.rawValue, candidates, item.id)
            }
        }
    }
}
