import Foundation
import Testing
@testable import KnowledgeBase

/// Limits, query sizes and graph depths a user can type cost bounded work: each of these once
/// crashed kb or ran for minutes. The time limits guard against a hang; they time nothing.
@Suite(.serialized, .timeLimit(.minutes(1))) struct BoundedQueryTests {
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("kb-bounded-\(UUID().uuidString).sqlite").path

    func onCorpus(_ arguments: [String]) throws -> CLITests.Run {
        try CLITests.kb(arguments + ["--corpus", TestSupport.bundledCorpus.path, "--db", db])
    }

    @Test func aHugeLimitIsClampedNotOverflowed() throws {
        // `limit * 6` sized the ranking pool and trapped on overflow (SIGILL).
        let run = try onCorpus(["search", "origin", "--limit", "2305843009213693952", "--json"])
        #expect(run.status == 0)
        let hits = try #require(run.json as? [[String: Any]])
        #expect(hits.first?["path"] as? String == "aws/cloudfront/_index.md")
        for command in [["define", "cdn"], ["related", "cloudfront"]] {
            #expect(try onCorpus(command + ["--limit", String(Int.max)]).status == 0)
        }
    }

    @Test func aLongQueryKeepsItsFirstWordsAndSaysSo() throws {
        let words = (0..<2_000).map { "w\($0)" }.joined(separator: " ")
        let query = QueryText(words)
        #expect(query.isShortened)
        #expect(query.unitCount == QueryText.maximumUnits)
        #expect(query.units.first == FTS5Query.phrase(["w0"]))
        #expect(!QueryText("origin cache").isShortened)

        let run = try onCorpus(["search", "origin " + words])
        #expect(run.status == 0)
        #expect(run.stdout.contains("CloudFront"))
        #expect(run.stderr.contains("only its first \(QueryText.maximumUnits) words"))
    }

    @Test(arguments: [
        String(repeating: "AND ", count: 1_000),
        String(repeating: "x", count: 100_000),
        String(repeating: "\"a\" ", count: 5_000),
        String(repeating: "origin OR ", count: 3_000),
    ])
    func anyLongQueryAnswersPromptly(_ query: String) throws {
        let run = try onCorpus(["search", query, "--json"])
        #expect([0, 1].contains(run.status))
        #expect(run.json is [Any])
        // A message quoting the query is cut short.
        #expect(run.stderr.count < 1_000)
        #expect([0, 1].contains(try onCorpus(["define", query]).status))
    }

    @Test func aDepthBeyondTheGraphStopsWhenNothingNewIsReached() throws {
        let run = try onCorpus(["export", "--format", "csv", "--from", "cloudfront", "--depth", String(Int.max)])
        #expect(run.status == 0)
        let whole = try onCorpus(["export", "--format", "csv", "--from", "cloudfront", "--depth", "50"])
        #expect(run.stdout == whole.stdout)
        #expect(try onCorpus(["export", "--from", "cloudfront", "--depth", "-1"]).status == 2)
    }

    @Test func edgesCanBeLimitedToLinksOrMentions() throws {
        func edgeKinds(_ selection: String) throws -> Set<String> {
            let run = try onCorpus(["export", "--format", "json", "--edges", selection])
            #expect(run.status == 0)
            let graph = try #require(run.json as? [String: Any])
            let links = try #require(graph["links"] as? [[String: Any]])
            return Set(links.compactMap { $0["kind"] as? String })
        }
        #expect(try edgeKinds("all") == ["link", "mention"])
        #expect(try edgeKinds("links") == ["link"])
        #expect(try edgeKinds("mentions") == ["mention"])
        #expect(try onCorpus(["export", "--edges", "some"]).status == 2)
    }
}
