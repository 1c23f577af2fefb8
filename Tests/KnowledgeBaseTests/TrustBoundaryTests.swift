import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// Nothing outside the corpus root is read, whatever the files do meanwhile (issue 20, item 1).
@Suite(.serialized) struct TrustBoundaryTests {
    static let secret = """
        ---
        title: Zebraleak Outside
        ---
        # Zebraleak Outside
        - **Zebraleak Term:** zebraleak definition
        zebraleak body words

        ## Questions
        ### Q1
        **Which zebraleak?**
        - A) zebraleak one
        - B) two
        """

    /// A corpus with `victim.md`, and a secret file outside it.
    static func corpusWithVictim() throws -> (root: URL, corpus: URL, outside: URL) {
        let root = try TestSupport.scratchFolder()
        let corpus = root.appendingPathComponent("corpus"), outside = root.appendingPathComponent("outside/secret.md")
        try TestSupport.write(["corpus/victim.md": "# Victim\nplain words\n", "corpus/other.md": "# Other\n[victim](victim.md)\n",
                               "outside/secret.md": secret], under: root)
        return (root, corpus, outside)
    }

    /// Every stored text that could carry the secret: titles, terms, searchable words, warnings.
    static func indexLeaks(_ base: KnowledgeBase) throws -> Bool {
        try base.database.read { db in
            let titles = try String.fetchAll(db, sql: "SELECT title FROM note UNION ALL SELECT name FROM term UNION ALL SELECT stem FROM question")
            let words = try Int.fetchOne(db, sql: "SELECT count(*) FROM noteSearch WHERE noteSearch MATCH 'zebraleak'") ?? 0
            return words > 0 || titles.contains { $0.lowercased().contains("zebraleak") }
        }
    }

    @Test func aNoteSwappedForASymlinkOutsideIsNeverReadByShow() throws {
        let (root, corpus, outside) = try Self.corpusWithVictim()
        defer { try? FileManager.default.removeItem(at: root) }
        let (base, _) = try TestSupport.indexed(corpus)
        let ref = try base.note(named: "victim")
        let victim = corpus.appendingPathComponent("victim.md")
        try FileManager.default.removeItem(at: victim)
        try FileManager.default.createSymbolicLink(at: victim, withDestinationURL: outside)
        #expect(throws: KBError.noteFileOutsideCorpus("victim.md")) { _ = try base.document(of: ref) }
        // A folder above the note swapped for a symlink is caught the same way.
        try TestSupport.write(["corpus/sub/inner.md": "# Inner\n"], under: root)
        _ = try base.refresh()
        let inner = try base.note(named: "sub/inner")
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("sub"))
        try FileManager.default.createSymbolicLink(at: corpus.appendingPathComponent("sub"),
                                                   withDestinationURL: outside.deletingLastPathComponent())
        try "# Inner\nzebraleak\n".write(to: outside.deletingLastPathComponent().appendingPathComponent("inner.md"), atomically: true, encoding: .utf8)
        #expect(throws: KBError.noteFileOutsideCorpus("sub/inner.md")) { _ = try base.document(of: inner) }
        // A symlink that stays inside the corpus is still a note.
        try "# Linked Inside\n".write(to: corpus.appendingPathComponent("real.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: corpus.appendingPathComponent("alias.md"),
                                                   withDestinationURL: corpus.appendingPathComponent("real.md"))
        _ = try base.refresh()
        #expect(try base.document(of: base.note(named: "alias.md")).title == "Linked Inside")
        #expect(try !Self.indexLeaks(base))
    }

