import Foundation
import Testing
@testable import KnowledgeBase

/// The README's exit codes, for every command: 0 found or ok, 1 nothing found or problems
/// found, 2 usage or runtime error (issue 20, item 6).
@Suite(.serialized) struct ExitCodeTests {
    static let db = FileManager.default.temporaryDirectory.appendingPathComponent("kb-exit-\(UUID().uuidString).sqlite").path

    static func run(_ arguments: [String], stdin: String? = nil) throws -> CLITests.Run {
        try CLITests.kb(arguments + ["--corpus", TestSupport.bundledCorpus.path, "--db", db], stdin: stdin)
    }

    /// (arguments, expected exit code); one row per command and outcome.
    static let table: [([String], Int32)] = [
        (["index"], 0), (["index", "--no-such-flag"], 2),
        (["search", "origin"], 0), (["search", "zzzqqqxxy"], 1), (["search", "origin", "--limit", "0"], 2),
        (["define", "cdn"], 0), (["define", "zzzqqqxxy"], 1), (["define"], 2),
        (["related", "cloudfront"], 0), (["related", "no-such-note"], 1), (["related"], 2),
        (["show", "cloudfront"], 0), (["show", "no-such-note"], 1), (["show"], 2),
        (["links", "cloudfront"], 0), (["links", "no-such-note"], 1), (["links"], 2),
        (["backlinks", "dynamodb"], 0), (["backlinks", "no-such-note"], 1), (["backlinks"], 2),
        (["path", "s3", "appsync"], 0), (["path", "s3", "no-such-note"], 1), (["path", "no-such-note", "s3"], 1), (["path", "s3"], 2),
        (["tags"], 0), (["tags", "zzzqqqxxy"], 1), (["tags", "--limit", "-1"], 2),
        (["questions", "cloudfront"], 0), (["questions", "no-such-note"], 1), (["questions", "--no-such-flag"], 2),
        (["check"], 0), (["check", "--no-such-flag"], 2),
        (["stats"], 0), (["stats", "--no-such-flag"], 2),
        (["export", "--format", "json"], 0), (["export", "--format", "json", "--from", "no-such-note"], 1),
        (["export", "--format", "nonsense"], 2),
        (["bench-query", "origin", "--runs", "2"], 0), (["bench-query", "origin", "--runs", "0"], 2),
        (["watch", "--no-such-flag"], 2),
    ]

    @Test(arguments: table)
    func everyCommandExitsAsTheREADMESays(_ arguments: [String], _ expected: Int32) throws {
        let run = try Self.run(arguments)
        #expect(run.status == expected, "kb \(arguments.joined(separator: " ")): exit \(run.status), stderr: \(run.stderr)")
        if expected == 1 { #expect(!run.stderr.isEmpty, "says what was not found") }
    }

    @Test func parseAndReplAndCheckWithProblems() throws {
        #expect(try CLITests.kb(["parse", TestSupport.seedPath.path]).status == 0)
        #expect(try CLITests.kb(["parse", "/no/such/file.md"]).status == 2)
        #expect(try Self.run(["repl"], stdin: "search origin\n:quit\n").status == 0)
        #expect(try Self.run(["repl", "--no-such-flag"]).status == 2)
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "# A\n[broken](nowhere.md)\n"], under: root)
        #expect(try CLITests.kb(["check", "--corpus", root.path]).status == 1, "problems found")
        #expect(try CLITests.kb(["search", "x", "--corpus", root.appendingPathComponent("missing").path]).status == 2)
    }
}
