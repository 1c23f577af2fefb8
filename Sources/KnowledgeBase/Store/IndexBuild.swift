import Foundation
import GRDB

/// A new index (the first, or one asked for with `--rebuild`) is built in a scratch file beside
/// the real one and renamed over it when complete. The scratch file has no journal and is never
/// synced: a failed or killed build is thrown away, so there is nothing to roll back to, and
/// writing every page once instead of twice (WAL, then checkpoint) is a tenth of a full index.
/// Until the rename, the previous index is untouched and other processes keep reading it.
enum IndexBuild {
    /// A scratch path no other process uses; scratch files of dead processes are removed.
    static func scratchPath(for path: String) -> String {
        removeAbandonedScratchFiles(of: path)
        return "\(path)\(marker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Closes and deletes an unfinished build.
    static func discard(_ database: DatabaseQueue, at scratch: String) {
        try? database.close()
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// Moves a finished build to `path`, replacing what was there, and opens it.
    static func install(_ database: DatabaseQueue, from scratch: String, to path: String) throws -> DatabaseQueue {
        try IndexDatabase.finishBuilding(database)
        // The old file's WAL and shared-memory index describe the old file: a WAL left beside
        // the new one would be replayed into it.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard rename(scratch, path) == 0 else {
            try? FileManager.default.removeItem(atPath: scratch)
            throw KBError.indexNotWritable(path)
        }
        return try IndexDatabase.open(path: path)
    }

    private static let marker = ".building-"

    /// Scratch files whose process is gone (a killed build) would otherwise stay forever.
    private static func removeAbandonedScratchFiles(of path: String) {
        let index = URL(fileURLWithPath: path)
        let prefix = index.lastPathComponent + marker
        let folder = index.deletingLastPathComponent().path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix(while: { $0 != "-" })) else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }
}
