import Foundation
import GRDB
@testable import KnowledgeBase
import Testing

/// Ranking a large match on two connections at once: the same hits as on one, and never an
/// answer stitched from two states of the index.
@Suite struct SplitRankingTests {
    /// A corpus of `count` notes that all hold "common", some of them several times.
    static func corpus(_ count: Int, _ name: String = #function) throws -> (KnowledgeBase, URL) {
        let root = try TestSupport.scratchFolder(name)
        var files: [String: String] = [:]
        for index in 0..<count {
            let repeats = Array(repeating: "common", count: 1 + index % 5).joined(separator: " ")
            files["n\(index).md"] = "---\ntitle: Note \(index)\n---\n\nText \(repeats) and word\(index % 7).\n"
        }
        try TestSupport.write(files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        return (base, root)
    }

    /// The plain rank, as a search of one word asks for it.
    static let rank = "\(IndexDatabase.noteRank)(noteSearch, \(SearchEngine.weights))"

    static func secondConnection(_ base: KnowledgeBase) throws -> DatabaseQueue {
        try IndexDatabase.open(path: base.indexPath, readOnly: true)
    }

    @Test func splitSearchFindsWhatOneConnectionFinds() throws {
        let (base, root) = try Self.corpus(120)
        defer { try? FileManager.default.removeItem(at: root) }
        let second = try Self.secondConnection(base)
        let split = SearchEngine(database: base.database, language: nil, split: SplitRanking(helper: { second }, minimumMatches: 1))
        let single = SearchEngine(database: base.database, language: nil, split: nil)
        for query in ["common", "common word3", "text common", "note"] {
            for limit in [1, 10, 50] {
                let expected = try single.search(query, limit: limit).hits
                #expect(!expected.isEmpty)
                #expect(try split.search(query, limit: limit).hits == expected, "\(query) --limit \(limit)")
            }
        }
        // The split really ran: both halves answered with the same token.
        let ranked = try base.database.read { db in
            try SplitRanking(helper: { second }, minimumMatches: 1).ranked("common", rank: Self.rank, limit: 5, db: db)
        }
        #expect(ranked?.count == 5)
    }

    @Test func onlyAMatchOfAtLeastTheThresholdIsSplit() throws {
        let (base, root) = try Self.corpus(30)
        defer { try? FileManager.default.removeItem(at: root) }
        let second = try Self.secondConnection(base)
        // "word3" is in 4 of the 30 notes (3, 10, 17, 24); "common" in all of them.
        try base.database.read { db in
            for (pattern, threshold, splits) in [("word3", 4, true), ("word3", 5, false), ("common", 30, true), ("common", 31, false)] {
                let ranked = try SplitRanking(helper: { second }, minimumMatches: threshold)
                    .ranked(pattern, rank: Self.rank, limit: 3, db: db)
                #expect((ranked != nil) == splits, "\(pattern) at \(threshold)")
            }
        }
    }

    @Test func onlyLongRunningFrontEndsRankOnTwoConnections() throws {
        let (base, root) = try Self.corpus(5)
        defer { try? FileManager.default.removeItem(at: root) }
        // A one-shot command: its own check for changed files keeps the second core busy.
        #expect(base.search.split == nil)
        base.answersManyQueries = true
        #expect(base.search.split != nil)
    }

    @Test func twoStatesOfTheIndexAreNeverStitchedTogether() throws {
        let (base, root) = try Self.corpus(40)
        defer { try? FileManager.default.removeItem(at: root) }
        let second = try Self.secondConnection(base)
        let ranking = SplitRanking(helper: { second }, minimumMatches: 1)
        // The first connection's read began before another process's write; the second
        // connection reads after it.
        let answer = try base.database.read { db -> [RankedRow]? in
            _ = try IndexGeneration.current(db)
            try TestSupport.write(["n0.md": "---\ntitle: Note 0\n---\n\nNow common common common.\n"], under: root)
            let other = try KnowledgeBase(corpus: root, indexPath: base.indexPath)
            #expect(try other.refresh().changedNotes)
            return try ranking.ranked("common", rank: Self.rank, limit: 5, db: db)
        }
        #expect(answer == nil)
    }

    @Test func anIndexWithoutATokenGetsOneFromItsFirstRefresh() throws {
        let (base, root) = try Self.corpus(10)
        defer { try? FileManager.default.removeItem(at: root) }
        // As an older kb left it.
        try base.database.write { try $0.execute(sql: "DELETE FROM meta WHERE key = 'generation'") }
        let second = try Self.secondConnection(base)
        let ranking = SplitRanking(helper: { second }, minimumMatches: 1)
        #expect(try base.database.read { try ranking.ranked("common", rank: Self.rank, limit: 3, db: $0) } == nil)
        #expect(try base.refresh().changedNotes == false)
        #expect(try base.database.read { try IndexGeneration.current($0) } != nil)
        #expect(try base.database.read { try ranking.ranked("common", rank: Self.rank, limit: 3, db: $0) }?.count == 3)
    }
}
