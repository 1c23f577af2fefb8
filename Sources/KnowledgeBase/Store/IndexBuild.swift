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

    /// Scratch files whose process is gone (a killed build) would otherwise stay forever; every
    /// run that may write beside the index removes them. A scratch file is its builder's while
    /// a process of that id runs and started before the file was last written: an id reused
    /// by a later process does not keep it.
    static func removeAbandonedScratchFiles(of path: String) {
        let index = URL(fileURLWithPath: path)
        let prefix = index.lastPathComponent + marker
        let folder = index.deletingLastPathComponent().path
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = String(cString: directoryEntryName(entry))
            guard name.hasPrefix(prefix),
                  let pid = Int32(name.dropFirst(prefix.count).prefix(while: { $0 != "-" })) else { continue }
            let file = folder + "/" + name
            if !isRunning(pid, since: file) { unlink(file) }
        }
    }

    /// Whether process `pid` runs and started no later than `file` was last written.
    private static func isRunning(_ pid: Int32, since file: String) -> Bool {
        if kill(pid, 0) != 0, errno == ESRCH { return false }
        var scratch = stat()
        guard let started = startTime(of: pid), stat(file, &scratch) == 0 else { return true }
        // A second of slack: the boot time and the start are whole seconds and ticks.
        return started <= Double(scratch.st_mtim.tv_sec) + 1
    }

    /// When process `pid` started, in seconds since 1970, from /proc (nil elsewhere).
    private static func startTime(of pid: Int32) -> Double? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let bootLine = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
              let boot = Double(bootLine.dropFirst(6)) else { return nil }
        // Fields after the command name start with the state, field 3; the start time is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return boot + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
        #else
        return nil
        #endif
    }
}
