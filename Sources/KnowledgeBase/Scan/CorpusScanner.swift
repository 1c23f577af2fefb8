import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A note file found on disk, with what the refresh compares before reading it.
package struct ScannedFile: Sendable, Equatable {
    /// Path relative to the corpus root, `/`-separated.
    package var path: String
    package var modified: Double
    package var size: Int64
}

/// A folder as a scan listed it. A folder's mtime moves whenever an entry is added, removed or
/// renamed in it, so while it stays put the next scan may reuse the listing instead of reading
/// the folder again (`QuickRescan`).
package struct ScannedFolder: Sendable, Equatable {
    /// Path relative to the corpus root; "" is the root.
    package var path: String
    /// The mtime seen just before listing, or 0 when it was too recent to trust: file systems
    /// stamp times at a clock tick (two seconds on FAT), so a change in the same tick as the
    /// listing could leave the mtime equal. A 0 never matches, so such a folder is listed again
    /// next time.
    package var modified: Double

    static func trusted(_ modified: Double, scanStart: Double) -> Double {
        modified < scanStart - 3 ? modified : 0
    }
}

/// What a scan of the corpus folder found.
package struct CorpusScan: Sendable {
    package var files: [ScannedFile]
    /// Every folder listed, or nil when the walk met a symlink or an entry of unknown type:
    /// following those needs the full walk, so such a corpus is always walked in full.
    package var folders: [ScannedFolder]?
    package var warnings: [String]
}

