import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Rescans a corpus from the previous scan's listing, the way git's untracked cache does: every
/// known folder and file is stat'ed by path (two threads, no folder opened), and only folders
/// whose mtime moved are listed again, to find what is new in them. On a corpus with one
/// folder per note this halves the system calls of a full walk, and it runs before every query.
///
/// The answer is nil whenever the shortcut cannot vouch for it (no previous listing, a folder
/// that became something else, a symlink, an unreadable entry); the caller then walks in full
/// with `CorpusScanner`.
struct QuickRescan {
    private let root: CorpusRoot

    init(root: CorpusRoot) {
        self.root = root
    }

    init(root: URL) {
        self.init(root: CorpusRoot(root))
    }

    /// Stats the known folders and files, and lists the folders that moved.
    func compare(folders knownFolders: PathListing, files knownFiles: PathListing) -> ScanDelta? {
        start(folders: knownFolders, files: knownFiles)?.finish()
    }

    /// Starts stat'ing the known folders and files on another thread and returns at once, so
    /// the caller can do other work before it joins in with `finish()`; nil when there is no
    /// listing to go by or the root cannot be opened.
    func start(folders knownFolders: PathListing, files knownFiles: PathListing) -> Check? {
        guard !knownFolders.isEmpty else { return nil }
        let rootFD = open(root.realPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return nil }
        return Check(root: root, rootFD: rootFD, folders: knownFolders, files: knownFiles)
    }

    /// A comparison under way.
    final class Check {
        private let root: CorpusRoot
        private let rootFD: Int32
        private let knownFolders: PathListing, knownFiles: PathListing
        private let stats: PathStats.Running

        fileprivate init(root: CorpusRoot, rootFD: Int32, folders: PathListing, files: PathListing) {
            self.root = root
            self.rootFD = rootFD
            knownFolders = folders
            knownFiles = files
            stats = PathStats.Running(folders: folders, files: files, in: rootFD)
        }

        // A check dropped unfinished still has a thread using the root.
        deinit {
            stats.stop()
            close(rootFD)
        }

        /// Stats what is left on this thread too, waits for the other, and lists the folders
        /// that moved. Call once.
        func finish() -> ScanDelta? {
            guard let (folders, files) = stats.finish() else { return nil }
            var delta = ScanDelta()
            delta.moved = files
            // A stored 0 means "listed too recently to trust", so it always counts as moved.
            let movedFolders = folders.filter { $0.now != nil }
            delta.folderDeletes = folders.filter { $0.now == nil }.map { knownFolders.path(at: $0.index) }
            guard !movedFolders.isEmpty else { return delta }

            // List the folders that moved, for the files and folders that are new in them; new
            // folders are walked in full.
            let shared = CorpusScanner.SharedState()
            let fileIndex = knownFiles.makeIndex(), folderIndex = knownFolders.makeIndex()
            var walk = CorpusScanner.Walk(root: root, shared: shared)
            walk.isKnownFile = { fileIndex.contains($0) }
            walk.isKnownFolder = { folderIndex.contains($0) }
            for folder in movedFolders.compactMap(\.now) {
                walk.read((root.realPath(of: folder.path), folder.path))
            }
            walk.drain()
            let listed = shared.result([walk])
            guard let relisted = listed.folders else { return nil }
            // A new name that is not ASCII may be a known name in another Unicode form, which
            // only a full walk sorts out (`CorpusScanner.dropUnicodeTwins`).
            guard listed.files.allSatisfy({ $0.path.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
            let before = Dictionary(movedFolders.map { (knownFolders.path(at: $0.index), knownFolders.modified[$0.index]) },
                                    uniquingKeysWith: { a, _ in a })
            delta.added = listed.files
            delta.folderUpserts = relisted.filter { before[$0.path] != $0.modified }
            return delta
        }
    }
}

/// `fstatat` on every path of the two listings. On a warm cache the cost is all system calls,
/// mostly the kernel's lookup of each path, so two threads share it. They take slices in turn
/// (a slice is the same stretch of both listings, which are mostly in path order, so its
/// folders and files share the directory entries just brought into cache); a thread that
/// starts late or is preempted just takes fewer. More threads than cores would only add
/// switching between them.
private enum PathStats {
    typealias Moved = (folders: [ScanDelta.Moved], files: [ScanDelta.Moved])

    /// The stats under way: a helper thread takes slices from the start, and the thread that
    /// calls `finish` takes the rest.
    final class Running {
        private let work: Slices
        private let helper: HelperThread

        init(folders: PathListing, files: PathListing, in rootFD: Int32) {
            let work = Slices(count: 64) { slice, of in
                func range(_ listing: PathListing) -> Range<Int> {
                    listing.count * slice / of..<listing.count * (slice + 1) / of
                }
                guard let movedFolders = PathStats.compare(folders, range(folders), rootFD: rootFD, expecting: S_IFDIR),
                      let movedFiles = PathStats.compare(files, range(files), rootFD: rootFD, expecting: S_IFREG) else { return nil }
                return (movedFolders, movedFiles)
            }
            self.work = work
            helper = HelperThread { work.drain() }
        }

        /// The folders and files whose (mtime, size) moved, with their state now (nil: gone);
        /// nil when an entry is no longer of the expected type, which only a full walk can
        /// sort out.
        func finish() -> Moved? {
            work.drain()
            helper.join()
            return work.merged
        }

        /// Waits for the helper thread without taking slices here.
        func stop() {
            helper.join()
        }
    }

    /// Hands out slices to whichever thread asks next, and keeps each one's result.
    private final class Slices: @unchecked Sendable {
        private let lock = NSLock()
        private let count: Int
        private var next = 0
        private var results: [Moved?]
        private let body: (Int, Int) -> Moved?

        init(count: Int, _ body: @escaping (_ slice: Int, _ of: Int) -> Moved?) {
            self.count = count
            self.body = body
            results = Array(repeating: nil, count: count)
        }

        /// Runs slices until none is left.
        func drain() {
            while let slice = take() {
                let result = body(slice, count)
                lock.withLock { results[slice] = result }
            }
        }

        private func take() -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }

        /// All slices' results in listing order; nil when any slice gave up.
        var merged: Moved? {
            var all: Moved = ([], [])
            for result in results {
                guard let result else { return nil }
                all.folders += result.folders
                all.files += result.files
            }
            return all
        }
    }

    private static func compare(_ listing: PathListing, _ range: Range<Int>, rootFD: Int32, expecting type: mode_t) -> [ScanDelta.Moved]? {
        var moved: [ScanDelta.Moved] = []
        var valid = true
        listing.forEachPath(in: range) { index, path in
            guard valid else { return }
            var info = stat()
            let status = path.pointee == 0 ? fstat(rootFD, &info) : fstatat(rootFD, path, &info, AT_SYMLINK_NOFOLLOW)
            guard status == 0 else {
                if errno == ENOENT || errno == ENOTDIR { moved.append(ScanDelta.Moved(index: index, now: nil)) } else { valid = false }
                return
            }
            guard info.st_mode & S_IFMT == type else { valid = false; return }
            let modified = CorpusScanner.Walk.modified(info)
            let size = type == S_IFDIR ? 0 : Int64(info.st_size)
            // A folder stored with mtime 0 was listed too recently to trust: list it again.
            if modified != listing.modified[index] || size != listing.sizes[index] || (type == S_IFDIR && listing.modified[index] == 0) {
                moved.append(ScanDelta.Moved(index: index, now: ScannedFile(path: String(cString: path), modified: modified, size: size)))
            }
        }
        return valid ? moved : nil
    }
}
