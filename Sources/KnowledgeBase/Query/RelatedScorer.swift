import Foundation
import GRDB

/// A note related to another, with the share each signal contributed.
public struct RelatedNote: Sendable, Codable, Equatable {
    /// One reason two notes are related. The raw value is the key `--json` prints.
    public enum Signal: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, CustomStringConvertible {
        /// The note links to the other, or the other links to it.
        case linksOut, linksIn
        /// Tags both carry, rarer tags counting more.
        case sharedTags
        /// Both are linked from one note (co-citation), or both link to one note (coupling).
        case coCitation, coupling
        /// One names the other in its text.
        case mentions
        /// The other appears in the note's quiz questions.
        case quiz

        public var description: String { rawValue }
    }

    /// The related note's path from the corpus root.
    public var path: String
    /// The related note's title.
    public var title: String
    /// The sum of `signals`.
    public var score: Double
    /// The points each signal contributed to `score`.
    public var signals: [Signal: Double]
}

/// Ranks the notes related to one note by several signals, each explainable on its own:
/// links both ways, shared tags weighted by rarity, co-citation (both linked from the same
/// note), bibliographic coupling (both link to the same note), mentions of each other's
/// names, and appearing together in the note's quiz questions.
public struct RelatedScorer: Sendable {
    /// Points per unit of each signal.
    public static let weights: [RelatedNote.Signal: Double] = [
        .linksOut: 3, .linksIn: 3, .sharedTags: 1, .coCitation: 1, .coupling: 0.5, .mentions: 1.5, .quiz: 1,
    ]

    let database: DatabaseQueue
    let tagFrequencies: TagFrequencies

    init(database: DatabaseQueue, tagFrequencies: TagFrequencies) {
        self.database = database
        self.tagFrequencies = tagFrequencies
    }

    /// The notes most related to `note`, best first (ties by path), each with its signals; never
    /// the note itself or its translations.
    public func related(to note: NoteRef, limit: Int = 10) throws -> [RelatedNote] {
        let limit = ResultLimit.clamp(limit)
        guard limit > 0 else { return [] }
        return try database.read { db in
            try rank(try signals(of: note, db: db), of: note, limit: limit, db: db)
        }
    }

