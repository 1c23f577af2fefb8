import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// Runs the built `kb` binary the way users and scripts do, and pins the CLI contract:
/// JSON shapes, exit codes and messages.
@Suite(.serialized) struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The `kb` built beside this test runner, so a sanitizer build (another scratch path)
    /// tests its own binary.
    static let binary = TestSupport.builtExecutable("kb")
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("kb-cli-\(UUID().uuidString).sqlite").path

    @discardableResult
    static func kb(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("build kb first (swift build): \(binary) is missing")
            return Run(status: -1, stdout: "", stderr: "")
        }
        let merged = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"].merging(environment) { $1 }) { $1 }
        return try run(binary, arguments, environment: merged, stdin: stdin)
    }

    /// Starts `kb watch --json` on `corpus` and `db`; its stdout is the pipe returned.
    static func startWatcher(corpus: String, db: String) throws -> (Process, Pipe) {
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: binary)
        watch.arguments = ["watch", "--corpus", corpus, "--db", db, "--json"]
        let out = Pipe()
        watch.standardOutput = out
        watch.standardError = FileHandle.nullDevice
        try watch.run()
        return (watch, out)
    }

    /// Runs `executable` to its end and collects what it printed.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    in folder: URL? = nil, stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // stderr is drained on another thread: read one after the other, a child that fills
        // the stderr pipe while the test waits on stdout would wait forever.
        nonisolated(unsafe) var stderr = Data()
        let drained = DispatchSemaphore(value: 0)
        Thread {
            stderr = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func onCorpus(_ arguments: [String]) throws -> Run {
        try Self.kb(arguments + ["--corpus", TestSupport.bundledCorpus.path, "--db", db])
    }

    /// `kb watch` prints a JSON line per refresh, queries on its index get answers, and a
    /// second watcher on the same index exits 2 saying why.
    @Test func watchServesQueriesAndRefusesASecondWatcher() throws {
        let (watch, out) = try Self.startWatcher(corpus: TestSupport.bundledCorpus.path, db: db)
        defer {
            watch.terminate()
            watch.waitUntilExit()
        }
        // Its first line, read on another thread so a silent watcher fails the test instead of hanging it.
        let firstLine = FirstLine()
        let reader = out.fileHandleForReading
        DispatchQueue.global().async { firstLine.read(from: reader) }
        let first = try #require(firstLine.wait(seconds: 60), "kb watch printed nothing")
        let summary = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        #expect((summary["added"] as? Int ?? 0) >= 15)
        let search = try onCorpus(["search", "origin", "--json"])
        #expect(search.status == 0)
        #expect(((search.json as? [[String: Any]])?.count ?? 0) > 0)
        let second = try onCorpus(["watch"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("already running"))
    }

    /// The first line a process writes, handed from a reading thread.
    final class FirstLine: @unchecked Sendable {
        private var line: Data?
        private let ready = DispatchSemaphore(value: 0)

        func read(from handle: FileHandle) {
            var data = Data()
            while !data.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                guard !chunk.isEmpty else { break }
                data += chunk
            }
            line = data
            ready.signal()
        }

        func wait(seconds: Int) -> Data? {
            ready.wait(timeout: .now() + .seconds(seconds)) == .success ? line : nil
        }
    }

    @Test func indexPrintsTheSummaryShape() throws {
        let run = try Self.kb(["index", TestSupport.bundledCorpus.path, "--db", db, "--json"])
        #expect(run.status == 0)
        let summary = try #require(run.json as? [String: Any])
        #expect(Set(summary.keys) == ["notes", "added", "updated", "removed", "unchanged", "warnings"])
        #expect((summary["notes"] as? Int ?? 0) >= 15)
        let again = try #require(try Self.kb(["index", TestSupport.bundledCorpus.path, "--db", db, "--json"]).json as? [String: Any])
        #expect(again["unchanged"] as? Int == summary["notes"] as? Int)
        #expect(again["added"] as? Int == 0)
    }

    @Test func searchOriginPutsCloudFrontFirst() throws {
        let run = try onCorpus(["search", "origin", "--json"])
        #expect(run.status == 0)
        let hits = try #require(run.json as? [[String: Any]])
        #expect(Set(hits.first?.keys.map { $0 } ?? []) == ["kind", "path", "title", "section", "score", "snippet", "line", "highlights"])
        #expect(hits.first?["path"] as? String == "aws/cloudfront/_index.md")
        #expect(hits.prefix(2).contains { $0["title"] as? String == "CloudFront" })
    }

    @Test func defineFindsTermsByNameAndAcronym() throws {
        let edge = try #require(try onCorpus(["define", "edge location", "--json"]).json as? [[String: Any]])
        #expect(edge.first?["term"] as? String == "Edge Location")
        #expect(Set(edge.first?.keys.map { $0 } ?? []) == ["term", "definition", "path", "title", "parent", "children", "aliases"])
        #expect((edge.first?["definition"] as? String)?.contains("content is cached") == true)
        let cdn = try #require(try onCorpus(["define", "cdn", "--json"]).json as? [[String: Any]])
        #expect(cdn.first?["term"] as? String == "CDN")
        let distribution = try #require(try onCorpus(["define", "Distribution", "--json"]).json as? [[String: Any]])
        #expect(distribution.first?["children"] as? [String] == ["Web Distribution", "RTMP Distribution"])
        let typo = try onCorpus(["define", "edge locaton"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("Edge Location"))
    }

    @Test func relatedIncludesDynamoDBAndLambdaWithSignals() throws {
        let related = try #require(try onCorpus(["related", "cloudfront", "--json"]).json as? [[String: Any]])
        let paths = related.compactMap { $0["path"] as? String }
        #expect(paths.contains("aws/dynamodb/_index.md"))
        #expect(paths.contains("aws/lambda/_index.md"))
        let dynamo = try #require(related.first { $0["path"] as? String == "aws/dynamodb/_index.md" })
        let signals = try #require(dynamo["signals"] as? [String: Double])
        #expect(signals["linksOut"] ?? 0 > 0)
        #expect(Set(dynamo.keys) == ["path", "title", "score", "signals"])
    }

    @Test func showAndParseGiveTheWholeNote() throws {
        let shown = try #require(try onCorpus(["show", "CloudFront", "--json"]).json as? [String: Any])
        let links = try #require(shown["links"] as? [[String: Any]])
        #expect(links.contains { $0["target"] as? String == "../dynamodb" && $0["targetPath"] as? String == "aws/dynamodb/_index.md" })
        #expect((shown["questions"] as? [Any])?.count == 2)
        let sections = try #require(shown["sections"] as? [[String: Any]])
        #expect((sections.first { $0["heading"] as? String == "Use Cases" }?["text"] as? String) == "Type: Content delivery networks")
        let parsed = try #require(try Self.kb(["parse", TestSupport.seedPath.path, "--json"]).json as? [String: Any])
        #expect(parsed["title"] as? String == "CloudFront")
        #expect((parsed["terms"] as? [Any])?.count == 6)
    }

    @Test func prefixSearchFindsAnUnfinishedLastWord() throws {
        #expect(try onCorpus(["search", "cloudfr", "--json"]).status == 1)
        let hits = try #require(try onCorpus(["search", "cloudfr", "--prefix", "--json"]).json as? [[String: Any]])
        #expect(hits.prefix(2).contains { $0["title"] as? String == "CloudFront" })
        let session = try Self.kb(["repl", "--corpus", TestSupport.bundledCorpus.path, "--db", db], stdin: "search edge locat\n:quit\n")
        #expect(session.stdout.contains("Edge Location"))
    }

    @Test func benchQueryPrintsPercentilesAndQueryJSONIsStable() throws {
        let timing = try #require(try onCorpus(["bench-query", "origin", "--runs", "20", "--json"]).json as? [String: Double])
        #expect(Set(timing.keys) == ["p50_ms", "p99_ms", "runs", "hits"])
        #expect(timing["runs"] == 20 && (timing["hits"] ?? 0) >= 1)
        #expect((timing["p50_ms"] ?? -1) > 0 && (timing["p50_ms"] ?? 0) <= (timing["p99_ms"] ?? 0))
        #expect(try onCorpus(["bench-query", "--runs", "0", "origin"]).status == 2)
        // The same answer prints byte for byte the same, keys sorted.
        let first = try onCorpus(["search", "origin", "--json", "--no-refresh"]).stdout
        #expect(try onCorpus(["search", "origin", "--json", "--no-refresh"]).stdout == first)
        #expect(first.range(of: "\"kind\"")!.lowerBound < first.range(of: "\"path\"")!.lowerBound)
    }

    @Test func internalLinksLeaveOutEverythingOnOtherHosts() throws {
        let links = try #require(try onCorpus(["links", "cloudfront", "--internal", "--json", "--limit", "100"]).json as? [[String: Any]])
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { $0["resolution"] as? String != "external" })
        #expect(links.contains { $0["targetPath"] as? String == "aws/lambda/_index.md" })
    }

    @Test func bundledCorpusChecksCleanAndEveryServiceIsFound() throws {
        let check = try onCorpus(["check", "--json"])
        #expect(check.status == 0, "kb check found problems: \(check.stdout)")
        let report = try #require(check.json as? [String: Any])
        #expect((report["orphans"] as? [String])?.isEmpty == true)
        for service in ["DynamoDB", "Lambda", "API Gateway", "S3", "Route 53", "EC2", "Elastic Load Balancing", "ElastiCache",
                        "CloudFormation", "AppSync", "RDS and Aurora", "Elastic Beanstalk", "Certificate Manager"] {
            #expect(try onCorpus(["show", service, "--no-refresh"]).status == 0, "kb show \(service)")
        }
    }

    @Test func exitCodesFollowTheContract() throws {
        #expect(try onCorpus(["search", "zzzqqqxxy"]).status == 1)
        #expect(try onCorpus(["search", "--no-such-flag", "x"]).status == 2)
        #expect(try onCorpus(["show", "no-such-note"]).status == 1)
        #expect(try Self.kb(["search", "x", "--corpus", "/nonexistent/folder"]).status == 2)
        let help = try Self.kb(["search", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples"))
    }

    @Test func showParsesTheNoteFileAndSaysWhatToDoWhenItIsGone() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["gone.md": "---\ntitle: Gone Soon\n---\n# Gone Soon\n- **Term:** a definition\n"], under: root)
        let db = root.appendingPathComponent(".kb/test.sqlite").path
        let shown = try #require(try Self.kb(["show", "gone", "--corpus", root.path, "--db", db, "--json"]).json as? [String: Any])
        #expect((shown["terms"] as? [[String: Any]])?.first?["name"] as? String == "Term")
        try FileManager.default.removeItem(at: root.appendingPathComponent("gone.md"))
        let stale = try Self.kb(["show", "gone", "--corpus", root.path, "--db", db, "--no-refresh"])
        #expect(stale.status == 2)
        #expect(stale.stderr.contains("kb index"))
        #expect(try Self.kb(["show", "gone", "--corpus", root.path, "--db", db]).status == 1, "refreshed, the note is gone")
    }

    @Test func unwritableIndexFolderSaysToUseDB() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["note.md": "# Note\nreadable words\n"], under: root)
        // A file where the index folder would go cannot be written to, even by root, so this
        // stands in for a read-only corpus folder.
        try TestSupport.write(Data("not a folder".utf8), to: ".kb", under: root)
        let refused = try Self.kb(["search", "readable", "--corpus", root.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--db"))
        let elsewhere = try Self.kb(["search", "readable", "--corpus", root.path, "--db", root.appendingPathComponent("elsewhere.sqlite").path, "--json"])
        #expect(elsewhere.status == 0)
    }

    @Test(arguments: ["\"", "AND", "origin AND", "NEAR(", "*", ")(", "'; DROP TABLE note; --", "🙂 cache", "", "OR OR", "title:x", "^origin", "\"unclosed phrase"])
    func anyQueryStringIsSafe(_ query: String) throws {
        let run = try onCorpus(["search", query, "--json"])
        #expect(run.status == 0 || run.status == 1, "\(query): exit \(run.status) \(run.stderr)")
        #expect(!run.stderr.lowercased().contains("syntax error"))
        #expect(!run.stderr.lowercased().contains("fts5"))
        #expect(run.json is [Any], "stdout must be JSON only")
    }
}
