import Foundation
import GRDB
import Testing
@testable import KnowledgeBaseStudy
#if canImport(Glibc)
import Glibc
#endif

/// Study mode end to end: `kb quiz` on a copy of the seed note, and the review database it
/// keeps, through a rebuilt index, edits, a moved note and a killed quiz.
@Suite(.serialized) struct StudyTests {
    let root: URL
    let corpus: URL
    let reviews: String
    static let q1 = "aws/cloudfront/_index.md#question:Q1"

    init() throws {
        root = try TestSupport.scratchFolder("study")
        corpus = root.appendingPathComponent("corpus")
        let note = corpus.appendingPathComponent("aws/cloudfront/_index.md")
        try FileManager.default.createDirectory(at: note.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.seedPath, to: note)
        reviews = root.appendingPathComponent("reviews.sqlite").path
    }

    private func kb(_ arguments: [String], stdin: String? = nil) throws -> CLITests.Run {
        try CLITests.kb(arguments + ["--corpus", corpus.path, "--reviews", reviews], stdin: stdin)
    }

    /// Answers Q1 right (D, then Enter for the default rating) and returns its output.
    private func answerQ1() throws -> CLITests.Run {
        let run = try kb(["quiz", "cloudfront", "--questions", "--new", "1"], stdin: "D\n\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("✓ right"))
        #expect(run.stdout.contains("rated good; next in 10 minutes"))
        return run
    }

    private func stats() throws -> [String: Any] {
        let run = try kb(["quiz", "--stats", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        return run.json as? [String: Any] ?? [:]
    }

    private func edit(_ change: (String) -> String) throws {
        let note = corpus.appendingPathComponent("aws/cloudfront/_index.md")
        try change(try String(contentsOf: note, encoding: .utf8)).write(to: note, atomically: true, encoding: .utf8)
    }

    @Test func firstGoodAnswerFollowsTheLearningSteps() {
        let scheduler = FSRSScheduler()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = scheduler.review(MemoryState(), rating: .good, at: start)
        #expect(first.phase == .learning && first.step == 1)
        #expect(first.due == start.addingTimeInterval(600))
        #expect(first.stability == FSRSScheduler.defaultWeights[2])
        let graduated = scheduler.review(first, rating: .good, at: first.due!)
        #expect(graduated.phase == .review)
        #expect(graduated.due! >= first.due!.addingTimeInterval(86_400))
        let easier = FSRSScheduler(desiredRetention: 0.8).review(first, rating: .good, at: first.due!)
        #expect(easier.due! >= graduated.due!)
    }

    /// A database from the first schema (no note fingerprints) opens under the current one with
    /// its cards and reviews as they were.
    @Test func anOlderReviewDatabaseIsMigratedWithItsData() throws {
        let queue = try DatabaseQueue(path: reviews)
        try ReviewStore.migrator.migrate(queue, upTo: "v1: cards, reviews, card versions")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO card (id, notePath, key, kind, contentHash, content, createdAt) VALUES ('old#term:X', 'old', 'term:X', 'term', 'h', '{}', 1);
                INSERT INTO review (cardId, reviewedAt, rating, phaseBefore, phase, stability, difficulty, due)
                VALUES ('old#term:X', 2, 3, 1, 1, 2.3, 2.1, 602);
                """)
        }
        try queue.close()
        let store = try ReviewStore(path: reviews)
        #expect(try store.reviews(cardID: "old#term:X").map(\.stability) == [2.3])
        #expect(try store.noteFingerprints().isEmpty)
        let applied = try store.database.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(applied.count == 2)
    }

    @Test func reviewsSurviveARebuiltIndex() throws {
        _ = try answerQ1()
        let rebuild = try CLITests.kb(["index", "--rebuild", "--corpus", corpus.path])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(try stats()["reviewed"] as? Int == 1)
        let store = try ReviewStore(path: reviews)
        #expect(try store.reviews(cardID: Self.q1).count == 1)
        #expect(try store.entry(id: Self.q1)?.memory.phase == .learning)
    }

    @Test func editsKeepHistoryAndDeletedQuestionsRetire() throws {
        _ = try answerQ1()
        try edit { text in
            // Q1's stem changes; Q2 (everything from its heading on) is removed.
            let edited = text.replacingOccurrences(of: "similar cache behavior", with: "the same cache behaviour")
            return String(edited[..<edited.range(of: "### Q2")!.lowerBound])
        }
        #expect(try stats()["reviewed"] as? Int == 1)
        let store = try ReviewStore(path: reviews)
        let q1 = try #require(try store.entry(id: Self.q1))
        #expect(q1.card.prompt.contains("the same cache behaviour"))
        #expect(q1.memory.stability == FSRSScheduler.defaultWeights[2])
        let versions = try store.versions(cardID: Self.q1)
        #expect(versions.count == 1 && versions[0].prompt.contains("similar cache behavior"))
        let q2 = try #require(try store.entry(id: "aws/cloudfront/_index.md#question:Q2"))
        #expect(q2.retired)
        #expect(try store.entries().allSatisfy { !$0.card.key.hasSuffix("Q2") })
    }

    @Test func aMovedNoteKeepsItsCards() throws {
        _ = try answerQ1()
        let old = corpus.appendingPathComponent("aws/cloudfront")
        try FileManager.default.moveItem(at: old, to: corpus.appendingPathComponent("aws/cdn"))
        #expect(try stats()["reviewed"] as? Int == 1)
        let store = try ReviewStore(path: reviews)
        let moved = "aws/cdn/_index.md#question:Q1"
        #expect(try store.entry(id: moved)?.retired == false)
        #expect(try store.reviews(cardID: moved).count == 1)
        #expect(try store.entry(id: Self.q1) == nil)
    }

    @Test func aKilledQuizKeepsTheAnswerAlreadyGiven() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = ["quiz", "cloudfront", "--questions", "--new", "2", "--corpus", corpus.path, "--reviews", reviews]
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("D\n\n".utf8))
        // Wait (on another thread, so a silent kb fails the test instead of hanging it) until
        // the first answer is reported saved and the second question is waiting for input.
        let seen = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var text = ""
        Thread {
            while !text.contains("(2 of 2, new)") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            seen.signal()
        }.start()
        let reached = seen.wait(timeout: .now() + 120) == .success
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(reached && text.contains("rated good"), "\(text)")
        #expect(process.terminationReason == .uncaughtSignal)
        let store = try ReviewStore(path: reviews)
        #expect(try store.reviews().map(\.cardID) == [Self.q1])
        let check = try store.database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
    }
}
