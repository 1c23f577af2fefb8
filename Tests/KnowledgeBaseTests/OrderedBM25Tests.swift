import CSQLiteSetup
import Foundation
import GRDB
@testable import KnowledgeBase
import Testing

/// `kb_bm25`, the ranking function every index connection has: the very scores of FTS5's
/// `bm25`, whatever the query, the order rows come in and the gaps deleted notes leave.
@Suite struct OrderedBM25Tests {
    /// Notes of different lengths, some words in every note and some in a few; notes deleted
    /// and added after the first index, so rowids have gaps.
    static func corpus(_ name: String = #function) throws -> (KnowledgeBase, URL) {
        let root = try TestSupport.scratchFolder(name)
        var files: [String: String] = [:]
        for index in 0..<90 {
            let body = (0..<(1 + index % 11)).map { "common filler\($0 % 4) word\(index % 7)" }.joined(separator: " ")
            files["n\(index).md"] = """
                ---
                title: Note \(index) \(index % 3 == 0 ? "common" : "rare")
                description: \(index % 5 == 0 ? "Shared text on caching" : "A note")
                tags: [t\(index % 4)]
                ---

                ## Heading \(index % 5)

                \(body). Some shared text about origins\(index % 2 == 0 ? " and caching" : "").
                """
        }
        try TestSupport.write(files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        for index in stride(from: 3, to: 90, by: 4) {
            try FileManager.default.removeItem(at: root.appendingPathComponent("n\(index).md"))
        }
        try TestSupport.write(["late1.md": "# Late common\n\nCommon common caching word2.\n",
                               "late2.md": "# Another\n\nOrigins and common words.\n"], under: root)
        _ = try base.refresh()
        return (base, root)
    }

    static let patterns = ["common", "common word3", "common OR rare", "\"shared text\"", "caching NOT word1",
                           "{title headings} : common", "filler*", "common AND (word2 OR word5)", "origin", "late"]

    /// (rowid, score) of every row `pattern` matches under `function`, in the order `order` gives.
    static func scores(_ function: String, _ pattern: String, order: String = "rowid", range: String = "",
                       db: Database) throws -> [[Double]] {
        try Row.fetchAll(db, sql: """
            SELECT rowid, \(function)(noteSearch, \(SearchEngine.weights)) FROM noteSearch
            WHERE noteSearch MATCH ?\(range) ORDER BY \(order)
            """, arguments: [pattern]).map { [Double($0[0] as Int64), $0[1] as Double] }
    }

    @Test func scoresAreBM25sToTheLastBit() throws {
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        try base.database.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM note ORDER BY id")
            #expect(ids.count == 90 - 22 + 2)
            #expect(ids.last! - ids.first! + 1 > Int64(ids.count), "deleted notes leave gaps")
            for pattern in Self.patterns {
                let expected = try Self.scores("bm25", pattern, db: db)
                #expect(!expected.isEmpty, "\(pattern)")
                // Ascending (the walker steps), descending (it seeks back every row), by score,
                // and over a range of rowids, as `SplitRanking` asks.
                #expect(try Self.scores("kb_bm25", pattern, db: db) == expected, "\(pattern)")
                #expect(try Self.scores("kb_bm25", pattern, order: "rowid DESC", db: db) == expected.reversed(), "\(pattern)")
                let byScore = try Self.scores("kb_bm25", pattern, order: "2, rowid", db: db)
                #expect(byScore == expected.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) }, "\(pattern)")
                let middle = ids[ids.count / 2]
                #expect(try Self.scores("kb_bm25", pattern, range: " AND rowid > \(middle)", db: db)
                        == expected.filter { $0[0] > Double(middle) }, "\(pattern)")
            }
        }
    }

    /// Patterns with their phrases in the order FTS5 numbers them.
    static let phrasedPatterns: [(String, [String])] = [
        ("common", ["common"]), ("common AND rare", ["common", "rare"]),
        ("(common OR rare) AND note", ["common", "rare", "note"]),
        ("\"shared text\" OR origins", ["\"shared text\"", "origins"]), ("caching NOT word1", ["caching", "word1"]),
        ("filler* OR note", ["filler*", "note"]), ("(note) AND (title : common)", ["note", "title : common"]),
    ]

    @Test func theCoveringRankIsTheRankAndThePhrasesTheRowHolds() throws {
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let covering = "\(IndexDatabase.coveringNoteRank)(noteSearch, \(CoveringRank.titleAndSummary), \(SearchEngine.weights))"
        try base.database.read { db in
            var held = 0
            for (pattern, phrases) in Self.phrasedPatterns {
                let plain = try Self.scores("kb_bm25", pattern, db: db)
                let rows = try #require(try RankedRow.fetchAll(db, sql: "SELECT rowid, \(covering) FROM noteSearch WHERE noteSearch MATCH ? ORDER BY rowid", arguments: [pattern]))
                #expect(rows.map { [Double($0.id), $0.rank] } == plain, "\(pattern)")
                for (index, phrase) in phrases.enumerated() {
                    let inHead = Set(try Int64.fetchAll(db, sql: "SELECT rowid FROM noteSearch WHERE noteSearch MATCH ?",
                                                        arguments: ["{title summary} : (\(phrase))"]))
                    let inRow = Set(try Int64.fetchAll(db, sql: "SELECT rowid FROM noteSearch WHERE noteSearch MATCH ?", arguments: [phrase]))
                    for row in rows {
                        #expect(row.phrases?.phraseCount == phrases.count, "\(pattern)")
                        #expect(row.phrases?.holds(phrase: index) == inHead.contains(row.id), "\(pattern): \(phrase) in \(row.id)")
                        #expect(row.phrases?.contains(phrase: index) == inRow.contains(row.id), "\(pattern): \(phrase) in \(row.id)")
                        if row.phrases?.holds(phrase: index) == true { held += 1 }
                    }
                }
            }
            #expect(held > 50, "the title and summary hold some of the phrases")
        }
    }

    @Test func theSortKeyOrdersAsTheRank() throws {
        // Two blobs compare as memcmp does, which is how SQLite sorts them.
        let covering = "\(IndexDatabase.coveringNoteRank)(noteSearch, 1, \(SearchEngine.weights))"
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        try base.database.read { db in
            for (pattern, _) in Self.phrasedPatterns {
                let byKey = try #require(try RankedRow.fetchAll(db, sql: "SELECT rowid, \(covering) AS r FROM noteSearch WHERE noteSearch MATCH ? ORDER BY r, rowid", arguments: [pattern]))
                #expect(byKey.map { [Double($0.id), $0.rank] } == (try Self.scores("kb_bm25", pattern, order: "2, rowid", db: db)), "\(pattern)")
            }
            #expect(throws: DatabaseError.self, "no column bits") {
                try Row.fetchAll(db, sql: "SELECT \(IndexDatabase.coveringNoteRank)(noteSearch) FROM noteSearch WHERE noteSearch MATCH 'common'")
            }
        }
        #expect(CoveringRank(Data([1, 2, 3])) == nil)
        #expect(CoveringRank(Data(repeating: 0, count: 12) + Data([0, 0, 0, 9])) == nil, "says 0 phrases, holds bits")
    }

    @Test func aFunctionRegisteredForAnotherTableStillScoresRight() throws {
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        try base.database.inDatabase { (db: Database) throws in
            #expect(kb_register_ordered_bm25(db.sqliteConnection, "misplaced_bm25", "misplaced_covering", "nameWords") == 0)
            for pattern in Self.patterns {
                #expect(try Self.scores("misplaced_bm25", pattern, db: db) == Self.scores("bm25", pattern, db: db), "\(pattern)")
            }
        }
    }

    @Test func aDamagedLengthRecordIsAnErrorAsForBM25() throws {
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        try base.database.write { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT min(id) FROM note"))
            // A varint cut off after its first byte: the walker must not read past the record.
            try db.execute(sql: "UPDATE noteSearch_docsize SET sz = x'81' WHERE id = ?", arguments: [id])
            #expect(throws: DatabaseError.self) { try Self.scores("bm25", "common", db: db) }
            #expect(throws: DatabaseError.self) { try Self.scores("kb_bm25", "common", db: db) }
            // Rows after it are still scored as bm25 scores them.
            #expect(try Self.scores("kb_bm25", "common", range: " AND rowid > \(id)", db: db)
                    == Self.scores("bm25", "common", range: " AND rowid > \(id)", db: db))
        }
    }
}

