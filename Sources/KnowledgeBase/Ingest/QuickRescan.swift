import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Rescans a corpus from the previous scan's listing, the way git's untracked cache does: every
/// known folder and file is stat'ed by path (two threads, no folder opened), and only folders
/// whose mtime moved are listed again, to find what is new in them. On a corpus with one
/// folder per note this halves the system calls of a full walk, and it runs before every query.
///
/// The folder check starts as soon as the folder listing is known and runs while the caller
/// reads the (larger) file listing. `finish` returns nil whenever the shortcut cannot vouch
/// for its answer (no previous listing, a folder that became something else, a symlink, an
/// unreadable entry); the caller then walks in full with `CorpusScanner`.
public final class QuickRescan: @unchecked Sendable {
    private let rootPath: String
    private let rootFD: Int32
    private let knownFolders: PathListing
    private let folderCheck = DispatchGroup()
    /// Written by the folder check, read after `folderCheck.wait()`.
    private var folders: [ScanDelta.Moved]?

    /// Opens the root and starts stat'ing the known folders on another thread.
    public init(root: URL, knownFolders: PathListing) {
        rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        rootFD = knownFolders.isEmpty ? -1 : open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        self.knownFolders = knownFolders
        guard rootFD >= 0 else { return }
        DispatchQueue.global().async(group: folderCheck) { [self] in
            folders = PathStats.compare(knownFolders, in: rootFD, expecting: S_IFDIR)
        }
    }

    // The folder check holds a reference, so this runs only after it is done with the fd.
    deinit { if rootFD >= 0 { close(rootFD) } }

    /// Stats the known files, waits for the folder check, and lists the folders that moved.
    public func finish(knownFiles: PathListing) -> ScanDelta? {
        guard rootFD >= 0 else { return nil }
        let files = PathStats.compare(knownFiles, in: rootFD, expecting: S_IFREG)
        folderCheck.wait()
        guard let folders, let files else { return nil }
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
        var walk = CorpusScanner.Walk(realRoot: rootPath, shared: shared)
        walk.isKnownFile = { fileIndex.contains($0) }
        walk.isKnownFolder = { folderIndex.contains($0) }
        for folder in movedFolders.compactMap(\.now) {
            walk.read((folder.path.isEmpty ? rootPath : rootPath + "/" + folder.path, folder.path))
        }
        walk.drain()
        let listed = shared.result([walk])
        guard let relisted = listed.folders else { return nil }
        let before = Dictionary(movedFolders.map { (knownFolders.path(at: $0.index), knownFolders.modified[$0.index]) },
                                uniquingKeysWith: { a, _ in a })
        delta.added = listed.files
        delta.folderUpserts = relisted.filter { before[$0.path] != $0.modified }
        return delta
    }
}

/// `fstatat` on every path of a listing, split over two threads: on a warm cache the cost is
/// all system calls, so two cores take half the time.
private enum PathStats {
    /// The entries whose (mtime, size) moved, with their state now (nil: gone); nil when an
    /// entry is no longer of the expected type, which only a full walk can sort out.
    static func compare(_ listing: PathListing, in rootFD: Int32, expecting type: mode_t) -> [ScanDelta.Moved]? {
        let chunks = 8
        let chunkSize = (listing.count + chunks - 1) / chunks
        let results = Results(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = min(listing.count, chunk * chunkSize)..<min(listing.count, (chunk + 1) * chunkSize)
            var moved: [ScanDelta.Moved] = []
            var valid = true
            listing.forEachPath(in: range) { index, path in
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
                    let path = String(cString: path)
                    moved.append(ScanDelta.Moved(index: index, now: ScannedFile(path: path, modified: modified, size: size)))
                }
            }
            results.set(chunk, valid ? moved : nil)
        }
        return results.merged
    }

    /// Each chunk fills its own slot.
    private final class Results: @unchecked Sendable {
        private var slots: [[ScanDelta.Moved]?]
        private let lock = NSLock()
        init(_ count: Int) { slots = Array(repeating: [], count: count) }
        func set(_ index: Int, _ value: [ScanDelta.Moved]?) { lock.withLock { slots[index] = value } }
        var merged: [ScanDelta.Moved]? {
            var all: [ScanDelta.Moved] = []
            for slot in slots {
                guard let slot else { return nil }
                all += slot
            }
            return all
        }
    }
}
