import Foundation
import GRDB
import GRDBSQLite

/// The files and folders as the index last saw them: what a refresh compares the disk with.
struct ScanState: Equatable {
    var files: PathListing
    var folders: PathListing

    /// The listing, from its packed snapshot when there is one: this runs before every query,
    /// and the snapshot is one row where the tables are a row per path (1.0 ms against 2.4 at
    /// 10k files). Without it, the tables are read through the C API into packed buffers:
    /// GRDB's row decoding plus a String per path was a third of the refresh.
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
        var mark: Int64 = 0, offset = MemoryLayout<Int64>.size
        guard blob.count >= offset, withUnsafeMutableBytes(of: &mark, { blob.copy(into: $0, from: 0) }), mark == snapshotMark,
              let folders = PathListing(unpacking: blob, at: &offset), let files = PathListing(unpacking: blob, at: &offset),
              offset == blob.count else { return nil }
        return ScanState(files: files, folders: folders)
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
    /// every transaction that changes the file or folder tables.
    static func store(folders delta: ScanDelta, _ db: Database) throws {
        for path in delta.folderDeletes {
            try db.cachedStatement(sql: "DELETE FROM folder WHERE path = ?").execute(arguments: [path])
        }
        for folder in delta.folderUpserts {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO folder (path, modified) VALUES (?, ?)")
                .execute(arguments: [folder.path, folder.modified])
        }
        try storeSnapshot(db)
    }
}

/// The snapshot's row, open for reading in place until this is released.
private final class SnapshotBlob: PackedBytes {
    private let handle: OpaquePointer
    let count: Int

    /// Nil when there is no snapshot row.
    init?(_ db: Database) {
        var handle: OpaquePointer?
        guard sqlite3_blob_open(db.sqliteConnection, "main", "listingSnapshot", "data", 1, 0, &handle) == SQLITE_OK,
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
}
