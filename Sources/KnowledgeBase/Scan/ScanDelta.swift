import Foundation

/// How the corpus folder differs from what the index last saw. A quick rescan produces it
/// directly; a full scan is compared with the old listing.
struct ScanDelta: Sendable {
    /// A known file whose (mtime, size) moved: its index in the old listing, and its state
    /// now (nil when it is gone).
    struct Moved: Sendable, Equatable {
        var index: Int
        var now: ScannedFile?
    }

    /// Known files that moved, in listing order; every other known file is as it was.
    var moved: [Moved] = []
    /// Files that were not known before.
    var added: [ScannedFile] = []
    /// Folder listings to store, and folders to forget.
    var folderUpserts: [ScannedFolder] = []
    var folderDeletes: [String] = []
    var warnings: [String] = []

    init() {}

    /// Compares a full scan with the previous listing. A scan without a folder listing (it met
    /// a symlink) forgets every folder, which turns the quick rescan off.
    init(scan: CorpusScan, knownFiles: PathListing, knownFolders: PathListing) {
        let known = knownFiles.files
        // Keyed by bytes: Swift's String equality is canonical equivalence, under which two
        // files named `café.md` in different Unicode forms would be one path.
        let now = Dictionary(scan.files.map { (Array($0.path.utf8), $0) }, uniquingKeysWith: { a, _ in a })
        for (index, old) in known.enumerated() {
            let current = now[Array(old.path.utf8)]
            if current?.modified != old.modified || current?.size != old.size {
                moved.append(Moved(index: index, now: current))
            }
        }
        let knownPaths = Set(known.map { Array($0.path.utf8) })
        added = scan.files.filter { !knownPaths.contains(Array($0.path.utf8)) }
        warnings = scan.warnings
        let folders = knownFolders.files
        let stored = Dictionary(folders.map { ($0.path, $0.modified) }, uniquingKeysWith: { a, _ in a })
        let listed = scan.folders ?? []
        folderUpserts = listed.filter { stored[$0.path] != $0.modified }
        let kept = Set(listed.map(\.path))
        folderDeletes = folders.map(\.path).filter { !kept.contains($0) }
    }

    var foldersChanged: Bool { !folderUpserts.isEmpty || !folderDeletes.isEmpty }
}
