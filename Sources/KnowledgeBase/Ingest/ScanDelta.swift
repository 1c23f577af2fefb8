import Foundation

/// How the corpus folder differs from what the index last saw, file by file and folder by
/// folder. A quick rescan produces it directly; a full scan is compared with the old listing.
public struct ScanDelta: Sendable {
    /// For each previously known file, in the same order, its state now; nil when it is gone.
    public var known: [ScannedFile?]
    /// Files that were not known before.
    public var added: [ScannedFile]
    /// Folder listings to store, and folders to forget.
    public var folderUpserts: [ScannedFolder] = []
    public var folderDeletes: [String] = []
    public var warnings: [String]

    /// Compares a full scan with the previous listing. A scan without a folder listing (it met
    /// a symlink) forgets every folder, which turns the quick rescan off.
    public init(scan: CorpusScan, knownFiles: [ScannedFile], knownFolders: [ScannedFolder]) {
        let now = Dictionary(scan.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let knownPaths = Set(knownFiles.map(\.path))
        known = knownFiles.map { now[$0.path] }
        added = scan.files.filter { !knownPaths.contains($0.path) }
        warnings = scan.warnings
        let stored = Dictionary(knownFolders.map { ($0.path, $0.modified) }, uniquingKeysWith: { a, _ in a })
        let listed = scan.folders ?? []
        folderUpserts = listed.filter { stored[$0.path] != $0.modified }
        let kept = Set(listed.map(\.path))
        folderDeletes = knownFolders.map(\.path).filter { !kept.contains($0) }
    }

    init(known: [ScannedFile?], added: [ScannedFile], warnings: [String]) {
        self.known = known
        self.added = added
        self.warnings = warnings
    }

    /// Note files on disk now.
    public var fileCount: Int { known.reduce(0) { $0 + ($1 == nil ? 0 : 1) } + added.count }
    var foldersChanged: Bool { !folderUpserts.isEmpty || !folderDeletes.isEmpty }
}
