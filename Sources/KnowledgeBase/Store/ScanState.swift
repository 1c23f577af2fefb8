import Foundation
import GRDB
import GRDBSQLite

/// The files and folders as the index last saw them: what a refresh compares the disk with.
struct ScanState {
    var files: PathListing
    var folders: PathListing

    /// Read through the C API into packed listings: this runs before every query, on every
    /// file, and GRDB's row decoding plus a String per path was a third of the refresh. The hashes stay behind (only files whose mtime or
    /// size moved need theirs).
    static func fetch(_ db: Database) throws -> ScanState {
        var files = PathListing()
        try eachRow(db, "SELECT path, modified, size FROM file") { row in
            files.append(text(row, 0), modified: sqlite3_column_double(row, 1), size: sqlite3_column_int64(row, 2))
        }
        var folders = PathListing()
        try eachRow(db, "SELECT path, modified FROM folder") { row in
            folders.append(text(row, 0), modified: sqlite3_column_double(row, 1), size: 0)
        }
        return ScanState(files: files, folders: folders)
    }

    private static func eachRow(_ db: Database, _ sql: String, _ body: (OpaquePointer) -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            body(handle)
        }
    }

    /// The column's UTF-8 bytes, valid until the next step.
    private static func text(_ row: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: sqlite3_column_text(row, column), count: Int(sqlite3_column_bytes(row, column)))
    }

    /// Compares the corpus with this state, reusing the folder listing when it can.
    func compare(with corpus: URL) -> ScanDelta {
        QuickRescan(root: corpus, knownFiles: files, knownFolders: folders).scan()
            ?? ScanDelta(scan: CorpusScanner(root: corpus).scan(), knownFiles: files, knownFolders: folders)
    }

    static func write(folders delta: ScanDelta, _ db: Database) throws {
        for path in delta.folderDeletes {
            try db.cachedStatement(sql: "DELETE FROM folder WHERE path = ?").execute(arguments: [path])
        }
        for folder in delta.folderUpserts {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO folder (path, modified) VALUES (?, ?)")
                .execute(arguments: [folder.path, folder.modified])
        }
    }
}