    /// A thread swaps `victim.md` between a regular file and a symlink to the secret while
    /// refreshes and `show` run: not one byte of the secret is shown or stored.
    @Test func swappingANoteWithASymlinkDuringRefreshesLeaksNothing() throws {
        let (root, corpus, outside) = try Self.corpusWithVictim()
        defer { try? FileManager.default.removeItem(at: root) }
        let (base, _) = try TestSupport.indexed(corpus)
        let swapper = Swapper(victim: corpus.appendingPathComponent("victim.md"), outside: outside)
        // A queue, not a Foundation Thread: see WatchTests.Running for the heap damage that
        // followed a Thread's exit here.
        DispatchQueue(label: "kb.tests.swapper").async { swapper.run() }
        defer { swapper.stop() }
        var shown = 0, refused = 0
        for round in 0..<300 {
            // Half the rounds check through the fast rescan, half walk the folder in full.
            if round % 2 == 0 { _ = try base.refresh() } else { _ = try Indexer(corpus: corpus, database: base.database).refresh() }
            if let ref = try? base.note(named: "victim.md") {
                do {
                    let note = try base.document(of: ref)
                    shown += 1
                    let text = note.title + note.terms.map(\.name).joined() + note.questions.map(\.stem).joined()
                        + note.sections.map(\.text).joined() + note.body
                    #expect(!text.lowercased().contains("zebraleak"), "round \(round) showed the outside file")
                } catch {
                    refused += 1
                }
            }
            #expect(try !Self.indexLeaks(base), "round \(round) stored the outside file")
        }
        swapper.stop()
        #expect(swapper.swaps > 100, "the swapping thread ran")
        #expect(shown + refused > 0)
    }

    /// The tester's own race, through the `kb` binary: `kb show` (refreshing first) and
    /// `kb index` run 200 times each while the note is swapped; neither prints nor stores the
    /// outside file.
    @Test func theCLIShowsAndStoresNothingFromOutsideDuringTheSwap() throws {
        let (root, corpus, outside) = try Self.corpusWithVictim()
        defer { try? FileManager.default.removeItem(at: root) }
        let db = root.appendingPathComponent("index.sqlite").path
        #expect(try CLITests.kb(["index", corpus.path, "--db", db]).status == 0)
        let swapper = Swapper(victim: corpus.appendingPathComponent("victim.md"), outside: outside)
        DispatchQueue(label: "kb.tests.swapper").async { swapper.run() }
        defer { swapper.stop() }
        var shown = 0
        for round in 0..<200 {
            let show = try CLITests.kb(["show", "victim.md", "--corpus", corpus.path, "--db", db, "--json"])
            if show.status == 0 { shown += 1 }
            #expect(!(show.stdout + show.stderr).lowercased().contains("zebraleak"), "round \(round): kb show printed the outside file")
            let index = try CLITests.kb(["index", corpus.path, "--db", db, "--json"])
            #expect(!index.stdout.lowercased().contains("zebraleak"))
            let base = try KnowledgeBase(corpus: corpus, indexPath: db)
            #expect(try !Self.indexLeaks(base), "round \(round): kb index stored the outside file")
        }
        swapper.stop()
        #expect(shown > 0, "some rounds found the note as a regular file")
    }

    /// Swaps a file for a symlink and back, atomically (rename over it), until stopped.
    final class Swapper: @unchecked Sendable {
        let victim: URL, outside: URL
        private let lock = NSLock()
        private var stopped = false
        private var count = 0
        private let done = DispatchSemaphore(value: 0)

        init(victim: URL, outside: URL) { (self.victim, self.outside) = (victim, outside) }

        var swaps: Int { lock.withLock { count } }

        func run() {
            let folder = victim.deletingLastPathComponent()
            // Hidden names: the scanner never lists them.
            let regular = folder.appendingPathComponent(".swap-regular").path, link = folder.appendingPathComponent(".swap-link").path
            var asLink = true
            while !lock.withLock({ stopped }) {
                if asLink {
                    unlink(link)
                    symlink(outside.path, link)
                    rename(link, victim.path)
                } else {
                    _ = FileManager.default.createFile(atPath: regular, contents: Data("# Victim\nplain words \(count)\n".utf8))
                    rename(regular, victim.path)
                }
                asLink.toggle()
                lock.withLock { count += 1 }
            }
            done.signal()
        }

