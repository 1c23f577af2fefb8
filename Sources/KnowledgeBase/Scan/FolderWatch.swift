import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// inotify watches on every folder of a corpus, for `IndexWatcher`. inotify is not recursive,
/// so each folder gets its own watch, and folders that appear later are added as they come.
/// Any event in a watched folder counts as a change: telling a note's edit apart from an
/// editor's swap file would only save a refresh that finds nothing to do.
final class FolderWatch {
    private let fd: Int32
    private let root: String
    /// Watch descriptor → folder path relative to the root ("" is the root).
    private var folders: [Int32: String] = [:]
    /// Events on names starting with this (the index's own files, should it live in a
    /// watched folder) are not changes.
    private let ignoredPrefix: String

    /// What one `drain` saw.
    struct Drained {
        var changed = false
        /// A folder whose watch could not be added (the watch limit, say): changes in it go
        /// unseen, so the watcher must not vouch for the index any more.
        var failure: String?
    }

    /// Watches `folders` (paths relative to `root`, as a scan lists them).
    init(root: String, folders: [String], ignoring ignoredPrefix: String) throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw KBError.watchUnavailable("inotify_init1 failed: \(String(cString: strerror(errno)))") }
        self.root = root
        self.ignoredPrefix = ignoredPrefix
        try addMissing(folders)
    }

    /// Watches those of `folders` not watched yet.
    func addMissing(_ folders: [String]) throws {
        let watched = Set(self.folders.values)
        for folder in folders where !watched.contains(folder) {
            if let failure = add(folder) { throw KBError.watchUnavailable(failure) }
        }
    }

    deinit { close(fd) }

    /// The descriptor to wait on for events.
    var descriptor: Int32 { fd }
    var count: Int { folders.count }

    private static let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM
        | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW)

    /// Adds a watch on one folder; returns why it failed, if it did.
    private func add(_ folder: String) -> String? {
        let path = folder.isEmpty ? root : root + "/" + folder
        let wd = inotify_add_watch(fd, path, Self.mask)
        guard wd >= 0 else {
            // Gone already (moved or deleted since the event): its parent's events cover it.
            if errno == ENOENT || errno == ENOTDIR { return nil }
            if errno == ENOSPC {
                return "the system allows no more inotify watches (\(folders.count) folders watched); "
                    + "raise fs.inotify.max_user_watches to watch this corpus"
            }
            return "cannot watch \(path): \(String(cString: strerror(errno)))"
        }
        // A folder moved within the corpus keeps its watch: inotify hands back the same
        // descriptor, which now names the new path.
        folders[wd] = folder
        return nil
    }

    /// Adds `folder` and every folder below it that a scan would walk (hidden ones are not).
    private func addTree(_ folder: String) -> String? {
        if let failure = add(folder) { return failure }
        let path = folder.isEmpty ? root : root + "/" + folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        for name in names.sorted() where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let child = folder.isEmpty ? name : folder + "/" + name
            // A symlink is not followed: the scanner resolves those, and a watcher never starts on such a corpus.
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/" + child)) == nil,
               FileManager.default.fileExists(atPath: root + "/" + child, isDirectory: &isFolder), isFolder.boolValue,
               let failure = addTree(child) {
                return failure
            }
        }
        return nil
    }

    /// Reads every event queued so far, without waiting. The kernel queues an event before the
    /// system call that caused it returns, so after a drain no earlier change is unseen.
    func drain() -> Drained {
        var result = Drained()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let name = String(decoding: buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }, as: UTF8.self)
                offset += 16 + length
                if ignoredPrefix.isEmpty || !name.hasPrefix(ignoredPrefix) { result.changed = true }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    // Events were lost, new folders perhaps among them: watch the tree again.
                    result.failure = result.failure ?? addTree("")
                } else if mask & UInt32(IN_IGNORED) != 0 {
                    folders[wd] = nil
                } else if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
                          !name.hasPrefix("."), let parent = folders[wd] {
                    result.failure = result.failure ?? addTree(parent.isEmpty ? name : parent + "/" + name)
                }
            }
        }
        return result
    }
}
