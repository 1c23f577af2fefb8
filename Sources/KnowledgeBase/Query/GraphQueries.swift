import Foundation
import GRDB

/// A link as the graph commands show it: where it goes and how that was decided.
public struct LinkInfo: Sendable, Codable, Equatable {
    enum CodingKeys: String, CodingKey { case source, label, target, kind, section, resolution, targetPath, targetTitle, candidates }

    /// The path of the note the link is in.
    public var source: String
    /// The link's text.
    public var label: String
    /// The destination as written, anchor included.
    public var target: String
    /// What kind of link it is.
    public var kind: Link.Kind
    /// The heading of the section the link sits in.
    public var section: String?
    /// How the link was resolved, or why it was not.
    public var resolution: Link.Resolution
    /// The note it reaches, when resolved.
    public var targetPath: String?
    /// The title of the note it reaches, when resolved.
    public var targetTitle: String?
    /// The notes an ambiguous link could mean.
    public var candidates: [String]?

    /// A link as the graph commands show it.
    public init(source: String, label: String, target: String, kind: Link.Kind, section: String?, resolution: Link.Resolution,
                targetPath: String?, targetTitle: String?, candidates: [String]?) {
        self.source = source
        self.label = label
        self.target = target
        self.kind = kind
        self.section = section
        self.resolution = resolution
        self.targetPath = targetPath
        self.targetTitle = targetTitle
        self.candidates = candidates
    }
}

/// What `kb check` finds.
public struct CheckReport: Sendable, Codable, Equatable {
    /// Links no note answers.
    public var broken: [LinkInfo]
    /// Links several notes answer; each lists its candidates.
    public var ambiguous: [LinkInfo]
    /// Paths of notes with no link in or out (attachments aside).
    public var orphans: [String]
    /// What the parsers and the scan warned about, one line each.
    public var warnings: [String]
    /// Links that reach their note but name a heading or `^block` it does not have.
    public var brokenAnchors: [LinkInfo] = []
    /// Why so many links may be broken, when most are (see `CheckHints`).
    public var hints: [String] = []
    /// Broken or ambiguous links and anchors make the corpus fail the check; orphans and
    /// warnings inform.
    public var hasProblems: Bool { !broken.isEmpty || !ambiguous.isEmpty || !brokenAnchors.isEmpty }
}

/// Counts of what the index holds, as `kb stats` prints them.
public struct IndexStats: Sendable, Codable, Equatable {
    /// Rows of each kind; `internalLinks` point at notes, `externalLinks` at other sites.
    public var notes, sections, terms, links, internalLinks, externalLinks, brokenLinks, ambiguousLinks: Int
    /// Mention pairs, distinct tags, questions, facts and warnings.
    public var mentions, tags, questions, facts, warnings: Int
}

/// A tag and how many notes carry it.
public struct TagCount: Sendable, Codable, Equatable {
    /// The tag as first written.
    public var tag: String
    /// How many notes carry it.
    public var notes: Int
}

/// Link-graph questions: links and backlinks, shortest paths, orphans, broken links, tags.
public struct GraphQueries: Sendable {
    let database: DatabaseQueue

    package init(database: DatabaseQueue) { self.database = database }

    static let linkSelect = """
        SELECT source.path AS source, link.label, link.target, link.kind, link.section, link.resolution,
               target.path AS targetPath, target.title AS targetTitle, link.candidates
        FROM link JOIN note source ON source.id = link.noteId LEFT JOIN note target ON target.id = link.targetId
        """

    static func linkInfo(_ row: Row) -> LinkInfo {
        // The index is written only by `LinkRepair`, from these enums; a value it does not
        // know means a damaged file, which shows as a broken link rather than a crash.
        LinkInfo(source: row["source"], label: row["label"], target: row["target"],
                 kind: Link.Kind(rawValue: row["kind"]) ?? .internal, section: row["section"],
                 resolution: Link.Resolution(rawValue: row["resolution"]) ?? .broken, targetPath: row["targetPath"], targetTitle: row["targetTitle"],
                 candidates: (row["candidates"] as String?)?.split(separator: "\n").map(String.init))
    }

    /// The links in `note`, in document order; `includeExternal: false` leaves out links to other
    /// sites.
    public func links(from note: NoteRef, includeExternal: Bool = true) throws -> [LinkInfo] {
        try database.read { db in
            // External means the resolution, so images on other hosts are left out too.
            try Row.fetchAll(db, sql: "\(Self.linkSelect) WHERE link.noteId = ? \(includeExternal ? "" : "AND link.resolution != \(Link.Resolution.external.sqlLiteral)") ORDER BY link.position",
                             arguments: [note.id]).map(Self.linkInfo)
        }
    }

    /// The links from other notes that reach `note`, by source path.
    public func backlinks(to note: NoteRef) throws -> [LinkInfo] {
        try database.read { db in
            try Row.fetchAll(db, sql: "\(Self.linkSelect) WHERE link.targetId = ? AND link.noteId != ? ORDER BY source.path, link.position",
                             arguments: [note.id, note.id]).map(Self.linkInfo)
        }
    }

