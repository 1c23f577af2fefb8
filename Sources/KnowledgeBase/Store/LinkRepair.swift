import Foundation
import GRDB

/// Re-resolves the links a refresh may have changed: those of re-parsed notes, those still
/// broken or ambiguous, those whose target name matches a note that appeared, changed or went
/// away, and those that pointed at a deleted note.
enum LinkRepair {
    /// Above this many changed notes, every link is re-resolved: one scan beats a long `IN` list.
    static let fullPassThreshold = 500

    static func directory(_ db: Database) throws -> NoteDirectory {
        var directory = NoteDirectory()
        for row in try Row.fetchAll(db, sql: "SELECT id, path, title, url FROM note") {
            directory.add(id: row["id"], path: row["path"], title: row["title"], url: row["url"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT noteId, key, kind FROM noteName") {
            if let kind = NoteDirectory.NameKind(rawValue: row["kind"]) {
                directory.add(name: row["key"], kind: kind, for: row["noteId"])
            }
        }
        return directory
    }

    /// Names that links may use to reach a stored note.
    static func lookupKeys(of id: Int64, db: Database) throws -> Set<String> {
        let rows = try Row.fetchAll(db, sql: "SELECT key, kind FROM noteName WHERE noteId = ?", arguments: [id])
        return Set(rows.compactMap { row in key(row["key"], kind: NoteDirectory.NameKind(rawValue: row["kind"])) })
    }

    static func lookupKeys(of note: ParsedNote) -> Set<String> {
        Set(NoteDirectory.names(of: note).compactMap { key($0.1, kind: $0.0) })
    }

    private static func key(_ key: String, kind: NoteDirectory.NameKind?) -> String? {
        switch kind {
        case .slug, .title, .alias: return key
        case .aliasURL, .path, .url:
            let last = key.split(separator: "/").last.map(String.init) ?? ""
            let stem = NoteIdentity.stripExtension(last)
            return stem == "_index" || stem == "index" ? key.split(separator: "/").dropLast().last.map(String.init) : stem
        default: return nil
        }
    }

    static func resolve(changedNotes: Set<Int64>, affectedKeys: Set<String>, directory: NoteDirectory, db: Database) throws {
        let resolver = LinkResolver(directory: directory)
        let select = "SELECT id, noteId, kind, target, label, targetId, resolution, candidates FROM link"
        var rows: [Row]
        if changedNotes.count > fullPassThreshold {
            rows = try Row.fetchAll(db, sql: select)
        } else {
            let noteList = changedNotes.map(String.init).joined(separator: ",")
            rows = try Row.fetchAll(db, sql: """
                \(select) WHERE noteId IN (\(noteList)) OR resolution IN ('pending', 'broken', 'ambiguous')
                OR (targetId IS NOT NULL AND targetId NOT IN (SELECT id FROM note))
                """)
            if !affectedKeys.isEmpty {
                let marks = Array(repeating: "?", count: affectedKeys.count).joined(separator: ",")
                rows += try Row.fetchAll(db, sql: "\(select) WHERE lookupKey IN (\(marks))",
                                         arguments: StatementArguments(Array(affectedKeys)))
            }
        }
        let update = try db.cachedStatement(sql: "UPDATE link SET targetId = ?, resolution = ?, candidates = ? WHERE id = ?")
        var seen = Set<Int64>()
        for row in rows {
            let id: Int64 = row["id"]
            guard seen.insert(id).inserted, let source = directory.entries[row["noteId"]],
                  let kind = Link.Kind(rawValue: row["kind"]) else { continue }
            let link = Link(label: row["label"], target: row["target"], kind: kind)
            let result = resolver.resolve(link, fromPath: source.path, url: source.url, selfId: source.id)
            let candidates = result.candidates.isEmpty ? nil : result.candidates.joined(separator: "\n")
            if result.targetId != row["targetId"] || result.method.rawValue != row["resolution"] || candidates != row["candidates"] {
                try update.execute(arguments: [result.targetId, result.method.rawValue, candidates, id])
            }
        }
    }
}
