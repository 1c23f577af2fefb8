import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// The refresh re-parses exactly what changed, and one transaction per run keeps the index whole.
@Suite struct RefreshTests {
    @Test func unchangedEditedAndDeletedFilesAreCountedExactly() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\none\n", "b.md": "# B\ntwo\n", "c.md": "# C\nthree\n"], under: root)
        let (base, first) = try TestSupport.indexed(root)
        #expect(first.added == 3)
        let second = try base.refresh()
        #expect(second == IndexSummary(notes: 3, added: 0, updated: 0, removed: 0, unchanged: 3, warnings: []))
        try TestSupport.write(["a.md": "# A\nchanged words\n"], under: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("c.md"))
        let third = try base.refresh()
        #expect(third.updated == 1)
        #expect(third.removed == 1)
        #expect(third.unchanged == 1)
        #expect(try base.search.search("changed").hits.map(\.path) == ["a.md"])
        #expect(try base.search.search("three").hits.isEmpty)
    }

    /// The answer found while the check for changes runs is kept only when nothing changed;
    /// otherwise the changes are written and the question is asked again.
    @Test func anAnswerFoundDuringTheCheckIsKeptOnlyWhenNothingChanged() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\nalpha words\n", "b.md": "# B\nbeta\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        var asked = 0
        let still = try base.answerFresh(patience: 0) { base in
            asked += 1
            return try base.search.search("alpha").hits.map(\.path)
        }
        #expect(still == ["a.md"] && asked == 1)

        // A new note with the word, and a note the question looks up by name: the early
        // answers (no hit; not found) are dropped for the ones after the refresh.
        try TestSupport.write(["c.md": "# Gamma\nalpha too\n"], under: root)
        asked = 0
        let after = try base.answerFresh(patience: 0) { base in
            asked += 1
            return (try base.search.search("alpha").hits.map(\.path).sorted(), try base.note(named: "Gamma").path)
        }
        #expect(after.0 == ["a.md", "c.md"] && after.1 == "c.md" && asked == 2)
        #expect(try base.refresh().unchanged == 3)
    }

    /// Two processes that both see a new note: the second to write finds the first one's
    /// commit and compares again, instead of inserting the note twice.
    @Test func aRefreshThatAnotherOneOvertookStartsOver() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\nalpha\n"], under: root)
        let (first, _) = try TestSupport.indexed(root)
        let second = try KnowledgeBase(corpus: root, indexPath: first.indexPath)
        try TestSupport.write(["b.md": "# B\nbeta\n"], under: root)
        let slow = try Indexer(corpus: root, database: second.database).begin()
        let fast = try Indexer(corpus: root, database: first.database).begin()
        let (won, overtook) = try fast.finish()
        #expect(won.added == 1 && !overtook)
        let (summary, overtaken) = try slow.finish()
        #expect(overtaken && summary.added == 0 && summary.unchanged == 2)
        #expect(try second.search.search("beta").hits.map(\.path) == ["b.md"])
    }

    @Test func touchedButIdenticalFileIsNotReparsed() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let later = Date().addingTimeInterval(60)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: root.appendingPathComponent("a.md").path)
        let summary = try base.refresh()
        #expect(summary.updated == 0)
        #expect(summary.unchanged == 1)
    }

    /// termSearch reads its words from the term table, so an edited or deleted term must
    /// leave no stale words behind and the index must agree with the table.
    @Test func termSearchFollowsEditedAndDeletedTerms() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let glossary = "# Edge\n\n## Terminology\n\n"
        try TestSupport.write([
            "a.md": glossary + "- **Edge Location (EL):** a site that caches copies near viewers.\n",
            "b.md": glossary + "- **Origin:** the server that holds the original files.\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        func terms(matching query: String) throws -> [String] {
            try base.database.read { db in
                try String.fetchAll(db, sql: """
                    SELECT term.name FROM termSearch JOIN term ON term.id = termSearch.rowid
                    WHERE termSearch MATCH ? ORDER BY term.name
                    """, arguments: [query])
            }
        }
        #expect(try terms(matching: "el") == ["Edge Location"])
        #expect(try terms(matching: "caches") == ["Edge Location"])
        try TestSupport.write(["a.md": glossary + "- **Edge Location:** a point of presence near viewers.\n"], under: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("b.md"))
        _ = try base.refresh()
        #expect(try terms(matching: "el").isEmpty)
        #expect(try terms(matching: "caches").isEmpty)
        #expect(try terms(matching: "presence") == ["Edge Location"])
        #expect(try terms(matching: "original").isEmpty)
        try base.database.write { db in
            try db.execute(sql: "INSERT INTO termSearch (termSearch, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func damagedIndexIsReportedAndRebuildCuresIt() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\n"], under: root)
        let dbPath = root.appendingPathComponent("broken.sqlite").path
        _ = try KnowledgeBase(corpus: root, indexPath: dbPath).refresh()
        // Damaged after its header, which still says it is a kb index.
        let file = try #require(FileHandle(forWritingAtPath: dbPath))
        try file.seek(toOffset: 100)
        file.write(Data(repeating: 0x41, count: 8192))
        try file.close()
        #expect(throws: KBError.self) { _ = try KnowledgeBase(corpus: root, indexPath: dbPath) }
        let rebuilt = try KnowledgeBase(corpus: root, indexPath: dbPath, rebuild: true)
        #expect(try rebuilt.refresh().added == 1)
        // A file that does not even say it is SQLite may be anyone's: not replaced, even so.
        let other = root.appendingPathComponent("other.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: other))
        #expect(throws: KBError.self) { _ = try KnowledgeBase(corpus: root, indexPath: other, rebuild: true) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == Data(repeating: 0x41, count: 8192))
    }

    @Test func anIndexFromAnotherParserVersionIsReparsedNotMisread() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        try base.database.write { db in try db.execute(sql: "UPDATE meta SET value = '0' WHERE key = 'parserVersion'") }
        let summary = try base.refresh()
        #expect(summary.updated == 1)
    }

    @Test func mentionsFindTitlesInOtherNotesText() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write([
            "route53.md": "---\ntitle: Route 53\n---\nDNS.\n",
            "cdn.md": "---\ntitle: CDN\n---\nA DNS endpoint using Route53 and [Route 53](route53.md).\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let count = try base.database.read { db in try Int.fetchOne(db, sql: "SELECT count FROM mention") }
        #expect(count == 1)
    }

    @Test func mentionsPreferTheLongestNameAndMatchAccentedNames() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write([
            "a.md": "---\ntitle: Route 53\n---\nx\n",
            "b.md": "---\ntitle: Route 53 Resolver\n---\nx\n",
            "c.md": "---\ntitle: Café Crème\n---\nx\n",
            "d.md": "---\ntitle: Crème Brûlée Notes\naliases: [Brûlée]\n---\nx\n",
            "text.md": "# Text\nThe route 53 resolver, then ROUTE 53 alone. A café crème; crème brûlée notes; Brûlée.\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let counts = try base.database.read { db in
            try Dictionary(Row.fetchAll(db, sql: """
                SELECT t.path, m.count FROM mention m JOIN note n ON n.id = m.noteId JOIN note t ON t.id = m.targetId
                WHERE n.path = 'text.md'
                """).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: +)
        }
        // "route 53 resolver" names both the longer and the shorter title at that position.
        #expect(counts == ["a.md": 2, "b.md": 1, "c.md": 1, "d.md": 2])
    }
}

