import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A note file found on disk, with what the refresh compares before reading it.
public struct ScannedFile: Sendable, Equatable {
    /// Path relative to the corpus root, `/`-separated.
    public var path: String
    public var modified: Double
    public var size: Int64
}

/// Walks a corpus folder for `.md`, `.markdown` and `.html` files. Skips hidden folders (and so
/// `.kb/`), follows symlinks only while they stay inside the root, and visits each real folder
/// once, so symlink loops end.
///
/// This walk runs before every query, so it uses `readdir` and `fstatat` relative to an open
/// folder: the kernel does not re-walk the full path for each file, and only note files and
/// symlinks are stat'ed at all (the entry type says which are folders).
public struct CorpusScanner {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public func scan() -> (files: [ScannedFile], warnings: [String]) {
        let shared = SharedState()
        var first = Walk(realRoot: root.resolvingSymlinksInPath().path, shared: shared)
        // Read breadth-first until there are folders for both cores, then split them: the walk
        // is all system calls, and two threads halve its wall time on a large corpus.
        first.pending = [(first.realRoot, "")]
        while !first.pending.isEmpty && first.pending.count < 64 {
            let level = first.pending
            first.pending = []
            for folder in level { first.read(folder) }
        }
        let halves = [Array(first.pending.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)),
                      Array(first.pending.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))]
        let realRoot = first.realRoot
        let results = ConcurrentMap.map(halves) { share -> [ScannedFile] in
            var walk = Walk(realRoot: realRoot, shared: shared)
            walk.pending = share
            while let folder = walk.pending.popLast() { walk.read(folder) }
            return walk.files
        }
        var files = first.files + results.flatMap { $0 }
        files.sort { $0.path < $1.path }
        return (files, shared.warnings)
    }

    /// What the walking threads share: the folders already visited (so each real folder is
    /// read once and symlink loops end) and the warnings.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var visited = Set<String>()
        private var collected: [String] = []

        func visit(_ folder: String) -> Bool { lock.withLock { visited.insert(folder).inserted } }
        func wasVisited(_ folder: String) -> Bool { lock.withLock { visited.contains(folder) } }
        func warn(_ message: String) { lock.withLock { collected.append(message) } }
        var warnings: [String] { lock.withLock { collected.sorted() } }
    }

    private struct Walk {
        let realRoot: String
        let shared: SharedState
        var files: [ScannedFile] = []
        var pending: [(real: String, relative: String)] = []

        init(realRoot: String, shared: SharedState) {
            self.realRoot = realRoot
            self.shared = shared
        }

        /// Lists one folder: note files are recorded, sub-folders queued.
        mutating func read(_ item: (real: String, relative: String)) {
            let (folder, relative) = item
            guard shared.visit(folder) else { return }
            guard let dir = opendir(folder) else {
                shared.warn("\(relative.isEmpty ? "." : relative): cannot read this folder")
                return
            }
            defer { closedir(dir) }
            let fd = dirfd(dir)
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                    pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                guard !name.hasPrefix(".") else { continue }
                let rel = relative.isEmpty ? name : relative + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR):
                    pending.append((folder + "/" + name, rel))
                case Int32(DT_REG):
                    if NoteIdentity.isNoteFile(name) { addFile(fd: fd, name: name, relative: rel) }
                default:
                    // Symlinks, and file systems that do not report entry types.
                    follow(folder: folder, fd: fd, name: name, relative: rel)
                }
            }
        }

        mutating func addFile(fd: Int32, name: String, relative: String) {
            var info = stat()
            guard fstatat(fd, name, &info, 0) == 0 else { return }
            files.append(ScannedFile(path: relative, modified: Self.modified(info), size: Int64(info.st_size)))
        }

        mutating func follow(folder: String, fd: Int32, name: String, relative: String) {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
            var target = folder + "/" + name
            if (info.st_mode & S_IFMT) == S_IFLNK {
                let resolved = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
                guard resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
                    shared.warn("\(relative): symlink leads outside the corpus, skipped")
                    return
                }
                guard stat(resolved, &info) == 0 else {
                    shared.warn("\(relative): broken symlink, skipped")
                    return
                }
                target = resolved
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if shared.wasVisited(target) {
                    shared.warn("\(relative): symlink loop, skipped")
                } else {
                    pending.append((target, relative))
                }
            case S_IFREG where NoteIdentity.isNoteFile(name):
                files.append(ScannedFile(path: relative, modified: Self.modified(info), size: Int64(info.st_size)))
            default:
                break
            }
        }

        static func modified(_ info: stat) -> Double {
            Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        }
    }
}
