import GRDB

/// Which part of the graph an export covers and what it includes besides notes.
public struct GraphScope: Sendable {
    /// Only notes carrying this tag.
    public var tag: String?
    /// Only notes within `depth` links of this one.
    public var from: NoteRef?
    /// How many links from `from` the snapshot reaches.
    public var depth: Int
    /// Draw glossary terms, each linked to its note.
    public var includeTerms: Bool
    /// Draw tags, each linked to its notes.
    public var includeTags: Bool
    /// Draw the targets of broken links.
    public var includeBroken: Bool
    /// Which note-to-note edges to keep: links, mentions or both.
    public var edges: EdgeSelection

    /// A scope; the default is every note with every note-to-note edge.
    public init(tag: String? = nil, from: NoteRef? = nil, depth: Int = 1, includeTerms: Bool = false,
                includeTags: Bool = false, includeBroken: Bool = false, edges: EdgeSelection = .all) {
        self.edges = edges
        self.tag = tag
        self.from = from
        self.depth = depth
        self.includeTerms = includeTerms
        self.includeTags = includeTags
        self.includeBroken = includeBroken
    }
}

/// Reads the scoped nodes and edges out of the index for the exporters. Every edge's ends are
/// nodes of the snapshot, so all formats agree on the counts.
public struct GraphSnapshotBuilder: Sendable {
    let database: DatabaseQueue

    package init(database: DatabaseQueue) { self.database = database }

    /// The nodes and edges `scope` covers, read in one transaction.
    public func build(_ scope: GraphScope) throws -> GraphSnapshot {
        try buildAllEdges(scope).keeping(scope.edges)
    }

    private func buildAllEdges(_ scope: GraphScope) throws -> GraphSnapshot {
        try database.read { db in
            var notes: [Int64: (path: String, title: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, path, title FROM note ORDER BY path") {
                notes[row["id"]] = (row["path"], row["title"])
            }
            let linkRows = try Row.fetchAll(db, sql: """
                SELECT noteId, targetId, COUNT(*) AS n FROM link WHERE targetId IS NOT NULL AND targetId != noteId
                GROUP BY noteId, targetId ORDER BY noteId, targetId
                """)
            var graph = SnapshotDrawing(notes: notes, kept: try keptNotes(scope, among: notes, links: linkRows, db: db))
            try graph.drawNotes(db)
            graph.drawEdges(linkRows, kind: .link, weightColumn: "n")
            graph.drawEdges(try Row.fetchAll(db, sql: "SELECT noteId, targetId, count FROM mention ORDER BY noteId, targetId"),
                            kind: .mention, weightColumn: "count")
            if scope.includeTags { try graph.drawTags(db) }
            if scope.includeTerms { try graph.drawTerms(db) }
            if scope.includeBroken { try graph.drawBrokenTargets(db) }
            return GraphSnapshot(nodes: graph.nodes, edges: graph.edges)
        }
    }

    /// The notes `scope` keeps: those with its tag, within its depth of its note.
    private func keptNotes(_ scope: GraphScope, among notes: [Int64: (path: String, title: String)], links: [Row],
                           db: Database) throws -> Set<Int64> {
        var kept = Set(notes.keys)
        if let tag = scope.tag {
            kept = Set(try Int64.fetchAll(db, sql: "SELECT noteId FROM tag WHERE \(TagFilter.condition())",
                                          arguments: StatementArguments(TagFilter.arguments(tag))))
        }
        if let from = scope.from {
            kept = kept.intersection(neighbourhood(of: from.id, depth: scope.depth, edges: links))
            kept.insert(from.id)
        }
        return kept
    }

    /// Notes within `depth` links of `start`, following links either way.
    private func neighbourhood(of start: Int64, depth: Int, edges: [Row]) -> Set<Int64> {
        var adjacent: [Int64: [Int64]] = [:]
        for row in edges {
            let a: Int64 = row["noteId"], b: Int64 = row["targetId"]
            adjacent[a, default: []].append(b)
            adjacent[b, default: []].append(a)
        }
        return Set(LinkHops.distances(from: start, depth: depth, adjacent: adjacent).keys)
    }
}

/// The nodes and edges of a snapshot as they are drawn, each only between kept notes.
private struct SnapshotDrawing {
    let notes: [Int64: (path: String, title: String)]
    let kept: Set<Int64>
    var nodes: [GraphNode] = []
    var edges: [GraphEdge] = []

    /// The kept note of `id`, if it is one.
    private func keptNote(_ id: Int64) -> (path: String, title: String)? {
        kept.contains(id) ? notes[id] : nil
    }

    /// Every kept note, by path, with its tags.
    mutating func drawNotes(_ db: Database) throws {
        var tagsByNote: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT noteId, name FROM tag WHERE kind = \(TagKind.tag.sqlLiteral) ORDER BY rowid") {
            tagsByNote[row["noteId"], default: []].append(row["name"])
        }
        for (id, note) in notes.sorted(by: { $0.value.path < $1.value.path }) where kept.contains(id) {
            nodes.append(GraphNode(id: note.path, label: note.title, kind: .note, path: note.path, tags: tagsByNote[id] ?? []))
        }
    }

    /// One edge per row of (noteId, targetId, weight) whose two notes are kept.
    mutating func drawEdges(_ rows: [Row], kind: GraphEdge.Kind, weightColumn: String) {
        for row in rows {
            guard let a = keptNote(row["noteId"]), let b = keptNote(row["targetId"]) else { continue }
            edges.append(GraphEdge(source: a.path, target: b.path, kind: kind, weight: Double(row[weightColumn] as Int)))
        }
    }

    /// A node per tag, linked from each kept note carrying it.
    mutating func drawTags(_ db: Database) throws {
        var drawn = Set<String>()
        for row in try Row.fetchAll(db, sql: """
            SELECT noteId, MIN(name) AS name, key FROM tag WHERE kind = \(TagKind.tag.sqlLiteral) GROUP BY noteId, key ORDER BY key, noteId
            """) {
            guard let note = keptNote(row["noteId"]) else { continue }
            let key: String = row["key"]
            if drawn.insert(key).inserted { nodes.append(GraphNode(id: "tag:" + key, label: row["name"], kind: .tag)) }
            edges.append(GraphEdge(source: note.path, target: "tag:" + key, kind: .tag))
        }
    }

    /// A node per term of a kept note, linked from the note that defines it.
    mutating func drawTerms(_ db: Database) throws {
        var drawn = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT noteId, name FROM term ORDER BY noteId, id") {
            guard let note = keptNote(row["noteId"]) else { continue }
            let termId = "term:\(note.path)#\(row["name"] as String)"
            guard drawn.insert(termId).inserted else { continue }
            nodes.append(GraphNode(id: termId, label: row["name"], kind: .term, path: note.path))
            edges.append(GraphEdge(source: note.path, target: termId, kind: .defines))
        }
    }

    /// A node per missing target of a kept note's broken links.
    mutating func drawBrokenTargets(_ db: Database) throws {
        var drawn = Set<String>()
        for row in try Row.fetchAll(db, sql: """
            SELECT noteId, target FROM link WHERE resolution = \(Link.Resolution.broken.sqlLiteral) ORDER BY noteId, position
            """) {
            guard let note = keptNote(row["noteId"]) else { continue }
            let target = "missing:" + (row["target"] as String)
            if drawn.insert(target).inserted { nodes.append(GraphNode(id: target, label: row["target"], kind: .missing)) }
            edges.append(GraphEdge(source: note.path, target: target, kind: .broken))
        }
    }
}
