import Foundation
import Testing
@testable import KnowledgeBase

/// The query syntax is read into typed pieces and compiled to FTS5 in one place; syntax that
/// means nothing is a usage message, never an SQL error.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SearchSyntaxTests {
    @Test func wordsPhrasesAlternativesAndExclusionsAreTyped() throws {
        let syntax = try SearchSyntax.parse(#"origin "edge location" cache OR cdn -lambda NOT "web socket" orig*"#)
        #expect(syntax.clauses == [[.word("origin")], [.phrase(["edge", "location"])], [.word("cache"), .word("cdn")], [.prefix("orig")]])
        #expect(syntax.excluded == [.word("lambda"), .phrase(["web", "socket"])])
    }

    @Test func fieldsBecomeFilters() throws {
        let syntax = try SearchSyntax.parse(#"tag:Area path:./notes/aws title:"edge location" kind:term kind:section x"#)
        #expect(syntax.tags == ["area"])
        #expect(syntax.paths == ["notes/aws"])
        #expect(syntax.inTitle == [.phrase(["edge", "location"])])
        #expect(syntax.kinds == [.term, .section])
        #expect(syntax.clauses == [[.word("x")]])
    }

    @Test func doubleDashWordsAndUnknownFieldsAreSearchedAsWords() throws {
        #expect(try SearchSyntax.parse("add a --verbose flag").excluded.isEmpty)
        #expect(try SearchSyntax.parse("c:\\notes 10:30").excluded.isEmpty)
        #expect(try SearchSyntax.parse("- lonely").clauses == [[.word("lonely")]])
        #expect(try SearchSyntax.parse("not or").clauses == [[.word("not")], [.word("or")]])
    }

    @Test func misplacedOperatorsAreWords() throws {
        #expect(try SearchSyntax.parse("OR x").clauses == [[.word("or")], [.word("x")]])
        #expect(try SearchSyntax.parse("x OR").clauses == [[.word("x")], [.word("or")]])
        #expect(try SearchSyntax.parse("x NOT").clauses == [[.word("x")], [.word("not")]])
        #expect(try SearchSyntax.parse("a OR OR b").clauses == [[.word("a"), .word("or")], [.word("b")]])
    }

    @Test(arguments: ["tag:", "path:", "title:", "kind:", "kind:page x", "-tag:aws x", "title:!!", "x tag: y"])
    func meaninglessSyntaxIsAClearFailure(_ text: String) throws {
        #expect(throws: SearchSyntax.Failure.self) { try SearchSyntax.parse(text) }
    }

    @Test func exclusionsCompileToFTS5Not() {
        let query = QueryText("origin -cache")
        #expect(query.all == #"("origin") NOT ("cache")"#)
        #expect(QueryText("cache OR cdn origin").all == #"(("cache") OR ("cdn")) AND ("origin")"#)
        #expect(QueryText("title:origin cache").all == #"("cache") AND (title : ("origin"))"#)
    }

    static let vault: [String: String] = [
        "area/one.md": "---\ntitle: One\ntags: [area/sub]\n---\nThe origin server answers.\n",
        "area/two.md": "---\ntitle: Two\ntags: [area]\n---\nThe origin and the cache.\n",
        "other/three.md": "---\ntitle: Three\ntags: [areal]\n---\nAn origin far away.\n",
    ]

    @Test func aMinusWordLeavesNotesOutAndNestedTagsMatch() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write(Self.vault, under: root)
        let (base, _) = try TestSupport.indexed(root)
        let paths = { (text: String) in Set(try base.search.search(text).hits.map(\.path)) }
        #expect(try paths("origin") == ["area/one.md", "area/two.md", "other/three.md"])
        #expect(try paths("origin -cache") == ["area/one.md", "other/three.md"])
        #expect(try paths("origin NOT cache") == ["area/one.md", "other/three.md"])
        #expect(try paths("origin tag:area") == ["area/one.md", "area/two.md"])
        #expect(try paths("tag:area/sub") == ["area/one.md"])
        #expect(try paths("origin path:other") == ["other/three.md"])
        #expect(try paths("origin title:two") == ["area/two.md"])
        #expect(try paths("server OR far") == ["area/one.md", "other/three.md"])
        #expect(throws: KBError.self) { try base.search.search("origin tag:") }
    }

    @Test func frontMatterFieldsFilterAndUnknownKeysAreWords() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([
            "a.md": "---\ntitle: A\ndraft: true\ncategories: [AWS, web]\n---\nThe origin story.\n",
            "b.md": "---\ntitle: B\ndraft: false\ncategories: [gcp]\n---\nAnother origin, see https://example.org.\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let paths = { (text: String) in Set(try base.search.search(text).hits.map(\.path)) }
        #expect(try paths("origin draft:false") == ["b.md"])
        #expect(try paths("origin draft:true") == ["a.md"])
        #expect(try paths("origin categories:aws") == ["a.md"])
        #expect(try paths("categories:web") == ["a.md"])
        // No note has an `https` key: the token is words, and only b.md holds all of them.
        #expect(try base.search.search("origin https://example.org").hits.first?.path == "b.md")
    }

    func kb(_ arguments: [String]) throws -> CLITests.Run {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("kb-syntax-\(UUID().uuidString).sqlite").path
        return try CLITests.kb(["search", "--corpus", TestSupport.bundledCorpus.path, "--db", db, "--json"] + arguments)
    }

    @Test func aQueryStartingWithMinusWorksAfterDoubleDashAndInQuotes() throws {
        for arguments in [["--", "-cache", "origin"], ["-cache origin"], ["-cache", "origin"]] {
            let run = try kb(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            let hits = try #require(run.json as? [[String: Any]])
            #expect(!hits.isEmpty)
            #expect(hits.allSatisfy { ($0["snippet"] as? String)?.lowercased().contains("cache") == false })
        }
    }

    @Test func badSyntaxExitsTwoWithAMessageNotSQL() throws {
        for arguments in [["tag:"], ["origin", "path:"], ["kind:page", "x"], ["--limt", "3", "origin"]] {
            let run = try kb(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(!run.stderr.isEmpty)
            #expect(!run.stderr.lowercased().contains("sql"))
            #expect(!run.stderr.lowercased().contains("fts5"))
        }
    }
}

/// "Did you mean" corrects typos, not words the corpus uses.
@Suite(.serialized, .timeLimit(.minutes(2))) struct DidYouMeanTests {
    @Test func aWordManyNotesUseIsNotCorrected() throws {
        let root = try TestSupport.scratchFolder()
        var files: [String: String] = ["reset.md": "---\ntitle: Reset\n---\nHow to reset a device.\n"]
        for index in 0..<5 { files["n\(index).md"] = "---\ntitle: Note \(index)\n---\nA rest api call number \(index).\n" }
        try TestSupport.write(files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        let suggest = { (words: [String]) in try base.search.database.read { try Suggester(db: $0).suggest(words) } }
        #expect(try suggest(["rest"]).isEmpty)
        #expect(try suggest(["resett"]) == ["reset"])
    }
}
