import Foundation
import GRDB

/// Stores the links of re-parsed notes, resolved, and re-resolves the stored links a refresh
/// may have changed: those still broken or ambiguous, those whose target name matches a note
/// that appeared, changed or went away, and those that pointed at a deleted note.
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
            let parts = key.slashComponents()
            let stem = NoteIdentity.stripExtension(parts.last.map(String.init) ?? "")
            return stem == "_index" || stem == "index" ? parts.dropLast().last.map(String.init) : stem
        default: return nil
        }
    }

    /// Stores `newLinks` resolved and re-resolves the stored links the refresh may have
    /// changed. With `directory` nil (a small refresh), only the names those links can reach
    /// are loaded, not every note's.
    /// - Parameter resolved: `newLinks` already resolved (see `Resolving`), for a full pass.
    static func resolve(newLinks: [PendingLinks], removedNotes: Set<Int64>, affectedKeys: Set<String>,
                        directory: NoteDirectory?, resolved: Resolving? = nil, layout: CorpusLayout = CorpusLayout(),
                        db: Database) throws {
        let select = """
            SELECT link.id, link.noteId, link.kind, link.target, link.label, link.targetId, link.resolution,
                   link.candidates, note.path, note.url
            FROM link JOIN note ON note.id = link.noteId
            """
        var rows: [Row]
        if directory != nil {
            rows = try Row.fetchAll(db, sql: select)
        } else {
            let removedList = removedNotes.map(String.init).joined(separator: ",")
            rows = try Row.fetchAll(db, sql: """
                \(select) WHERE link.resolution IN \([Link.Resolution.broken, .ambiguous].sqlList) OR link.targetId IN (\(removedList))
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
            let probe = LinkResolver(directory: recorder, layout: layout)
            for item in work { _ = probe.resolve(item.link, fromPath: item.path, url: item.url, selfId: item.source) }
            for note in newLinks {
                for link in note.links { _ = probe.resolve(link, fromPath: note.path, url: note.url, selfId: note.noteId) }
            }
            names = try NoteDirectory.load(db, keys: recorder.keys, firstWords: [], notes: [])
        }
        let resolver = LinkResolver(directory: names, layout: layout)
        let update = try RawStatement(db, "UPDATE link SET targetId = ?, resolution = ?, candidates = ? WHERE id = ?")
        for item in work {
            let result = resolver.resolve(item.link, fromPath: item.path, url: item.url, selfId: item.source)
            let candidates = result.storedCandidates
            if result.targetId != item.row[5] || result.method.rawValue != item.row[6] || candidates != item.row[7] {
                try update.run(result.targetId, result.method.rawValue, candidates, item.id)
            }
        }
        try insert(newLinks, resolutions: resolved?.results() ?? Resolving.resolve(newLinks, with: resolver), db: db)
    }

    private static func insert(_ newLinks: [PendingLinks], resolutions: [[LinkResolution]], db: Database) throws {
        let row = try RawStatement(db, """
            INSERT INTO link (noteId, position, label, target, anchor, kind, host, section, lookupKey, targetId, resolution, candidates)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (note, results) in zip(newLinks, resolutions) {
            for (position, ((link, lookupKey), result)) in zip(zip(note.links, note.lookupKeys), results).enumerated() {
                try row.run(note.noteId, position, link.label, link.target, link.anchor, link.kind.rawValue, link.host,
                            link.section, lookupKey, result.targetId, result.method.rawValue, result.storedCandidates)
            }
        }
    }
}

extension LinkRepair {
    /// A full pass's new links, resolved on a thread of its own while the writer builds the
    /// note tables' indexes: once every note's names are known, resolving is pure work, and
    /// the largest part of what the writer would do for links. Its own thread runs at the writer's
    /// priority, ahead of the mention count on the other core.
    final class Resolving: @unchecked Sendable {
        private let newLinks: [PendingLinks]
        private let resolver: LinkResolver<NoteDirectory>
        /// Written by the helper thread, read after `join`.
        private var resolved: [[LinkResolution]]?
        private var helper: HelperThread?

        init(_ newLinks: [PendingLinks], directory: NoteDirectory, layout: CorpusLayout = CorpusLayout()) {
            self.newLinks = newLinks
            resolver = LinkResolver(directory: directory, layout: layout)
            helper = HelperThread { [self] in resolved = Self.resolve(newLinks, with: resolver) }
        }

        /// Each note's links resolved, in order; here if no thread could be made.
        func results() -> [[LinkResolution]] {
            helper?.join()
            return resolved ?? Self.resolve(newLinks, with: resolver)
        }

        static func resolve(_ newLinks: [PendingLinks], with resolver: LinkResolver<NoteDirectory>) -> [[LinkResolution]] {
            newLinks.map { note in
                note.links.map { resolver.resolve($0, fromPath: note.path, url: note.url, selfId: note.noteId) }
            }
        }
    }
}

/// A written note's links, waiting to be resolved and stored.
struct PendingLinks {
    var noteId: Int64
    var path: String
    var url: String
    var links: [Link]
    /// `LinkTarget.lookupKey` of each link.
    var lookupKeys: [String]
}

extension LinkResolution {
    /// The candidates as the link table keeps them: one path a line, or NULL.
    var storedCandidates: String? { candidates.isEmpty ? nil : candidates.joined(separator: "\n") }
}
