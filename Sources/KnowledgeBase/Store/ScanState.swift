import Foundation
import GRDB
import GRDBSQLite

/// The files and folders as the index last saw them: what a refresh compares the disk with.
struct ScanState: Equatable {
    var files: PathListing
    var folders: PathListing
    /// Read from the stored snapshot, which a refresh may then patch in place, rather than
    /// from the tables (behind a damaged snapshot, say). Not part of what the listing is.
    private(set) var readFromSnapshot = false

    static func == (lhs: ScanState, rhs: ScanState) -> Bool { lhs.files == rhs.files && lhs.folders == rhs.folders }

    /// The listing, from its packed snapshot when there is one: this runs before every query,
    /// and the snapshot is one row where the tables are a row per path. Without it, the tables
    /// are read through the C API into packed buffers: GRDB's row decoding and a String per
    /// path would be a large share of a refresh that finds nothing to do.
    static func fetch(_ db: Database) throws -> ScanState {
        try readSnapshot(db) ?? readTables(db)
    }

    static func readTables(_ db: Database) throws -> ScanState {
        ScanState(files: try readFiles(db), folders: try readFolders(db))
    }

    /// Marks a snapshot, and tells its byte order: read back on a machine of the other order,
    /// it does not match, and the tables are read instead.
    private static let snapshotMark: Int64 = 0x6B62_2D6C_6973_7431

    /// Reads the snapshot straight from SQLite's blob into the listing's arrays: no row value
    /// and no second copy of its megabyte (at 10k files) in between.
    private static func readSnapshot(_ db: Database) throws -> ScanState? {
        guard let blob = SnapshotBlob(db) else { return nil }
        var offset = MemoryLayout<Int64>.size
        guard blob.int64s(1, at: 0) == [snapshotMark],
              let folders = PathListing(unpacking: blob, at: &offset), let files = PathListing(unpacking: blob, at: &offset),
              offset == blob.count else { return nil }
        return ScanState(files: files, folders: folders, readFromSnapshot: true)
    }

    /// Stores the packed snapshot of the listing in the tables. Every transaction that changes
    /// the file or folder tables ends with it (through `store(folders:)`), so the two never
    /// disagree.
    static func storeSnapshot(_ db: Database) throws {
        var packed: [UInt8] = []
        withUnsafeBytes(of: snapshotMark) { packed.append(contentsOf: $0) }
        let state = try readTables(db)
        state.folders.pack(into: &packed)
        state.files.pack(into: &packed)
        try db.execute(sql: "INSERT OR REPLACE INTO listingSnapshot (id, data) VALUES (1, ?)", arguments: [Data(packed)])
    }

    private static func readFolders(_ db: Database) throws -> PathListing {
        var folders = PathListing()
        try RawRows.each(db, "SELECT path, modified FROM folder") { row in
            folders.append(RawRows.bytes(row, 0), modified: sqlite3_column_double(row, 1), size: 0)
        }
        return folders
    }

    private static func readFiles(_ db: Database) throws -> PathListing {
        var files = PathListing()
        try RawRows.each(db, "SELECT path, modified, size FROM file") { row in
            files.append(RawRows.bytes(row, 0), modified: sqlite3_column_double(row, 1), size: sqlite3_column_int64(row, 2))
        }
        return files
    }

    /// Records how the folders changed, and the snapshot of the whole listing: the last step of
    /// every transaction that changes the file or folder tables. `previous` is the listing the
    /// refresh compared with, which `delta` indexes into. Returns whether the snapshot was
    /// patched in place rather than rebuilt.
    @discardableResult
    static func store(folders delta: ScanDelta, previous: ScanState, _ db: Database) throws -> Bool {
        for path in delta.folderDeletes {
            try db.cachedStatement(sql: "DELETE FROM folder WHERE path = ?").execute(arguments: [path])
        }
        for folder in delta.folderUpserts {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO folder (path, modified) VALUES (?, ?)")
                .execute(arguments: [folder.path, folder.modified])
        }
        if try patchSnapshot(previous, with: delta, db) { return true }
        try storeSnapshot(db)
        return false
    }

