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
        let quick = QuickRescan(root: base.corpus).compare(folders: state.folders, files: state.files)
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
        let delta = try #require(QuickRescan(root: base.corpus).compare(folders: state.folders, files: state.files))
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

    @Test func aPackedListingReadsBackAndDamagedBytesAreRefused() {
        let files = [ScannedFile(path: "", modified: 1, size: 0), ScannedFile(path: "a/é.md", modified: 2.5, size: 7)]
        var packed: [UInt8] = []
        PathListing(files).pack(into: &packed)
        PathListing([]).pack(into: &packed)
        packed.withUnsafeBytes { bytes in
            var offset = 0
            #expect(PathListing(unpacking: bytes, at: &offset)?.files == files)
            #expect(PathListing(unpacking: bytes, at: &offset)?.isEmpty == true)
            #expect(offset == bytes.count)
            for cut in [1, 9, 40, bytes.count - 17] {
                var start = 0
                #expect(PathListing(unpacking: UnsafeRawBufferPointer(rebasing: bytes.prefix(cut)), at: &start) == nil, "cut at \(cut)")
            }
        }
        // A path must end (NUL) right before the next one starts, or a read could run past it.
        var joined: [UInt8] = []
        PathListing([ScannedFile(path: "", modified: 1, size: 0), ScannedFile(path: "b", modified: 1, size: 0)]).pack(into: &joined)
        joined[joined.count - 3] = UInt8(ascii: "x")  // the paths' bytes end with "\0b\0"
        joined.withUnsafeBytes { bytes in
            var offset = 0
            #expect(PathListing(unpacking: bytes, at: &offset) == nil)
        }
    }

    @Test func aDamagedListingSnapshotIsReadFromTheTablesAndWrittenAgain() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a/x.md": "# X\n", "top.md": "# Top\n"], under: root)
        let base = try Self.indexedAndAged(root)
        let tables = try base.database.read { db in try ScanState.readTables(db) }
        for damage in [Data(), Data("not a listing".utf8), Data(repeating: 0xFF, count: 64)] {
            try base.database.write { db in
                try db.execute(sql: "UPDATE listingSnapshot SET data = ?", arguments: [damage])
            }
            #expect(try base.database.read { db in try ScanState.fetch(db) } == tables)
            #expect(try base.refresh().unchanged == 2)
        }
        try TestSupport.write(["a/y.md": "# Y\n"], under: root)
        #expect(try base.refresh().added == 1)
        let (snapshot, tables2, stored) = try base.database.read { db in
            (try ScanState.fetch(db), try ScanState.readTables(db), try Data.fetchOne(db, sql: "SELECT data FROM listingSnapshot"))
        }
        #expect(snapshot == tables2 && snapshot.files.count == 3)
        #expect((stored?.count ?? 0) > 64)
    }

    /// An edit in place, a touch and a folder whose mtime moved change no path: the snapshot is
    /// patched where those mtimes and sizes are, and still reads as the tables' listing.
    @Test func changesThatKeepEveryPathPatchTheSnapshotInPlace() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a/x.md": "# X\n", "a/y.md": "# Y\n", "top.md": "# Top\n"], under: root)
        let base = try Self.indexedAndAged(root)
        let rows = { try base.database.read { db in try Row.fetchAll(db, sql: "SELECT rowid, path FROM file ORDER BY rowid") } }
        let rowsBefore = try rows()
        func expectSnapshotIsTables(_ step: String) throws {
            let (snapshot, tables) = try base.database.read { db in (try ScanState.fetch(db), try ScanState.readTables(db)) }
            #expect(snapshot == tables && snapshot.readFromSnapshot, "\(step)")
        }
        try TestSupport.write(["a/x.md": "# X\nedited in place\n"], under: root)
        #expect(try base.refresh().updated == 1)
        try expectSnapshotIsTables("edit")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)],
                                              ofItemAtPath: root.appendingPathComponent("top.md").path)
        #expect(try base.refresh().unchanged == 3)
        try expectSnapshotIsTables("touch")
        try TestSupport.write(["a/notes.txt": "not a note"], under: root)
        #expect(try base.refresh().unchanged == 3)
        try expectSnapshotIsTables("folder mtime")
        #expect(try rows() == rowsBefore, "an updated file keeps its row, and its place in the listing")
        let again = try base.refresh()
        #expect(again.unchanged == 3 && !again.changedNotes)

        // Directly: the in-place path is taken for an edit, and a new path rebuilds instead.
        for (change, patches) in [("a/y.md", true), ("a/new.md", false)] {
            let state = try Self.state(base)
            try TestSupport.write([change: "# Changed \(change)\n"], under: root)
            let delta = try #require(QuickRescan(root: base.corpus).compare(folders: state.folders, files: state.files))
            let patched = try base.database.write { db in
                for move in delta.moved {
                    try db.execute(sql: "UPDATE file SET modified = ?, size = ? WHERE path = ?",
                                   arguments: [move.now?.modified, move.now?.size, state.files.path(at: move.index)])
                }
                for file in delta.added {
                    try db.execute(sql: "INSERT INTO file (path, modified, size, hash) VALUES (?, ?, ?, '')",
                                   arguments: [file.path, file.modified, file.size])
                }
                return try ScanState.store(folders: delta, previous: state, db)
            }
            #expect(patched == patches, "\(change)")
            try expectSnapshotIsTables(change)
        }
    }

    /// Random adds, deletes, renames, moves and edits; after each round the quick rescan must
    /// see exactly the files a full walk sees, and the refresh must agree.
    @Test func randomChangesAreSeenAsAFullWalkSeesThem() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        var files: [String: String] = [:]
        for folder in 0..<6 {
            for note in 0..<3 { files["f\(folder)/n\(note).md"] = "# Note \(folder) \(note)\n" }
        }
        files["top.md"] = "# Top\n"
        try TestSupport.write(files, under: root)
        let base = try Self.indexedAndAged(root)
        var random = SplitMix(seed: 42)
        let manager = FileManager.default
        for round in 1...25 {
            var touchedFolders = Set<String>()
            for op in 0..<3 {
                let tag = "\(round)_\(op)"
                let paths = files.keys.sorted()
                let path = paths[random.next(below: paths.count)]
                let folder = (path as NSString).deletingLastPathComponent
                switch random.next(below: 6) {
                case 0:  // a new note beside an existing one
                    let new = (folder.isEmpty ? "" : folder + "/") + "added\(tag).md"
                    files[new] = "# Added \(round)\n"
                    try TestSupport.write([new: files[new]!], under: root)
                    touchedFolders.insert(folder)
                case 1:  // a new folder with a note, under an existing folder
                    let new = (folder.isEmpty ? "" : folder + "/") + "sub\(tag)/deep.md"
                    files[new] = "# Deep \(round)\n"
                    try TestSupport.write([new: files[new]!], under: root)
                    touchedFolders.insert(folder)
                case 2 where files.count > 3:  // a deleted note
                    files[path] = nil
                    try manager.removeItem(at: root.appendingPathComponent(path))
                    touchedFolders.insert(folder)
                case 3:  // a renamed note
                    let renamed = (folder.isEmpty ? "" : folder + "/") + "renamed\(tag).md"
                    files[renamed] = files.removeValue(forKey: path)
                    try manager.moveItem(at: root.appendingPathComponent(path), to: root.appendingPathComponent(renamed))
                    touchedFolders.insert(folder)
                case 4:  // a note moved to the top
                    let moved = "moved\(tag).md"
                    files[moved] = files.removeValue(forKey: path)
                    try manager.moveItem(at: root.appendingPathComponent(path), to: root.appendingPathComponent(moved))
                    touchedFolders.formUnion([folder, ""])
                default:  // an edit in place: no folder changes
                    files[path]! += "more words \(round)\n"
                    try TestSupport.write([path: files[path]!], under: root)
                }
            }
            // Changed folders get an old mtime of their own, so they are trusted next time and
            // every other folder keeps the mtime the index stored.
            let old = Date().addingTimeInterval(-3600 + Double(round))
            for folder in touchedFolders where manager.fileExists(atPath: root.appendingPathComponent(folder).path) {
                try manager.setAttributes([.modificationDate: old], ofItemAtPath: root.appendingPathComponent(folder).path)
            }
            let views = try Self.bothViews(base)
            #expect(views.quick == views.full, "round \(round)")
            #expect(views.full == files.keys.sorted(), "round \(round)")
            #expect(try base.refresh().notes == files.count, "round \(round)")
            // The snapshot the next check reads is the listing the tables hold.
            let (snapshot, tables) = try base.database.read { db in (try ScanState.fetch(db), try ScanState.readTables(db)) }
            #expect(snapshot == tables, "round \(round)")
        }
    }
}

/// A small seeded generator, so the random test makes the same changes on every run.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