        func stop() {
            guard !lock.withLock({ defer { stopped = true }; return stopped }) else { return }
            done.wait()
        }
    }
}

/// kb writes only to its own index files and folders (issue 20, items 3 and 4).
@Suite(.serialized) struct IndexOwnershipTests {
    static func corpus() throws -> URL {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write(["corpus/note.md": "# Note\nsome words\n"], under: root)
        return root
    }

    /// The bytes of a file and of every file beside it named after it (-wal, -shm, …).
    static func snapshot(_ path: String) throws -> [String: Data] {
        let url = URL(fileURLWithPath: path), folder = url.deletingLastPathComponent()
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix(url.lastPathComponent) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftAsItWas() throws {
        let root = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus").path
        let app = root.appendingPathComponent("app.sqlite").path
        let queue = try DatabaseQueue(path: app)
        try queue.write { db in try db.execute(sql: "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoice VALUES (1, 9.5)") }
        try queue.close()
        let before = try Self.snapshot(app)
        for command in [["stats"], ["search", "words"], ["index"], ["index", "--rebuild"], ["watch"]] {
            let run = try CLITests.kb(command + ["--corpus", corpus, "--db", app])
            #expect(run.status == 2, "\(command): exit \(run.status)")
            #expect(run.stderr.contains("not a kb index"), "\(command): \(run.stderr)")
            #expect(try Self.snapshot(app) == before, "\(command) changed the file")
        }
        // Not SQLite at all.
        let text = root.appendingPathComponent("notes.txt").path
        try "plain text, not a database".write(toFile: text, atomically: true, encoding: .utf8)
        let refused = try CLITests.kb(["stats", "--corpus", corpus, "--db", text])
        #expect(refused.status == 2 && refused.stderr.contains("not an SQLite database"))
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "plain text, not a database")
        // An empty file is a place for a new index.
        let empty = root.appendingPathComponent("empty.sqlite").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try CLITests.kb(["stats", "--corpus", corpus, "--db", empty]).status == 0)
    }

    @Test func kbIndexesCarryTheMarkAndOlderUnmarkedOnesAreRebuilt() throws {
        let root = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus")
        let path = root.appendingPathComponent("index.sqlite").path
        _ = try KnowledgeBase(corpus: corpus, indexPath: path).refresh()
        let header = try #require(FileHandle(forReadingAtPath: path)?.readData(ofLength: 100))
        #expect(Array(header[68..<72]) == [0x4B, 0x42, 0x49, 0x58], "application_id is KBIX")
        #expect(try IndexFileCheck.check(path) == .index)
        // An index from before the mark (it has the migrations table those had): recognised as
        // kb's, and built anew with the mark.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = 0; PRAGMA user_version = 0")
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try queue.close()
        #expect(try IndexFileCheck.check(path) == .outdated)
        let base = try KnowledgeBase(corpus: corpus, indexPath: path)
        _ = try base.refresh()
        #expect(try base.database.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } == IndexFileCheck.applicationID)
        #expect(try base.database.read { db in try db.tableExists("grdb_migrations") } == false)
        #expect(try IndexFileCheck.check(path) == .index)
    }

    /// The index is a cache of the notes: one of an older schema version is built anew, from
    /// the corpus it records, and answers as before.
    @Test func anOlderSchemaIsRebuiltNotMigrated() throws {
        let root = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus")
        let path = root.appendingPathComponent("index.sqlite").path
        let first = try KnowledgeBase(corpus: corpus, indexPath: path)
        _ = try first.refresh()
        let notes = try first.graph.stats().notes
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA user_version = \(IndexSchema.version - 1); DROP TABLE fact; PRAGMA wal_checkpoint(TRUNCATE)")
        }
        try queue.close()
        #expect(try IndexFileCheck.check(path) == .outdated)
        // Named only as a default: the recorded corpus is the one rebuilt from.
        let base = try KnowledgeBase(corpus: root.appendingPathComponent("elsewhere"), indexPath: path, corpusIsDefault: true)
        #expect(base.corpus.standardizedFileURL == corpus.standardizedFileURL)
        let summary = try base.refresh()
        #expect(summary.added == notes)
        #expect(try base.graph.stats().notes == notes)
        #expect(try IndexFileCheck.check(path) == .index)
    }

    /// An index of a format newer than this kb reads is refused with a message naming the
    /// format; `kb index --rebuild` replaces it, since it is kb's own cache.
    @Test func aNewerIndexFormatIsRefusedUntilRebuilt() throws {
        let root = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus").path
        let db = root.appendingPathComponent("index.sqlite").path
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        let queue = try DatabaseQueue(path: db)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 999; PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let refused = try CLITests.kb(["search", "words", "--corpus", corpus, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("index format 999") && refused.stderr.contains("--rebuild"), "\(refused.stderr)")
        #expect(try CLITests.kb(["index", corpus, "--db", db, "--rebuild"]).status == 0)
        #expect(try CLITests.kb(["search", "words", "--corpus", corpus, "--db", db]).status == 0)
    }

    /// Runs kb in `folder`, as a user does from a folder that has ./corpus.
    static func kb(_ arguments: [String], in folder: URL) throws -> CLITests.Run {
        var environment = ProcessInfo.processInfo.environment
        environment["KB_CORPUS"] = nil
        return try CLITests.run(CLITests.binary, arguments, environment: environment, in: folder)
    }

    /// `--db` without `--corpus` keeps the index's own corpus, even from a folder that has
    /// ./corpus; another corpus named is refused until `kb index --rebuild`.
    @Test func anIndexGivenByPathKeepsItsCorpus() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["first/alpha.md": "# Alpha\nfirstonly words\n", "elsewhere/corpus/beta.md": "# Beta\nsecondonly words\n"],
                              under: root)
        let first = root.appendingPathComponent("first").path, elsewhere = root.appendingPathComponent("elsewhere")
        let db = root.appendingPathComponent("other.sqlite").path
        #expect(try Self.kb(["index", first, "--db", db], in: root).status == 0)
        // From a folder with ./corpus: the index's corpus answers, and ./corpus is not indexed into it.
        #expect(try Self.kb(["search", "firstonly", "--db", db], in: elsewhere).status == 0)
        #expect(try Self.kb(["search", "secondonly", "--db", db], in: elsewhere).status == 1)
        let notes = try DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "SELECT path FROM note") }
        #expect(notes == ["alpha.md"])
        // Another corpus, named: refused, and the index is left as it was.
        let other = elsewhere.appendingPathComponent("corpus").path
        for command in [["search", "words"], ["index"], ["stats"]] {
            let refused = try Self.kb(command + ["--corpus", other, "--db", db], in: root)
            #expect(refused.status == 2, "\(command)")
            #expect(refused.stderr.contains("--rebuild"), "\(command): \(refused.stderr)")
        }
        #expect(try Self.kb(["index", other, "--db", db], in: root).status == 2)
        // The same corpus by another spelling is the same corpus.
        #expect(try Self.kb(["search", "firstonly", "--corpus", "first/../first/", "--db", db], in: root).status == 0)
        // A rebuild makes it the other corpus's index.
        #expect(try Self.kb(["index", other, "--db", db, "--rebuild"], in: root).status == 0)
        #expect(try Self.kb(["search", "secondonly", "--db", db], in: root).status == 0)
    }

    @Test func aDBInAFolderThatDoesNotExistIsAnError() throws {
        let root = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = root.appendingPathComponent("no/such/folder")
        let run = try Self.kb(["search", "words", "--corpus", "corpus", "--db", missing.appendingPathComponent("x.sqlite").path], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("does not exist"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("no").path), "no folder made")
        // The default index folder inside the corpus is still made.
        #expect(try Self.kb(["search", "words", "--corpus", "corpus"], in: root).status == 0)
    }
}
