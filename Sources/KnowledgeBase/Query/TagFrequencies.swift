import Foundation
import GRDB

/// How many notes carry each tag, remembered by a long-running process (kb mcp, kb lsp, the
/// REPL) until the index changes. Shared tags weigh ln(N/df) in `RelatedScorer`, and counting
/// the notes of a tag most notes carry was half of a related query on a large corpus.
///
/// The remembered counts belong to one state of one index: that of the connection they were
/// read with, its own writes (`totalChangesCount`) and those of other connections and
/// processes (`PRAGMA data_version`). Any change to any of them forgets them all.
final class TagFrequencies: @unchecked Sendable {
    private struct Stamp: Equatable {
        var connection: ObjectIdentifier
        var ownChanges: Int
        var othersChanges: Int64
    }

    private let lock = NSLock()
    private var stamp: Stamp?
    private var noteCount = 0
    private var counts: [String: Int] = [:]

    /// The number of notes, and the number of notes carrying each of `keys` (a key no note
    /// carries counts 0), as the index read through `db` holds them now.
    func frequencies(of keys: [String], db: Database) throws -> (notes: Int, carrying: [String: Int]) {
        let now = Stamp(connection: ObjectIdentifier(db), ownChanges: db.totalChangesCount,
                        othersChanges: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0)
        let (known, notes) = lock.withLock { () -> ([String: Int], Int?) in
            if stamp != now {
                (stamp, counts, noteCount) = (now, [:], -1)
            }
            return (counts, noteCount >= 0 ? noteCount : nil)
        }
        let total = try notes ?? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM note") ?? 0
        var found: [String: Int] = [:]
        for key in keys { found[key] = known[key] }
        let missing = Set(keys).subtracting(found.keys)
        if !missing.isEmpty {
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, COUNT(DISTINCT noteId) FROM tag WHERE key IN (\(missing.map { _ in "?" }.joined(separator: ","))) GROUP BY key
                """, arguments: StatementArguments(Array(missing)))
            for key in missing { found[key] = 0 }
            for row in rows { found[row[0]] = row[1] }
        }
        lock.withLock {
            guard stamp == now else { return }
            noteCount = total
            counts.merge(found) { _, new in new }
        }
        return (total, found)
    }
}
