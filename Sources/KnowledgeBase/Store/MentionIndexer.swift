import Foundation
import GRDB
import GRDBSQLite

/// Keeps the mention edges current: a note's text naming another note's title or alias,
/// outside its links. Counts those in quiz stems and options separately, for `related`.
enum MentionIndexer {
    /// Recounts the mentions the changed notes make, and those the renamed (or new) notes
    /// receive. With `directory` nil (a small refresh), the notes that may name a renamed note
    /// are found by phrase search, and only the names their words can start are loaded; a note
    /// whose names did not change keeps the mentions others make of it.
    static func update(changedNotes: Set<Int64>, renamedNotes: Set<Int64>, directory: NoteDirectory?, db: Database) throws {
        guard !changedNotes.isEmpty else { return }
        var sources = changedNotes
        let matcher: MentionMatcher
        if let directory {
            sources = Set(directory.entries.keys)
            matcher = MentionMatcher(directory: directory)
        } else {
            let own = try NoteDirectory.load(db, keys: [], firstWords: [], notes: renamedNotes)
            for id in renamedNotes {
                for (kind, key) in own.namesByNote[id] ?? [] where kind == .title || kind == .alias {
                    guard key.count >= MentionMatcher.minimumLength,
                          let phrase = FTS5Query.phrase(TextNormalizer.words(key)) else { continue }
                    let ids = try Int64.fetchAll(db, sql: "SELECT rowid FROM noteSearch WHERE noteSearch MATCH ?",
                                                 arguments: [FTS5Query.inColumn("body", phrase)])
                    sources.formUnion(ids)
                }
            }
            // Notes that named a renamed note before may not any more.
            sources.formUnion(try Int64.fetchAll(db, sql: "SELECT noteId FROM mention WHERE targetId IN (SELECT value FROM json_each(?))",
                                                 arguments: ["[" + renamedNotes.map(String.init).joined(separator: ",") + "]"]))
            var starts = Set<String>()
            for id in sources {
                let text = try MentionText.fetch([id], db: db)[0]
                starts.formUnion(NoteDirectory.nameStarts(in: text.body + "\n" + text.quiz))
            }
            matcher = MentionMatcher(directory: try NoteDirectory.load(db, keys: [], firstWords: starts, notes: []))
        }
        let ordered = sources.sorted()
        let rows = try MentionRows(db)
        for start in stride(from: 0, to: ordered.count, by: 512) {
            let texts = try MentionText.fetch(Array(ordered[start..<min(start + 512, ordered.count)]), db: db)
            try rows.store(ConcurrentMap.map(texts) { ($0.id, MentionText.count($0, matcher: matcher)) },
                           changedNotes: changedNotes)
        }
    }

    /// Counts every note's mentions on other threads, started before the writer's other
    /// after-parse work (indexes, links) so that the second core has work then; `finish`
    /// stores them. It holds every note's text at once, where `update` reads them in chunks.
    final class FullPass: @unchecked Sendable {
        private let group = DispatchGroup()
        /// Written by the counting job, read after `group.wait()`.
        private var found: [(Int64, [Int64: (total: Int, quiz: Int)])] = []

        /// - Parameter written: the texts of the notes this refresh wrote, taken from the parse
        ///   (their links are not stored yet); the other notes' texts are read from the index.
        init(directory: NoteDirectory, written: [MentionText], db: Database) throws {
            let writtenIds = Set(written.map(\.id))
            let others = try MentionText.fetch(directory.entries.keys.filter { !writtenIds.contains($0) }.sorted(), db: db)
            let texts = (written + others).sorted { $0.id < $1.id }
            DispatchQueue.global().async(group: group) { [self, texts] in
                let matcher = MentionMatcher(directory: directory)
                found = ConcurrentMap.map(texts) { text in
                    lowerThreadPriority()
                    return (text.id, MentionText.count(text, matcher: matcher))
                }
            }
        }

        func finish(changedNotes: Set<Int64>, db: Database) throws {
            group.wait()
            try MentionRows(db).store(found, changedNotes: changedNotes)
        }
    }
}

/// Writes counted mentions, replacing what the notes mentioned before. A full index writes
/// about 70,000 rows after the counting ends, while the other core has little left to do, so
/// they go in `rowsPerInsert` at a time: one statement per row costs SQLite about twice as
/// much for the same rows.
private struct MentionRows {
    static let rowsPerInsert = 64
    let delete: Statement
    let insertOne: RawStatement
    let insertMany: RawStatement

    init(_ db: Database) throws {
        delete = try db.cachedStatement(sql: "DELETE FROM mention WHERE noteId = ?")
        let sql = "INSERT INTO mention (noteId, targetId, count, inQuiz) VALUES "
        insertOne = try RawStatement(db, sql + "(?, ?, ?, ?)")
        insertMany = try RawStatement(db, sql + Array(repeating: "(?, ?, ?, ?)", count: Self.rowsPerInsert).joined(separator: ", "))
    }

