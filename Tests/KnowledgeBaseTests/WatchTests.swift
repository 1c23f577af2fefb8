import Foundation
import Testing
@testable import KnowledgeBase

/// `kb watch`: a watcher vouches for an index only once it has refreshed it after every change
/// made before the query asked, and queries fall back to their own refresh without one.
@Suite(.serialized) struct WatchTests {
    /// A watcher running on its own queue until the test ends. Not a Foundation `Thread`: it
    /// releases its closure (and with it the watcher, its index connection and that
    /// connection's dispatch queue) from a thread-exit destructor, and the heap was found
    /// corrupted after that in about one run in four. `kb watch` runs on the main thread.
    final class Running: @unchecked Sendable {
        let watcher: IndexWatcher
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var reports: [IndexSummary] = []

        init(_ base: KnowledgeBase) throws {
            watcher = try IndexWatcher(base: base)
            DispatchQueue(label: "kb.tests.watcher").async { [self] in
                try? watcher.run { result in
                    if case .success(let summary) = result { lock.withLock { reports.append(summary) } }
                }
                done.signal()
            }
            // Its first refresh ends before it answers anyone.
            for _ in 0..<500 where lock.withLock({ reports.isEmpty }) { usleep(10_000) }
        }

        var refreshes: Int { lock.withLock { reports.count } }

        func stop() {
            watcher.stop()
            done.wait()
        }
    }

    /// A scratch corpus holding `files`, and where its index goes.
    private func corpus(_ files: [String: String], _ name: String = #function) throws -> (root: URL, index: String) {
        let root = try TestSupport.scratchFolder(name)
        try TestSupport.write(files, under: root)
        return (root, root.appendingPathComponent(".kb/watched.sqlite").path)
    }

    private func hits(_ base: KnowledgeBase, _ word: String) throws -> [String] {
        try base.search.search(word).hits.map(\.path)
    }

    /// What `word` finds once the query has asked the watcher, which must vouch for the index
    /// (refreshing it first if anything changed).
    private func hitsOnceAsked(_ query: KnowledgeBase, _ word: String) throws -> [String] {
        #expect(try query.refreshUnlessWatched(patience: 10_000) == nil, "the watcher did not vouch for the index")
        return try hits(query, word)
    }

    @Test func queriesSeeEveryChangeMadeBeforeTheyAsk() throws {
        let (root, index) = try corpus(["a/one.md": "---\ntitle: One\n---\nAn origin story.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let running = try Running(try KnowledgeBase(corpus: root, indexPath: index))
        defer { running.stop() }
        let query = try KnowledgeBase(corpus: root, indexPath: index)
        #expect(try hitsOnceAsked(query, "origin") == ["a/one.md"])

        // A new note, then an edit, each asked about at once: the watcher refreshes before it answers.
        try TestSupport.write(["a/two.md": "---\ntitle: Two\n---\nA zebra.\n"], under: root)
        #expect(try hitsOnceAsked(query, "zebra") == ["a/two.md"])
        try TestSupport.write(["a/one.md": "---\ntitle: One\n---\nAn origin story with a quokka.\n"], under: root)
        #expect(try hitsOnceAsked(query, "quokka") == ["a/one.md"])

        // A folder made after the watch began is watched too: an edit inside it is seen.
        try TestSupport.write(["b/c/three.md": "---\ntitle: Three\n---\nA wombat.\n"], under: root)
        #expect(try hitsOnceAsked(query, "wombat") == ["b/c/three.md"])
        try TestSupport.write(["b/c/three.md": "---\ntitle: Three\n---\nA wombat and a numbat.\n"], under: root)
        #expect(try hitsOnceAsked(query, "numbat") == ["b/c/three.md"])

        try FileManager.default.removeItem(at: root.appendingPathComponent("a/two.md"))
        #expect(try hitsOnceAsked(query, "zebra").isEmpty)
        #expect(running.refreshes >= 5)
    }

    /// A folder moved within the corpus stays watched under its new name, and one moved out
    /// of it (then changed there) neither stops the watcher nor stays in the index.
    @Test func movedFoldersStayWatched() throws {
        let (root, index) = try corpus(["a/x/one.md": "# One\nAlpha.\n", "keep.md": "# Keep\n"])
        let outside = try TestSupport.scratchFolder("outside")
        defer { [root, outside].forEach { try? FileManager.default.removeItem(at: $0) } }
        let running = try Running(try KnowledgeBase(corpus: root, indexPath: index))
        defer { running.stop() }
        let query = try KnowledgeBase(corpus: root, indexPath: index)
        try FileManager.default.moveItem(at: root.appendingPathComponent("a"), to: root.appendingPathComponent("b"))
        try TestSupport.write(["b/x/y/two.md": "# Two\nBravo.\n"], under: root)
        #expect(try hitsOnceAsked(query, "bravo") == ["b/x/y/two.md"])
        #expect(try hits(query, "alpha") == ["b/x/one.md"])

        try FileManager.default.moveItem(at: root.appendingPathComponent("b"), to: outside.appendingPathComponent("b"))
        try TestSupport.write(["b/x/z/three.md": "# Three\nCharlie.\n"], under: outside)
        try TestSupport.write(["four.md": "# Four\nDelta.\n"], under: root)
        #expect(try hitsOnceAsked(query, "alpha").isEmpty)
        #expect(try hits(query, "delta") == ["four.md"])
    }

    /// `kb index --rebuild` from another process renames a new index over the watched one: the
    /// watcher moves to the new file instead of refreshing the old one that no query reads.
    @Test func aRebuiltIndexIsTheOneTheWatcherKeepsCurrent() throws {
        let (root, index) = try corpus(["one.md": "# One\nOrigin.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let running = try Running(try KnowledgeBase(corpus: root, indexPath: index))
        defer { running.stop() }
        _ = try KnowledgeBase(corpus: root, indexPath: index, rebuild: true).refresh()
        try TestSupport.write(["two.md": "# Two\nA zebra.\n"], under: root)
        let query = try KnowledgeBase(corpus: root, indexPath: index)
        #expect(try hitsOnceAsked(query, "zebra") == ["two.md"])
    }

    @Test func withoutAWatcherQueriesRefreshThemselves() throws {
        let (root, index) = try corpus(["one.md": "# One\nOrigin.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let running = try Running(try KnowledgeBase(corpus: root, indexPath: index))
        running.stop()
        let query = try KnowledgeBase(corpus: root, indexPath: index)
        try TestSupport.write(["two.md": "# Two\nA zebra.\n"], under: root)
        let summary = try #require(try query.refreshUnlessWatched())
        #expect(summary.added == 1)
        #expect(try hits(query, "zebra") == ["two.md"])
    }

    @Test func aSecondWatcherOnTheSameIndexIsRefused() throws {
        let (root, index) = try corpus(["one.md": "# One\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let base = try KnowledgeBase(corpus: root, indexPath: index)
        let first = try IndexWatcher(base: base)
        // The same index named another way still meets the first watcher.
        let again = try KnowledgeBase(corpus: root, indexPath: root.appendingPathComponent(".kb/../.kb/watched.sqlite").path)
        #expect(throws: KBError.watcherRunning(index: again.indexPath)) { try IndexWatcher(base: again) }
        withExtendedLifetime(first) {}
    }
}
