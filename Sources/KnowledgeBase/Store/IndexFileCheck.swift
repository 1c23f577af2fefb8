import Foundation
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// Tells a kb index from every other file before kb writes a byte to it: `--db app.sqlite`
/// must not add kb's tables to an application's database, nor switch it to WAL.
///
/// A kb index is marked in its header: `PRAGMA application_id` holds `applicationID`, and
/// `PRAGMA user_version` the schema version (`IndexSchema.version`). Both are read from the
/// file's first 100 bytes, so the check costs one read per command. Indexes made before the
/// mark are recognised by their `meta` table, read through an immutable connection that writes
/// nothing; like any index of an older schema, they are built anew.
enum IndexFileCheck {
    /// "KBIX".
    static let applicationID: Int32 = 0x4B42_4958
    /// The one index format this kb reads: its schema version.
    static let format: Int32 = IndexSchema.version

    enum Verdict: Equatable {
        /// No file: a new index is built there.
        case absent
        /// An empty file, or an SQLite file without a single table: kb may fill it.
        case empty
        /// kb's own index, of this kb's schema.
        case index
        /// kb's own index of an older schema (or from before the mark): a cache to build anew.
        case outdated
    }

    /// - Parameter replacing: the file is about to be replaced by a new build, so a kb index of
    ///   a newer format is fine: it is only a cache of the notes.
    static func check(_ path: String, replacing: Bool = false) throws -> Verdict {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .absent }
            throw KBError.indexNotReadable(path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw KBError.indexIsFolder(path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw KBError.notAnIndex(path: path, reason: "it is not a regular file") }
        if info.st_size == 0 { return .empty }
        guard let header = readHeader(path) else {
            throw KBError.indexNotReadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw KBError.notAnIndex(path: path, reason: "it is not an SQLite database")
        }
        func int32(at offset: Int) -> Int32 {
            Int32(bitPattern: header[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        let (id, version) = (int32(at: 68), int32(at: 60))
        if id == applicationID {
            if version > format, !replacing { throw KBError.newerIndex(path: path, format: Int(version), readable: Int(format)) }
            return version == format ? .index : .outdated
        }
        guard id == 0 else { throw KBError.notAnIndex(path: path, reason: "it belongs to another program (application id \(id))") }
        return try inspectUnmarked(path)
    }

    private static func readHeader(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 100, 0) }
        return count < 0 ? nil : Array(header[..<count])
    }

    /// An SQLite file without kb's mark: kb's (outdated) if it has kb's `meta` row and
    /// migration table (an index from before the mark), free if it has no table at all, else
    /// another program's. Read with
    /// `immutable=1`, which takes no lock and creates no journal or shared-memory file.
    private static func inspectUnmarked(_ path: String) throws -> Verdict {
        var handle: OpaquePointer?
        defer { sqlite3_close_v2(handle) }
        let uri = "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
        guard sqlite3_open_v2(uri, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK else {
            throw KBError.notAnIndex(path: path, reason: "SQLite cannot open it")
        }
        func count(_ sql: String) -> Int? {
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement) }
            guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK,
                  sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return Int(sqlite3_column_int64(statement, 0))
        }
        guard let tables = count("SELECT count(*) FROM sqlite_master") else {
            throw KBError.notAnIndex(path: path, reason: "SQLite cannot read it")
        }
        if tables == 0 { return .empty }
        if count("SELECT count(*) FROM meta WHERE key = 'parserVersion'") == 1,
           count("SELECT count(*) FROM sqlite_master WHERE name = 'grdb_migrations'") == 1 {
            return .outdated
        }
        throw KBError.notAnIndex(path: path, reason: "it is another program's SQLite database")
    }
}