    /// Writes the new mtimes and sizes into the stored snapshot in place, when no path came or
    /// went: an edited note then rewrites a page or two of it, not the whole listing (a
    /// megabyte at 10k files, a quarter of a one-note refresh). The rows keep their order (the
    /// file rows are updated, not replaced; folders are ordered by path), so the patched
    /// snapshot is still the tables' listing. False when it must be rebuilt instead.
    private static func patchSnapshot(_ previous: ScanState, with delta: ScanDelta, _ db: Database) throws -> Bool {
        guard previous.readFromSnapshot, delta.added.isEmpty, delta.folderDeletes.isEmpty,
              delta.moved.allSatisfy({ $0.now != nil }), let blob = SnapshotBlob(db, writable: true) else { return false }
        let foldersStart = MemoryLayout<Int64>.size, filesStart = foldersStart + previous.folders.packedCount
        // No other process wrote since `previous` was read (`Indexer.writeIfCurrent`); the
        // size and headers are checked all the same before writing at computed offsets.
        let folderIndex = delta.folderUpserts.isEmpty ? nil : previous.folders.makeIndex()
        let folderSlots = delta.folderUpserts.compactMap { folderIndex?.index(of: $0.path) }
        guard blob.count == filesStart + previous.files.packedCount, folderSlots.count == delta.folderUpserts.count,
              blob.int64s(1, at: 0) == [snapshotMark], blob.int64s(2, at: foldersStart) == previous.folders.packedHeader,
              blob.int64s(2, at: filesStart) == previous.files.packedHeader
        else { return false }
        for (folder, slot) in zip(delta.folderUpserts, folderSlots) {
            guard blob.write(folder.modified, at: foldersStart + previous.folders.packedOffsets(of: slot).modified) else { return false }
        }
        for move in delta.moved {
            let offsets = previous.files.packedOffsets(of: move.index)
            guard let now = move.now, blob.write(now.modified, at: filesStart + offsets.modified),
                  blob.write(now.size, at: filesStart + offsets.size) else { return false }
        }
        return true
    }
}

/// The snapshot's row, open in place until this is released.
private final class SnapshotBlob: PackedBytes {
    private let handle: OpaquePointer
    let count: Int

    /// Nil when there is no snapshot row.
    init?(_ db: Database, writable: Bool = false) {
        var handle: OpaquePointer?
        guard sqlite3_blob_open(db.sqliteConnection, "main", "listingSnapshot", "data", 1, writable ? 1 : 0, &handle) == SQLITE_OK,
              let handle else {
            sqlite3_blob_close(handle)
            return nil
        }
        self.handle = handle
        count = Int(sqlite3_blob_bytes(handle))
    }

    deinit { sqlite3_blob_close(handle) }

    func copy(into destination: UnsafeMutableRawBufferPointer, from offset: Int) -> Bool {
        sqlite3_blob_read(handle, destination.baseAddress, Int32(destination.count), Int32(offset)) == SQLITE_OK
    }

    /// `count` integers from `offset` on; nil when they are not all inside the blob.
    func int64s(_ count: Int, at offset: Int) -> [Int64]? {
        guard offset >= 0, offset + count * MemoryLayout<Int64>.size <= self.count else { return nil }
        var values = [Int64](repeating: 0, count: count)
        return values.withUnsafeMutableBytes { copy(into: $0, from: offset) } ? values : nil
    }

    /// Writes `value`'s bytes at `offset`, inside the blob's current size.
    func write<T>(_ value: T, at offset: Int) -> Bool {
        withUnsafeBytes(of: value) { bytes in
            offset >= 0 && offset + bytes.count <= count
                && sqlite3_blob_write(handle, bytes.baseAddress, Int32(bytes.count), Int32(offset)) == SQLITE_OK
        }
    }
}
