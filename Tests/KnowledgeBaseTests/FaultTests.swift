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

    @Test func killDuringRefreshKeepsThePreviousIndex() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let db = root.appendingPathComponent("index.sqlite").path
        try Self.makeCorpus(root.appendingPathComponent("notes"), notes: 3000, word: "original")
        let corpus = root.appendingPathComponent("notes").path
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        try Self.makeCorpus(root.appendingPathComponent("notes"), notes: 3000, word: "replacement")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = ["index", corpus, "--db", db]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.4)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the refresh finished before it could be killed")

        let search = try CLITests.kb(["search", "original", "--corpus", corpus, "--db", db, "--no-refresh", "--json"])
        #expect(search.status == 0)
        #expect((search.json as? [Any])?.isEmpty == false)
        let check = try DatabaseQueue(path: db).read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
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
}
