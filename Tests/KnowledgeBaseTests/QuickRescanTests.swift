import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// The quick rescan reuses the last folder listing only where a folder's mtime vouches for it,
/// and otherwise finds exactly what a full walk finds.
@Suite struct QuickRescanTests {
    /// Moves every mtime under `root` (but the index folder) an hour back: a scan trusts only
    /// folders whose mtime is more than three seconds old.
    static func age(_ root: URL) throws {
        let hourAgo = Date().addingTimeInterval(-3600)
        let items = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])!
        for case let url as URL in items {
            try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: url.path)
        }
        try FileManager.default.setAttributes([.modificationDate: hourAgo], ofItemAtPath: root.path)
    }

    /// Indexes `root`, then ages it and refreshes, so the stored listing is one a scan trusts
    /// (creating the index folder itself moved the root's mtime).
    static func indexedAndAged(_ root: URL) throws -> KnowledgeBase {
        let (base, _) = try TestSupport.indexed(root)
        try age(root)
        _ = try base.refresh()
        return base
    }

    static func state(_ base: KnowledgeBase) throws -> ScanState {
        try base.database.read { db in try ScanState.fetch(db) }
    }

    /// The files on disk as the quick rescan sees them, and as a full walk sees them.
    static func bothViews(_ base: KnowledgeBase) throws -> (quick: [String]?, full: [String]) {
        let state = try state(base)
        let quick = QuickRescan(root: base.corpus, knownFolders: state.folders).finish(knownFiles: state.files)
        let full = CorpusScanner(root: base.corpus).scan().files.map(\.path).sorted()
        let quickPaths = quick.map { delta in
            let gone = Set(delta.moved.filter { $0.now == nil }.map(\.index))
            let kept = (0..<state.files.count).filter { !gone.contains($0) }.map(state.files.path(at:))
            return (kept + delta.added.map(\.path)).sorted()
        }
        return (quickPaths, full)
    }

    @Test func aStillCorpusIsCheckedWithoutListingAnyFolder() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a/x.md": "# X\n", "a/b/y.md": "# Y\n", "top.md": "# Top\n"], under: root)
        let base = try Self.indexedAndAged(root)
        let state = try Self.state(base)
        #expect(Set(state.folders.files.map(\.path)) == ["", "a", "a/b"])
        #expect(state.folders.modified.allSatisfy { $0 != 0 })
        let delta = try #require(QuickRescan(root: base.corpus, knownFolders: state.folders).finish(knownFiles: state.files))
        #expect(delta.added.isEmpty && delta.folderUpserts.isEmpty && delta.folderDeletes.isEmpty)
        #expect(delta.moved.isEmpty)
    }

    @Test func addedEditedAndDeletedNotesAreFoundAsAFullWalkFindsThem() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a/x.md": "# X\n", "a/b/y.md": "# Y\n", "c/z.md": "# Z\nold\n", "top.md": "# Top\n"], under: root)
        let base = try Self.indexedAndAged(root)

        try TestSupport.write(["a/new.md": "# New\n", "d/e/deep.md": "# Deep\n", "c/z.md": "# Z\nnewer words\n"], under: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("top.md"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("a/b"))
        let views = try Self.bothViews(base)
        #expect(views.quick == views.full)
        #expect(views.full == ["a/new.md", "a/x.md", "c/z.md", "d/e/deep.md"])

        let summary = try base.refresh()
        #expect(summary.added == 2)
        #expect(summary.updated == 1)
        #expect(summary.removed == 2)
        #expect(try base.search.search("newer").hits.map(\.path) == ["c/z.md"])
        #expect(Set(try Self.state(base).folders.files.map(\.path)) == ["", "a", "c", "d", "d/e"])
    }

    @Test func aFolderChangedTooRecentlyToTrustIsListedAgain() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a/x.md": "# X\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        // Just written: a change in the same clock tick could leave the mtime equal.
        #expect(try Self.state(base).folders.modified.allSatisfy { $0 == 0 })
        try TestSupport.write(["a/y.md": "# Y\n"], under: root)
        let views = try Self.bothViews(base)
        #expect(views.quick == ["a/x.md", "a/y.md"])
        #expect(try base.refresh().added == 1)
    }

    @Test func aFolderThatBecameAFileSendsTheScanBackToAFullWalk() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a/x.md": "# X\n", "b/y.md": "# Y\n"], under: root)
        let base = try Self.indexedAndAged(root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("a"))
        try TestSupport.write(["a": "not a folder\n"], under: root)
        #expect(try Self.bothViews(base).quick == nil)
        let summary = try base.refresh()
        #expect(summary.removed == 1)
        #expect(summary.notes == 1)
    }

    @Test func aCorpusWithSymlinksIsAlwaysWalkedInFull() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["real/x.md": "# X\n"], under: root)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("alias").path, withDestinationPath: "real")
        let base = try Self.indexedAndAged(root)
        #expect(try Self.state(base).folders.isEmpty)
        #expect(try Self.bothViews(base).quick == nil)
        try TestSupport.write(["real/y.md": "# Y\n"], under: root)
        #expect(try base.refresh().added == 1)
    }

    @Test func packedListingKeepsPathsAndFindsThemByBytes() {
        let files = [ScannedFile(path: "", modified: 1, size: 0), ScannedFile(path: "a/é.md", modified: 2.5, size: 7),
                     ScannedFile(path: "a/b", modified: 3, size: 0)]
        let listing = PathListing(files)
        #expect(listing.files == files)
        let index = listing.makeIndex()
        #expect(index.contains("") && index.contains("a/é.md") && index.contains("a/b"))
        #expect(!index.contains("a") && !index.contains("a/b/") && !index.contains("A/B"))
    }
}
