import Foundation
import GRDB

/// Ranks a full-text match on two connections at once, each over half the notes by id, when
/// the match is large enough to pay for it. FTS5 scores every matching note before it can keep
/// the best, about a microsecond a note: a word in all 10,000 notes of a corpus took 9 ms on
/// one core. The halves are the same rows with the same scores (bm25 takes its statistics from
/// the whole table, whatever the rowid range), and the best `limit` of both halves are the
/// best `limit` of the whole.
///
/// The second connection reads its own snapshot of the index. Both read `IndexGeneration`'s
/// token; when a write came between them (the tokens differ, or there is none), the split
/// answer is dropped and the caller ranks on its own connection.
struct SplitRanking: Sendable {
    /// Opens (or returns) the second connection; nil when there is none to have.
    let helper: @Sendable () -> DatabaseQueue?
    /// Matches below this are ranked on one connection: the second half's thread and
    /// statement cost more than they save.
    var minimumMatches = 3000

    /// The best `limit` rows of `pattern` by `rank` (an SQL expression of `noteSearch`: a rank,
    /// or a `CoveringRank` blob), best first, ties in any order; nil when the match is small,
    /// there is no second connection, or the two connections read different states of the index.
    func ranked(_ pattern: String, rank: String, limit: Int, db: Database) throws -> [RankedRow]? {
        // Counted only up to the threshold: a full count of a word in every note read its
        // whole match once more, a fifth of the ranking it decides about.
        let matches = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM noteSearch WHERE noteSearch MATCH ? LIMIT ?)"),
                                       arguments: [pattern, minimumMatches]) ?? 0
        guard matches >= minimumMatches, let token = try IndexGeneration.current(db),
              let (low, high) = try idRange(db), low < high, let helper = helper() else { return nil }
        let middle = low + (high - low) / 2
        let sql = """
            SELECT rowid, \(rank) AS rank FROM noteSearch
            WHERE noteSearch MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ?
            """
        let upper = HalfResult()
        let thread = Thread {
            upper.set(Result {
                try helper.read { db in
                    (try IndexGeneration.current(db), try RankedRow.fetchAll(db, sql: sql, arguments: [pattern, middle + 1, high, limit]))
                }
            })
        }
        thread.name = "kb search half"
        thread.start()
        let lower = Result { try RankedRow.fetchAll(db, sql: sql, arguments: [pattern, low, middle, limit]) }
        guard case .success(let (otherToken, upperRows?)) = upper.wait(), otherToken == token,
              case .success(let lowerRows?) = lower else { return nil }
        return Array((lowerRows + upperRows).sorted { $0.rank < $1.rank }.prefix(limit))
    }

    private func idRange(_ db: Database) throws -> (Int64, Int64)? {
        // Two subqueries: each is one step down the table's b-tree, where min and max in one
        // select read the whole table.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT (SELECT min(id) FROM note), (SELECT max(id) FROM note)")),
              let low = row[0] as Int64?, let high = row[1] as Int64? else { return nil }
        return (low, high)
    }
}

/// The other half's answer, handed from its thread to the one waiting for it. The semaphore
/// says when it is there; the lock makes the hand-over visible to the thread sanitizer too,
/// which does not see through the semaphore.
private final class HalfResult: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<(String?, [RankedRow]?), Error>?

    func set(_ value: Result<(String?, [RankedRow]?), Error>) {
        lock.withLock { result = value }
        done.signal()
    }

    func wait() -> Result<(String?, [RankedRow]?), Error> {
        done.wait()
        return lock.withLock { result! }
    }
}