    /// Each other note's raw signal values (before weights): counts through `diminishing`,
    /// shared tags as the sum of their rarity. A note sharing a common tag or a much-linked
    /// target has thousands of candidates, so each is a flat tally, read from a cursor.
    private func signals(of note: NoteRef, db: Database) throws -> [Int64: SignalTally] {
        var raw: [Int64: SignalTally] = [:]
        // The note's own translations are the same page, not a related one.
        let translations = Set(try Int64.fetchAll(db, sql: """
            SELECT id FROM note WHERE translationKey = (SELECT translationKey FROM note WHERE id = ?)
            """, arguments: [note.id]))
        func add(_ signal: RelatedNote.Signal, _ sql: String, _ arguments: StatementArguments,
                 transform: (Double) -> Double = { $0 }) throws {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                guard id != note.id, !translations.contains(id) else { continue }
                raw[id, default: SignalTally()][signal] += transform(row[1])
            }
        }
        let id = note.id
        try add(.linksOut, "SELECT targetId, COUNT(*) FROM link WHERE noteId = ? AND targetId IS NOT NULL GROUP BY targetId", [id],
                transform: diminishing)
        try add(.linksIn, "SELECT noteId, COUNT(*) FROM link WHERE targetId = ? GROUP BY noteId", [id], transform: diminishing)
        try addSharedTags(of: id, db: db) { other, points in
            guard other != note.id, !translations.contains(other) else { return }
            raw[other, default: SignalTally()][.sharedTags] += points
        }
        try add(.coCitation, """
            SELECT b.targetId, COUNT(DISTINCT a.noteId) FROM link a JOIN link b ON a.noteId = b.noteId
            WHERE a.targetId = ? AND b.targetId IS NOT NULL AND b.targetId != ? AND a.noteId != ? AND a.noteId != b.targetId
            GROUP BY b.targetId
            """, [id, id, id], transform: diminishing)
        for (other, targets) in try coupled(with: id, db: db) where !translations.contains(other) {
            raw[other, default: SignalTally()][.coupling] += diminishing(Double(targets))
        }
        try add(.mentions, """
            SELECT targetId, SUM(count) FROM mention WHERE noteId = ? GROUP BY targetId
            UNION ALL SELECT noteId, SUM(count) FROM mention WHERE targetId = ? GROUP BY noteId
            """, [id, id], transform: diminishing)
        try add(.quiz, """
            SELECT targetId, SUM(inQuiz) FROM mention WHERE noteId = ? AND inQuiz > 0 GROUP BY targetId
            UNION ALL SELECT targetId, COUNT(*) FROM link WHERE noteId = ? AND targetId IS NOT NULL
                AND section IN (SELECT label FROM question WHERE noteId = ?) GROUP BY targetId
            """, [id, id, id], transform: diminishing)
        return raw
    }

    /// Shared tags, each weighing ln(N/df): a tag every note carries says nothing (weight 0) and
    /// is left out, where on a large corpus it would pair this note with every other. `add` is
    /// given each note carrying a tag with the tag's weight, tag by tag in key order, so a
    /// note's weights add up in the order an SQL `SUM` over the same rows took them. Each tag's
    /// notes come straight from the (key, noteId) index: grouping them in SQL sorted thousands
    /// of rows for a common tag only to hand them over one by one anyway.
    private func addSharedTags(of id: Int64, db: Database, add: (Int64, Double) -> Void) throws {
        let keys = try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT key FROM tag WHERE noteId = ? ORDER BY key"), arguments: [id])
        let (notes, carrying) = try tagFrequencies.frequencies(of: keys, db: db)
        let carriers = try db.cachedStatement(sql: "SELECT DISTINCT noteId FROM tag WHERE key = ?")
        for key in keys {
            guard let df = carrying[key], df > 0, df < notes else { continue }
            let points = log(Double(notes) / Double(df))
            let rows = try Int64.fetchCursor(carriers, arguments: [key])
            while let other = try rows.next() { add(other, points) }
        }
    }

    /// Bibliographic coupling: for each other note, how many of this note's link targets it
    /// links to as well (self-links aside). Each target's linkers come straight from the
    /// (targetId, noteId) index and are counted here; in SQL, pairing and grouping thousands of
    /// linkers of a much-linked target took longer than reading them.
    private func coupled(with id: Int64, db: Database) throws -> [Int64: Int] {
        let targets = try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT targetId FROM link WHERE noteId = ? AND targetId != ?"),
                                         arguments: [id, id])
        let linkers = try db.cachedStatement(sql: "SELECT DISTINCT noteId FROM link WHERE targetId = ? AND noteId != ? AND noteId != targetId")
        var counts: [Int64: Int] = [:]
        for target in targets {
            let rows = try Int64.fetchCursor(linkers, arguments: [target, id])
            while let other = try rows.next() { counts[other, default: 0] += 1 }
        }
        return counts
    }

    /// Weighs the signals, keeps one translation of each page, and returns the best `limit`.
    private func rank(_ raw: [Int64: SignalTally], of note: NoteRef, limit: Int, db: Database) throws -> [RelatedNote] {
        var scored: [Scored] = []
        scored.reserveCapacity(raw.count)
        for (other, tally) in raw {
            let score = tally.score
            if score > 0 { scored.append(Scored(id: other, score: score, tally: tally)) }
        }
        scored = try oneTranslationEach(scored, of: note.id, db: db)
        // Ties are broken by path, so paths are read for every note tied with the last kept one:
        // in one statement, since a note sharing a common tag can tie with hundreds of others.
        let cutoff = scored.count > limit ? Self.largest(limit, of: scored.lazy.map(\.score)) : -1
        let kept = scored.filter { $0.score >= cutoff }
        let names = try NoteLocator.names(of: kept.map(\.id), db: db)
        var named = kept.compactMap { item in names[item.id].map { (item: item, path: $0.path, title: $0.title) } }
        named.sort { $0.item.score > $1.item.score || ($0.item.score == $1.item.score && $0.path < $1.path) }
        return named.prefix(limit).map { RelatedNote(path: $0.path, title: $0.title, score: $0.item.score, signals: $0.item.tally.weighted) }
    }

    /// The `k`-th largest of `values` (counting equal values each time; `k` at least 1 and at
    /// most their count). A hub note has thousands of candidates and only the best ten are
    /// shown, so the k largest are kept in a min-heap rather than all of them sorted.
    static func largest(_ k: Int, of values: some Sequence<Double>) -> Double {
        var heap: [Double] = []
        heap.reserveCapacity(k)
        for value in values {
            if heap.count < k {
                heap.append(value)
                var child = heap.count - 1
                while child > 0, heap[(child - 1) / 2] > heap[child] {
                    heap.swapAt(child, (child - 1) / 2)
                    child = (child - 1) / 2
                }
            } else if value > heap[0] {
                heap[0] = value
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < k, heap[left] < heap[smallest] { smallest = left }
                    if right < k, heap[right] < heap[smallest] { smallest = right }
                    if smallest == parent { break }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
        }
        return heap[0]
    }

    /// A candidate with its score.
    private struct Scored {
        var id: Int64
        var score: Double
        var tally: SignalTally
    }

    /// Another page's translations are one related page: the copy in the note's own language
    /// stands for them (else the best scored). Notes outside a site have no language.
    private func oneTranslationEach(_ scored: [Scored], of noteId: Int64, db: Database) throws -> [Scored] {
        guard scored.count > 1,
              let own = try String.fetchOne(db, sql: "SELECT language FROM note WHERE id = ?", arguments: [noteId]) else { return scored }
        var pages: [Int64: (language: String?, key: String)] = [:]
        let list = "[" + scored.map { String($0.id) }.joined(separator: ",") + "]"
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT note.id, note.language, note.translationKey FROM json_each(?) AS item JOIN note ON note.id = item.value
            WHERE note.translationKey IS NOT NULL
            """), arguments: [list]) {
            pages[row["id"]] = (row["language"], row["translationKey"])
        }
        var kept: [String: Int] = [:]
        var out: [Scored] = []
        for item in scored {
            guard let page = pages[item.id] else { out.append(item); continue }
            guard let index = kept[page.key] else {
                kept[page.key] = out.count
                out.append(item)
                continue
            }
            let current = pages[out[index].id]!
            if (page.language == own) != (current.language == own) ? page.language == own : item.score > out[index].score {
                out[index] = item
            }
        }
        return out
    }

    /// Many repeats of a signal count, but less and less: 1, 1.69, 2.1, …
    private func diminishing(_ count: Double) -> Double { count > 0 ? 1 + log(count) : 0 }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

/// One candidate's raw points per signal, before weights: a fixed row of numbers, where a
/// dictionary per candidate made hashing most of the work.
struct SignalTally {
    private var values = InlineArray<7, Double>(repeating: 0)
    /// `RelatedScorer.weights` by position.
    private static let weights = RelatedNote.Signal.allCases.map { RelatedScorer.weights[$0, default: 1] }

    subscript(signal: RelatedNote.Signal) -> Double {
        get { values[signal.position] }
        set { values[signal.position] = newValue }
    }

    /// Each signal that has points, times its weight, rounded as `RelatedNote.signals` shows it.
    var weighted: [RelatedNote.Signal: Double] {
        var result: [RelatedNote.Signal: Double] = [:]
        for signal in RelatedNote.Signal.allCases where self[signal] != 0 {
            result[signal] = RelatedScorer.rounded(self[signal] * Self.weights[signal.position])
        }
        return result
    }

    /// The sum of the weighted points, rounded.
    var score: Double {
        var sum = 0.0
        for signal in RelatedNote.Signal.allCases where self[signal] != 0 {
            sum += RelatedScorer.rounded(self[signal] * Self.weights[signal.position])
        }
        return RelatedScorer.rounded(sum)
    }
}

extension RelatedNote.Signal {
    /// The signal's place in `allCases`.
    var position: Int {
        switch self {
        case .linksOut: 0
        case .linksIn: 1
        case .sharedTags: 2
        case .coCitation: 3
        case .coupling: 4
        case .mentions: 5
        case .quiz: 6
        }
    }
}

extension RelatedNote {
    /// Each signal with its points and its share of the score in whole percent, largest first
    /// (ties by name), as `--explain` shows them.
    public var signalShares: [(signal: Signal, points: Double, percent: Int)] {
        signals.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }.map { signal, points in
            (signal, points, score > 0 ? Int((points / score * 100).rounded()) : 0)
        }
    }
}
