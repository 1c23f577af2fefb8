import Foundation
import GRDB

/// One row of a ranked full-text match: a note's id and its rank, with what a covering rank
/// said besides (`CoveringRank`).
struct RankedRow: Equatable {
    var id: Int64
    /// Lower is better.
    var rank: Double
    /// Which of the query's phrases the row holds, when ranked by the covering rank.
    var phrases: CoveringRank? = nil

    /// The rows of a ranking statement selecting (rowid, rank), the rank a double or a
    /// `CoveringRank` blob; nil when a blob is not one.
    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RankedRow]? {
        var rows: [RankedRow] = []
        for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) {
            switch (row[1] as DatabaseValue).storage {
            case .double(let rank): rows.append(RankedRow(id: row[0], rank: rank))
            case .blob(let data):
                guard let phrases = CoveringRank(data) else { return nil }
                rows.append(RankedRow(id: row[0], rank: phrases.rank, phrases: phrases))
            default: return nil
            }
        }
        return rows
    }
}
