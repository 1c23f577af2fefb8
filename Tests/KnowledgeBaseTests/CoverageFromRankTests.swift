import Foundation
import GRDB
@testable import KnowledgeBase
import Testing

/// The share of a query a candidate holds, in its title and summary or anywhere, read from its
/// rank (`CoveringRank`): the very scores and order the query of each unit gives.
@Suite struct CoverageFromRankTests {
    static let queries = [
        "deploy site", "add menu entries", "menu menu", "\"menu entries\" deploy", "deploy OR publish site",
        "site -menu cache", "title:deploy site", "cache image resize", "resize images quickly", "publish quickly", "entries site deploy cache",
    ]

    static func corpus(_ name: String = #function) throws -> (KnowledgeBase, URL) {
        let root = try TestSupport.scratchFolder(name)
        let titles = ["Deploy a site", "Menu entries", "Image processing", "Cache settings", "Publish"]
        let summaries = ["How to deploy your site", "Add menu entries to a site", "Resize images and cache them", "", "Publish a site"]
        var files: [String: String] = [:]
        for index in 0..<60 {
            let body = ["deploy", "menu", "entries", "site", "cache", "image", "resize", "publish"]
                .enumerated().filter { (index + $0.offset) % 3 != 0 }.map(\.element).joined(separator: " ")
            files["n\(index).md"] = """
                ---
                title: \(titles[index % titles.count]) \(index)
                description: \(summaries[index % summaries.count])
                tags: [t\(index % 3)]
                ---

                Text about \(body), again \(body).
                """
        }
        try TestSupport.write(files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        return (base, root)
    }

    /// "quickly" is in no note: those queries rank the notes holding any of their words too,
    /// by the share of the words they hold.
    @Test func coverageFromTheRankIsCoverageByQuery() throws {
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let fast = SearchEngine(database: base.database)
        var reference = fast
        reference.readsCoverageFromRank = false
        for query in Self.queries {
            for prefix in [false, true] {
                for tag in [nil, "t1"] {
                    let expected = try reference.search(query, tag: tag, limit: 30, prefixLastWord: prefix).hits
                    // Every note tagged t1 has "menu" in its text.
                    #expect(!expected.isEmpty || (tag != nil && query.contains("-menu")), "\(query)")
                    #expect(try fast.search(query, tag: tag, limit: 30, prefixLastWord: prefix).hits == expected,
                            "\(query) prefix \(prefix) tag \(tag ?? "-")")
                }
            }
        }
    }

    @Test func aQueryCountsItsPhrasesAsFTS5Does() throws {
        // Else the coverage is always found by query: right, but not what ranking reported.
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let covering = "\(IndexDatabase.coveringNoteRank)(noteSearch, \(CoveringRank.titleAndSummary), \(SearchEngine.weights))"
        var compared = 0
        try base.database.read { db in
            for query in Self.queries + ["site \"\"", "deploy - site", "cach"] {
                for completions in [[], ["cache", "cached", "caching"]] {
                    let text = QueryText(query, prefixLastWord: !completions.isEmpty, completions: completions)
                    for pattern in [text.all, text.any].compactMap({ $0 }) {
                        let rows = try #require(try RankedRow.fetchAll(db, sql: "SELECT rowid, \(covering) FROM noteSearch WHERE noteSearch MATCH ? LIMIT 1", arguments: [pattern]))
                        guard let phrases = rows.first?.phrases else { continue }
                        #expect(phrases.phraseCount == text.phraseCount, "\(query): \(pattern)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 20)
    }

    @Test func theLiftChangesScores() throws {
        // Without a title or summary holding the words, the scores would be bm25's alone:
        // the lift must be at work for the test above to mean anything.
        let (base, root) = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let hits = try SearchEngine(database: base.database).search("deploy site", limit: 60).hits
        let plain = try base.database.read { db in
            try Double.fetchAll(db, sql: """
                SELECT -\(IndexDatabase.noteRank)(noteSearch, \(SearchEngine.weights)) FROM noteSearch WHERE noteSearch MATCH '"deploy" AND "site"'
                """)
        }
        #expect(hits.count == plain.count)
        #expect(Set(hits.map(\.score)) != Set(plain))
    }
}