    /// Shortest chain of links from `a` to `b`, following links forwards; when there is none,
    /// links are walked in either direction. Nil when the two are not connected.
    public func path(from a: NoteRef, to b: NoteRef) throws -> [NoteRef]? {
        try database.read { db in
            var forward: [Int64: [Int64]] = [:], both: [Int64: [Int64]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT noteId, targetId FROM link WHERE targetId IS NOT NULL AND targetId != noteId") {
                let from: Int64 = row[0], to: Int64 = row[1]
                forward[from, default: []].append(to)
                both[from, default: []].append(to)
                both[to, default: []].append(from)
            }
            for graph in [forward, both] {
                if let ids = Self.breadthFirst(from: a.id, to: b.id, in: graph) {
                    return try ids.map { try NoteLocator.ref($0, db: db) }
                }
            }
            return nil
        }
    }

    static func breadthFirst(from start: Int64, to goal: Int64, in graph: [Int64: [Int64]]) -> [Int64]? {
        if start == goal { return [start] }
        var previous: [Int64: Int64] = [start: start]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in (graph[node] ?? []).sorted() where previous[next] == nil {
                previous[next] = node
                if next == goal {
                    var path = [goal]
                    while let last = path.last, last != start { path.append(previous[last]!) }
                    return path.reversed()
                }
                queue.append(next)
            }
        }
        return nil
    }

    /// Broken and ambiguous links, orphan notes and warnings (anchors are checked by
    /// `KnowledgeBase.brokenAnchors`).
    public func check() throws -> CheckReport {
        try database.read { db in
            let broken = try Row.fetchAll(db, sql: "\(Self.linkSelect) WHERE link.resolution = \(Link.Resolution.broken.sqlLiteral) ORDER BY source.path, link.position").map(Self.linkInfo)
            let ambiguous = try Row.fetchAll(db, sql: "\(Self.linkSelect) WHERE link.resolution = \(Link.Resolution.ambiguous.sqlLiteral) ORDER BY source.path, link.position").map(Self.linkInfo)
            // An attachment nobody links to is not a note left out of the graph.
            let orphans = try String.fetchAll(db, sql: """
                SELECT path FROM note WHERE id NOT IN (SELECT noteId FROM link WHERE targetId IS NOT NULL AND targetId != noteId)
                AND id NOT IN (SELECT targetId FROM link WHERE targetId IS NOT NULL AND targetId != noteId) ORDER BY path
                """).filter { !NoteIdentity.isAttachment($0) }
            return CheckReport(broken: broken, ambiguous: ambiguous, orphans: orphans, warnings: try StoredWarnings.all(db))
        }
    }

    /// Internal links that leave their note: a page's own `#anchor` links say nothing about
    /// whether the corpus folder is the one its links were written for.
    public func linksToOtherNotes() throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM link WHERE kind IN \(Link.Kind.pointingAtNotes.sqlList) AND resolution != \(Link.Resolution.selfAnchor.sqlLiteral)") ?? 0
        }
    }

    /// Counts of what the index holds.
    public func stats() throws -> IndexStats {
        try database.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return IndexStats(
                notes: try count("SELECT COUNT(*) FROM note"), sections: try count("SELECT COUNT(*) FROM section"),
                terms: try count("SELECT COUNT(*) FROM term"), links: try count("SELECT COUNT(*) FROM link"),
                internalLinks: try count("SELECT COUNT(*) FROM link WHERE kind IN \(Link.Kind.pointingAtNotes.sqlList)"),
                externalLinks: try count("SELECT COUNT(*) FROM link WHERE kind = \(Link.Kind.external.sqlLiteral)"),
                brokenLinks: try count("SELECT COUNT(*) FROM link WHERE resolution = \(Link.Resolution.broken.sqlLiteral)"),
                ambiguousLinks: try count("SELECT COUNT(*) FROM link WHERE resolution = \(Link.Resolution.ambiguous.sqlLiteral)"),
                mentions: try count("SELECT COUNT(*) FROM mention"), tags: try count("SELECT COUNT(DISTINCT key) FROM tag WHERE kind = \(TagKind.tag.sqlLiteral)"),
                questions: try count("SELECT COUNT(*) FROM question"), facts: try count("SELECT COUNT(*) FROM fact"),
                warnings: try count("SELECT COUNT(*) FROM warning"))
        }
    }

    /// Every tag with how many notes carry it, most used first.
    public func tags() throws -> [TagCount] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT MIN(name) AS name, COUNT(DISTINCT noteId) AS n FROM tag WHERE kind = \(TagKind.tag.sqlLiteral) GROUP BY key ORDER BY n DESC, key
                """).map { TagCount(tag: $0["name"], notes: $0["n"]) }
        }
    }

    /// Notes carrying `tag` (matched case-insensitively).
    public func notes(taggedWith tag: String) throws -> [NoteRef] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT note.id, note.path, note.title FROM note JOIN tag ON tag.noteId = note.id
                WHERE \(TagFilter.condition("tag.key")) ORDER BY note.path
                """, arguments: StatementArguments(TagFilter.arguments(tag))).map { NoteRef(id: $0["id"], path: $0["path"], title: $0["title"]) }
        }
    }

    /// Every note, by path.
    public func allNotes() throws -> [NoteRef] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, path, title FROM note ORDER BY path").map { NoteRef(id: $0["id"], path: $0["path"], title: $0["title"]) }
        }
    }
}