/// Walks a corpus folder for `.md`, `.markdown` and `.html` files, and attachments. Skips hidden folders (and so
/// `.kb/`), follows symlinks only while they stay inside the root, and visits each real folder
/// once, so symlink loops end.
///
/// This walk can run before every query, so it uses `readdir` and `fstatat` relative to an
/// open folder: the kernel does not re-walk the full path for each file, and only note files
/// and symlinks are stat'ed at all (the entry type says which are folders).
package struct CorpusScanner {
    /// The corpus folder, standardised.
    package var root: URL { corpus.url }
    private let corpus: CorpusRoot

    init(root: CorpusRoot) { corpus = root }

    /// A scanner of the folder `root`.
    package init(root: URL) { self.init(root: CorpusRoot(root)) }

    /// Walks the whole corpus.
    package func scan() -> CorpusScan {
        let shared = SharedState()
        let realRoot = corpus.realPath
        var first = Walk(root: corpus, shared: shared)
        // Read breadth-first until there are folders for both cores, then split them: the walk
        // is all system calls, and two threads halve its wall time on a large corpus.
        first.pending = [(realRoot, "")]
        while !first.pending.isEmpty && first.pending.count < 64 {
            let level = first.pending
            first.pending = []
            for folder in level { first.read(folder) }
        }
        let walks = Self.walkInParallel(first.pending, root: corpus, shared: shared) + [first]
        return shared.result(walks)
    }

    /// Lists `folders` (and everything below them) on two threads.
    private static func walkInParallel(_ folders: [(real: String, relative: String)], root: CorpusRoot,
                               shared: SharedState) -> [Walk] {
        let halves = [Array(folders.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)),
                      Array(folders.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))]
        return ConcurrentMap.map(halves) { share -> Walk in
            var walk = Walk(root: root, shared: shared)
            walk.pending = share
            walk.drain()
            return walk
        }
    }

    /// What the walking threads share: the folders already visited (so each real folder is
    /// read once and symlink loops end), the warnings, and whether a link was met.
    final class SharedState: @unchecked Sendable {
        let scanStart = Date().timeIntervalSince1970
        private let lock = NSLock()
        private var visited = Set<String>()
        private var collected: [String] = []
        private var metLink = false

        func visit(_ folder: String) -> Bool { lock.withLock { visited.insert(folder).inserted } }
        func wasVisited(_ folder: String) -> Bool { lock.withLock { visited.contains(folder) } }
        func warn(_ message: String) { lock.withLock { collected.append(message) } }
        func sawLink() { lock.withLock { metLink = true } }

        /// Each folder's ignore rules with those of the folders above it, read once.
        private var ignoreRules: [String: IgnoreRules] = [:]

        /// The rules that apply inside the folder `relative`, whose descriptor is `fd`: those of
        /// its own ignore files and of every folder above it (read now if a quick rescan lists
        /// this folder without its parents).
        func rules(forFolder relative: String, fd: Int32, realRoot: String) -> IgnoreRules {
            if let known = lock.withLock({ ignoreRules[relative] }) { return known }
            var rules = IgnoreRules()
            if !relative.isEmpty {
                let parent = relative.slashComponents().dropLast().joined(separator: "/")
                let parentFD = open(parent.isEmpty ? realRoot : realRoot + "/" + parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if parentFD >= 0 {
                    rules = self.rules(forFolder: parent, fd: parentFD, realRoot: realRoot)
                    close(parentFD)
                }
            }
            rules.append(IgnoreRules.read(folderFD: fd, relative: relative))
            lock.withLock { ignoreRules[relative] = rules }
            return rules
        }

        func result(_ walks: [Walk]) -> CorpusScan {
            var files = walks.flatMap(\.files)
            if files.contains(where: { !$0.path.utf8.allSatisfy { $0 < 0x80 } }) { files = CorpusScanner.dropUnicodeTwins(files, warn: warn) }
            // A warning (an unreadable folder) would be lost by a rescan that skips its parent.
            let folders = lock.withLock { metLink || !collected.isEmpty } ? nil : walks.flatMap(\.folders)
            return CorpusScan(files: files, folders: folders, warnings: lock.withLock { collected.sorted() })
        }
    }

    /// Two names that differ only in Unicode form (`café.md` precomposed and decomposed, as
    /// macOS and Linux tools may write them) are one name to a reader and to kb's lookups,
    /// yet two files on disk. One is kept, the precomposed (NFC) one when there is one, else
    /// the first in byte order, and the other is skipped with a warning.
    private static func dropUnicodeTwins(_ files: [ScannedFile], warn: (String) -> Void) -> [ScannedFile] {
        // Swift compares strings by canonical equivalence, so twins share a group.
        let groups = Dictionary(grouping: files, by: \.path)
        guard groups.count < files.count else { return files }
        var dropped = Set<[UInt8]>()
        for twins in groups.values where twins.count > 1 {
            let nfc = Array(twins[0].path.precomposedStringWithCanonicalMapping.utf8)
            let kept = twins.first { Array($0.path.utf8) == nfc }
                ?? twins.min { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }!
            for twin in twins where Array(twin.path.utf8) != Array(kept.path.utf8) {
                dropped.insert(Array(twin.path.utf8))
                warn("\(twin.path): the same name as \(kept.path), written in another Unicode form, skipped: rename one of them")
            }
        }
        return files.filter { !dropped.contains(Array($0.path.utf8)) }
    }

    struct Walk: Sendable {
        let root: CorpusRoot
        var realRoot: String { root.realPath }
        let shared: SharedState
        var files: [ScannedFile] = []
        var folders: [ScannedFolder] = []
        var pending: [(real: String, relative: String)] = []
        /// Names the caller already accounts for: a quick rescan lists a changed folder only to
        /// find what is new in it.
        var isKnownFile: @Sendable (String) -> Bool = { _ in false }
        var isKnownFolder: @Sendable (String) -> Bool = { _ in false }

        init(root: CorpusRoot, shared: SharedState) {
            self.root = root
            self.shared = shared
        }

        mutating func drain() {
            while let folder = pending.popLast() { read(folder) }
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
            // The mtime is taken before the listing, so a change made while listing moves it.
            var info = stat()
            if fstat(fd, &info) == 0 {
                let modified = ScannedFolder.trusted(Self.modified(info), scanStart: shared.scanStart)
                folders.append(ScannedFolder(path: relative, modified: modified))
            }
            let ignore = shared.rules(forFolder: relative, fd: fd, realRoot: realRoot)
            while let entry = readdir(dir) {
                let bytes = directoryEntryName(entry)
                let name = String(cString: bytes)
                // Invalid bytes became U+FFFD; only then is the name checked again.
                let valid = !name.unicodeScalars.contains("\u{FFFD}") || String(validatingCString: bytes) != nil
                guard !name.hasPrefix(".") else { continue }
                let rel = relative.isEmpty ? name : relative + "/" + name
                if !ignore.isEmpty, ignore.ignores(rel, isFolder: Int32(entry.pointee.d_type) == Int32(DT_DIR)) { continue }
                guard valid else {
                    // No path kb stores could name it again; a note or folder is reported.
                    let type = Int32(entry.pointee.d_type)
                    if type == Int32(DT_DIR) || NoteIdentity.isIndexedFile(name) {
                        shared.warn("\(rel): the name is not valid UTF-8, skipped: rename it")
                    }
                    continue
                }
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR):
                    if !isKnownFolder(rel) { pending.append((folder + "/" + name, rel)) }
                case Int32(DT_REG):
                    if NoteIdentity.isIndexedFile(name), !isKnownFile(rel) { addFile(fd: fd, name: name, relative: rel) }
                default:
                    // Symlinks, and file systems that do not report entry types.
                    shared.sawLink()
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
                guard root.contains(realPath: resolved) else {
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
            case S_IFREG where NoteIdentity.isIndexedFile(name):
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
