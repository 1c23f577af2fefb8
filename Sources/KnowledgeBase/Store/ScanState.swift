import Foundation
import GRDB
import GRDBSQLite

/// The files and folders as the index last saw them: what a refresh compares the disk with.
struct ScanState {
    var files: PathListing
    var folders: PathListing

    /// Reads the stored listing and compares the corpus with it. The listing is read through
    /// the C API into packed buffers: this runs before every query, on every file, and GRDB's
    /// row decoding plus a String per path was a third of the refresh. The hashes stay behind
    /// (only files whose mtime or size moved need theirs).
    static func compare(_ db: Database, with corpus: URL) throws -> (ScanState, ScanDelta) {
        let state = try fetch(db)
        let delta = QuickRescan(root: corpus).compare(folders: state.folders, files: state.files)
            ?? ScanDelta(scan: CorpusScanner(root: corpus).scan(), knownFiles: state.files, knownFolders: state.folders)
        return (state, delta)
    }

    static func fetch(_ db: Database) throws -> ScanState {
        ScanState(files: try readFiles(db), folders: try readFolders(db))
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