/// A small refresh loads only part of the name directory; it must end in the same graph as
/// indexing the corpus from scratch.
@Suite struct IncrementalGraphTests {
    static func graph(_ base: KnowledgeBase) throws -> [String] {
        try base.database.read { db in
            let links = try String.fetchAll(db, sql: """
                SELECT s.path || ' -> ' || link.target || ' = ' || link.resolution || ' ' || IFNULL(t.path, '-')
                FROM link JOIN note s ON s.id = link.noteId LEFT JOIN note t ON t.id = link.targetId
                """)
            let mentions = try String.fetchAll(db, sql: """
                SELECT s.path || ' mentions ' || t.path || ' x' || mention.count || ' quiz ' || mention.inQuiz
                FROM mention JOIN note s ON s.id = mention.noteId JOIN note t ON t.id = mention.targetId
                """)
            return (links + mentions).sorted()
        }
    }

    /// A first index of many notes builds its lookup indexes after the rows are in: the index
    /// ends with every one of them, and with the graph that adding the notes in steps gives.
    @Test func aLargeFirstIndexMatchesOneBuiltInSteps() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = LinkRepair.fullPassThreshold + 100
        func note(_ index: Int) -> String {
            "---\ntitle: Topic \(index)\ntags: [t\(index % 7)]\n---\nSee [next](n\(index + 1).md) and [[Topic \(index + 2)]].\n"
                + "Compare Topic \((index + 3) % notes) here.\n"
        }
        let steps = root.appendingPathComponent("steps"), whole = root.appendingPathComponent("whole")
        for index in 0..<notes { try TestSupport.write(Data(note(index).utf8), to: "n\(index).md", under: whole) }
        for index in 0..<100 { try TestSupport.write(Data(note(index).utf8), to: "n\(index).md", under: steps) }
        let (stepped, _) = try TestSupport.indexed(steps)
        for index in 100..<notes { try TestSupport.write(Data(note(index).utf8), to: "n\(index).md", under: steps) }
        #expect(try stepped.refresh().added == notes - 100)
        let (first, summary) = try TestSupport.indexed(whole)
        #expect(summary.added == notes)
        #expect(try IncrementalGraphTests.graph(first) == IncrementalGraphTests.graph(stepped))
        let schema = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        let indexes = try first.database.read { db in try Row.fetchAll(db, sql: schema) }
        #expect(indexes == (try stepped.database.read { db in try Row.fetchAll(db, sql: schema) }))
        #expect(indexes.count > 10)
    }

    /// A full mention pass counts on other threads while links are stored, or, when the notes'
    /// text is over its budget, in chunks afterwards: both give the same mentions, link labels
    /// (which are not mentions) included.
    @Test func aFullMentionPassOverItsTextBudgetCountsTheSame() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = LinkRepair.fullPassThreshold + 20
        for index in 0..<notes {
            let text = "---\ntitle: Topic \(index)\n---\nSee [Topic \(index + 1)](n\((index + 1) % notes).md), "
                + "then Topic \((index + 2) % notes) and Topic \((index + 2) % notes) again.\n\n## Questions\n\n### Q1\n\n"
                + "**What comes after Topic \((index + 3) % notes)?**\n\n- A) Topic \((index + 4) % notes)\n- B) Nothing\n\n"
                + "<details><summary>Answer</summary><mark>A</mark></details>\n"
            try TestSupport.write(Data(text.utf8), to: "n\(index).md", under: root)
        }
        func build(_ name: String, budget: Int) throws -> KnowledgeBase {
            let base = try KnowledgeBase(corpus: root, indexPath: root.appendingPathComponent(".kb/\(name).sqlite").path)
            var indexer = Indexer(corpus: root, database: base.database)
            indexer.mentionTextBudget = budget
            #expect(try indexer.refresh().added == notes)
            return base
        }
        let overlapped = try IncrementalGraphTests.graph(build("overlapped", budget: .max))
        #expect(try overlapped == IncrementalGraphTests.graph(build("chunked", budget: 0)))
        #expect(overlapped.contains("n7.md mentions n9.md x2 quiz 0"))
        #expect(overlapped.contains("n7.md mentions n10.md x1 quiz 1"))
        // The linked note's title is the link's label, so it is no mention.
        #expect(!overlapped.contains { $0.hasPrefix("n7.md mentions n8.md") })
    }

    @Test func smallRefreshesEndInTheSameGraphAsAFullIndex() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write([
            "a.md": "---\ntitle: Alpha Store\n---\nUses Beta Queue and [[Gamma]]. Also Route53.\n",
            "b.md": "---\ntitle: Beta Queue\naliases: [BQ]\n---\nFeeds Alpha Store; see [a](a.md) and [[Delta]].\n",
            "c.md": "---\ntitle: Gamma\n---\nMentions BQ twice: BQ.\n",
            "r.md": "---\ntitle: Route 53\n---\nDNS.\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        // Rename a note, edit another's body only, add the missing one, delete another.
        try TestSupport.write(["c.md": "---\ntitle: Gamma Ray\n---\nMentions BQ once.\n",
                               "b.md": "---\ntitle: Beta Queue\naliases: [BQ]\n---\nNow names Gamma Ray, see [a](a.md).\n",
                               "d.md": "---\ntitle: Delta\n---\nNames Gamma Ray and Alpha Store.\n"], under: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("r.md"))
        let summary = try base.refresh()
        #expect(summary.added == 1 && summary.updated == 2 && summary.removed == 1)
        let fresh = try KnowledgeBase(corpus: root, indexPath: root.appendingPathComponent(".kb/fresh.sqlite").path)
        _ = try fresh.refresh()
        #expect(try Self.graph(base) == Self.graph(fresh))
        #expect(try Self.graph(base).contains("d.md mentions c.md x1 quiz 0"))
    }
}

/// The word-hash map under the mention pass: colliding slots, the key 0, growth, overwrites.
@Suite struct HashKeyedTests {
    @Test func keepsEveryKeyThroughCollisionsAndGrowth() {
        var map = HashKeyed<Int>()
        // Keys equal in their low bits all want the same slot.
        let keys: [UInt64] = [0] + (1...300).map { UInt64($0) << 40 } + (1...300).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        for (value, key) in keys.enumerated() { map[key] = value }
        #expect(keys.enumerated().allSatisfy { map[$0.element] == $0.offset })
        #expect(map[12345] == nil && map[UInt64(301) << 40] == nil)
        map[0] = -1
        map[UInt64(7) << 40] = -7
        #expect(map[0] == -1 && map[UInt64(7) << 40] == -7 && map[UInt64(8) << 40] == 8)
    }
}