    func store(_ found: [(Int64, [Int64: (total: Int, quiz: Int)])], changedNotes: Set<Int64>) throws {
        // The rows' values one after another, four to a row, as the statement's parameters go.
        var pending: [Int64] = []
        pending.reserveCapacity(4 * Self.rowsPerInsert)
        for (id, counts) in found {
            // The writer already removed the mentions a re-written note made. Rows waiting in
            // `pending` are all from earlier notes, so a delete here never misses one.
            if !changedNotes.contains(id) { try delete.execute(arguments: [id]) }
            for (target, count) in counts.sorted(by: { $0.key < $1.key }) where count.total > 0 {
                pending += [id, target, Int64(count.total), Int64(count.quiz)]
                if pending.count == 4 * Self.rowsPerInsert {
                    try insertMany.run { statement in Self.bind(pending, to: statement) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        for row in stride(from: 0, to: pending.count, by: 4) {
            try insertOne.run(pending[row], pending[row + 1], pending[row + 2], pending[row + 3])
        }
    }

    private static func bind(_ values: [Int64], to statement: OpaquePointer) -> Int32 {
        for (offset, value) in values.enumerated() {
            let code = sqlite3_bind_int64(statement, Int32(offset + 1), value)
            if code != SQLITE_OK { return code }
        }
        return SQLITE_OK
    }
}

/// The texts of one note that mentions are counted in.
struct MentionText: Sendable {
    var id: Int64
    var body: String
    var quiz: String
    var linkLabels: String

    init(id: Int64, body: String, quiz: String, linkLabels: String) {
        (self.id, self.body, self.quiz, self.linkLabels) = (id, body, quiz, linkLabels)
    }

    /// The texts of a note just parsed, as `fetch` reads them back once it is stored.
    init(id: Int64, note: ParsedNote) {
        self.init(id: id, body: note.body,
                  quiz: note.questions.map { $0.stem + "\n" + $0.storedOptions }.joined(separator: "\n"),
                  linkLabels: note.links.filter { $0.kind == .internal || $0.kind == .wiki }.map(\.label).joined(separator: "\n"))
    }

    /// The texts of `ids` (sorted). A dense run of ids, as in a full index, is read with three
    /// range scans; scattered ids (a small refresh) each with a range of one.
    static func fetch(_ ids: [Int64], db: Database) throws -> [MentionText] {
        guard let low = ids.first, let high = ids.last else { return [] }
        guard high - low < 2 * Int64(ids.count) else { return try ids.flatMap { try fetch([$0], db: db) } }
        var texts = [Int64: MentionText](uniqueKeysWithValues: ids.map { ($0, MentionText(id: $0, body: "", quiz: "", linkLabels: "")) })
        try RawRows.each(db, "SELECT rowid, body FROM noteSearch WHERE rowid BETWEEN ? AND ?", low, high) { row in
            texts[sqlite3_column_int64(row, 0)]?.body = RawRows.string(row, 1)
        }
        try RawRows.each(db, """
            SELECT noteId, stem || char(10) || options FROM question WHERE noteId BETWEEN ? AND ? ORDER BY noteId, id
            """, low, high) { row in
            texts[sqlite3_column_int64(row, 0)]?.append(quiz: RawRows.string(row, 1))
        }
        try RawRows.each(db, """
            SELECT noteId, label FROM link WHERE noteId BETWEEN ? AND ? AND kind IN \([Link.Kind.internal, .wiki].sqlList) ORDER BY noteId, id
            """, low, high) { row in
            texts[sqlite3_column_int64(row, 0)]?.append(linkLabel: RawRows.string(row, 1))
        }
        return ids.map { texts[$0]! }
    }

    private mutating func append(quiz text: String) { quiz += quiz.isEmpty ? text : "\n" + text }
    private mutating func append(linkLabel text: String) { linkLabels += linkLabels.isEmpty ? text : "\n" + text }

    /// Mentions in the body minus those that are the labels of links (a link is already an edge).
    static func count(_ text: MentionText, matcher: MentionMatcher) -> [Int64: (total: Int, quiz: Int)] {
        let body = matcher.mentions(in: text.body, excluding: text.id)
        // Only what the body names is counted: with nothing there, the other texts need no scan.
        guard !body.isEmpty else { return [:] }
        let linked = matcher.mentions(in: text.linkLabels, excluding: text.id)
        let quiz = matcher.mentions(in: text.quiz, excluding: text.id)
        var out: [Int64: (total: Int, quiz: Int)] = [:]
        for (target, count) in body {
            out[target] = (max(0, count - linked[target, default: 0]), quiz[target, default: 0])
        }
        return out
    }
}