/// The lengths a connection remembers are forgotten whenever the index changes: by a write on
/// the same connection, a commit on another, or a write transaction that rolls back.
@Suite struct RememberedLengthTests {
    static func agree(_ db: Database, _ note: String = "") throws {
        for pattern in OrderedBM25Tests.patterns {
            #expect(try OrderedBM25Tests.scores("kb_bm25", pattern, db: db) == OrderedBM25Tests.scores("bm25", pattern, db: db),
                    "\(pattern) \(note)")
        }
    }

    /// Makes the notes of the upper half of ids longer, through `base` (its connection). The
    /// lower half stays as it was, so each query's first row (which kb_bm25 checks against
    /// FTS5) is unchanged and only remembering the rest could go wrong.
    static func lengthen(_ base: KnowledgeBase, _ root: URL, round: Int) throws {
        let paths = try base.database.read { db in
            try String.fetchAll(db, sql: "SELECT path FROM note WHERE id > (SELECT (min(id) + max(id)) / 2 FROM note)")
        }
        var files: [String: String] = [:]
        for (index, path) in paths.enumerated() {
            files[path] = "---\ntitle: Note \(path)\n---\n\n"
                + Array(repeating: "common words again", count: 2 + round + index % 3).joined(separator: " ") + ".\n"
        }
        try TestSupport.write(files, under: root)
        #expect(try base.refresh().changedNotes)
    }

    @Test func aWriteOnTheSameConnectionIsSeen() throws {
        let (base, root) = try OrderedBM25Tests.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        for round in 0..<3 {
            try base.database.read { try Self.agree($0, "before round \(round)") }
            try Self.lengthen(base, root, round: round)
            try base.database.read { try Self.agree($0, "after round \(round)") }
        }
    }

    @Test func aCommitOnAnotherConnectionIsSeen() throws {
        let (base, root) = try OrderedBM25Tests.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let reader = try IndexDatabase.open(path: base.indexPath, readOnly: true)
        for round in 0..<3 {
            try reader.read { try Self.agree($0, "before round \(round)") }
            try Self.lengthen(base, root, round: round)
            try reader.read { try Self.agree($0, "after round \(round)") }
        }
    }

    @Test func aRolledBackWriteIsForgotten() throws {
        let (base, root) = try OrderedBM25Tests.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        try base.database.read { try Self.agree($0, "first") }
        try base.database.inDatabase { (db: Database) throws in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "UPDATE noteSearch SET body = body || ' common common common' WHERE rowid IN (SELECT rowid FROM noteSearch WHERE noteSearch MATCH 'common' ORDER BY rowid DESC LIMIT 20)")
            try Self.agree(db, "inside the write")
            try db.execute(sql: "ROLLBACK")
        }
        try base.database.read { try Self.agree($0, "after the rollback") }
    }
}
