import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// A killed refresh leaves the previous index answering; readers work while a refresh writes.
@Suite(.serialized) struct FaultTests {
    /// A corpus big enough that a refresh takes a while.
    static func makeCorpus(_ root: URL, notes: Int, word: String) throws {
        for index in 0..<notes {
            let text = "---\ntitle: Note \(index)\ntags: [bulk]\n---\n## About\n\(word) text for note \(index). "
                + String(repeating: "Filler sentence with several words to index. ", count: 40) + "\n- **Term \(index):** a definition.\n[next](n\(index + 1).md)\n"
            try TestSupport.write(Data(text.utf8), to: "n\(index).md", under: root)
        }
    }

    /// Runs `kb` with `arguments` and kills it with SIGKILL 0.4 s in; true when it was still
    /// running then.
    static func killed(_ arguments: [String]) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.4)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// A scratch folder holding 3,000 notes that say "original" in `notes/`, and where its
    /// index goes.
    static func originalCorpus() throws -> (root: URL, corpus: String, db: String) {
        let root = try TestSupport.scratchFolder()
        try makeCorpus(root.appendingPathComponent("notes"), notes: 3000, word: "original")
        return (root, root.appendingPathComponent("notes").path, root.appendingPathComponent("index.sqlite").path)
    }

    /// The index at `db` answers a search for `word` and passes SQLite's integrity check.
    static func expectAnswers(_ word: String, corpus: String, db: String) throws {
        let search = try CLITests.kb(["search", word, "--corpus", corpus, "--db", db, "--no-refresh", "--json"])
        #expect(search.status == 0)
        #expect((search.json as? [Any])?.isEmpty == false)
        let check = try DatabaseQueue(path: db).read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
    }

    @Test func killDuringRefreshKeepsThePreviousIndex() throws {
        let (root, corpus, db) = try Self.originalCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        try Self.makeCorpus(root.appendingPathComponent("notes"), notes: 3000, word: "replacement")

        #expect(try Self.killed(["index", corpus, "--db", db]), "the refresh finished before it could be killed")

        try Self.expectAnswers("original", corpus: corpus, db: db)
    }

    @Test func searchesSucceedWhileARefreshWrites() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let db = root.appendingPathComponent("index.sqlite").path
        let corpus = root.appendingPathComponent("notes")
        try Self.makeCorpus(corpus, notes: 2000, word: "first")
        #expect(try CLITests.kb(["index", corpus.path, "--db", db]).status == 0)
        try Self.makeCorpus(corpus, notes: 2000, word: "second")

        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: CLITests.binary)
        writer.arguments = ["index", corpus.path, "--db", db]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        var statuses: [Int32] = []
        for _ in 0..<5 {
            statuses.append(try CLITests.kb(["search", "filler", "--corpus", corpus.path, "--db", db, "--no-refresh", "--json"]).status)
        }
        writer.waitUntilExit()
        #expect(statuses.allSatisfy { $0 == 0 }, "searches during a refresh: \(statuses)")
        #expect(writer.terminationStatus == 0)
    }

    /// `--rebuild` builds beside the old index and swaps it in when done: killed half way, the
    /// old index still answers, and the next build clears the dead build's scratch file.
    @Test func killDuringRebuildKeepsThePreviousIndex() throws {
        let (root, corpus, db) = try Self.originalCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)

        #expect(try Self.killed(["index", corpus, "--db", db, "--rebuild"]), "the rebuild finished before it could be killed")
        let scratch = { try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix("index.sqlite.building-") } }
        #expect(try scratch().count == 1, "the killed build's scratch file")

        try Self.expectAnswers("original", corpus: corpus, db: db)

        let rebuilt = try CLITests.kb(["index", corpus, "--db", db, "--rebuild", "--json"])
        #expect(rebuilt.status == 0)
        #expect((rebuilt.json as? [String: Any])?["added"] as? Int == 3000)
        #expect(try scratch().isEmpty)
        try Self.expectAnswers("original", corpus: corpus, db: db)
    }

    /// A first index killed before it finished leaves no index file, so the next run starts over.
    @Test func killedFirstIndexLeavesNothingHalfMade() throws {
        let (root, corpus, db) = try Self.originalCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.killed(["index", corpus, "--db", db]), "the index finished before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: db))
        let index = try CLITests.kb(["index", corpus, "--db", db, "--json"])
        #expect((index.json as? [String: Any])?["added"] as? Int == 3000)
    }
}
