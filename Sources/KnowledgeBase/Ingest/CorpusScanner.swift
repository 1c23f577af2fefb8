import Foundation

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
public struct CorpusScanner {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public func scan() -> (files: [ScannedFile], warnings: [String]) {
        var files: [ScannedFile] = []
        var warnings: [String] = []
        let realRoot = root.resolvingSymlinksInPath().path
        var visited = Set<String>()
        var pending: [(real: String, relative: String)] = [(realRoot, "")]
        let fm = FileManager.default
        while let (folder, relative) = pending.popLast() {
            guard visited.insert(folder).inserted else { continue }
            guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
                warnings.append("\(relative.isEmpty ? "." : relative): cannot read this folder")
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let full = folder + "/" + name
                let rel = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                var target = full
                if (info.st_mode & S_IFMT) == S_IFLNK {
                    let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    guard resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
                        warnings.append("\(rel): symlink leads outside the corpus, skipped")
                        continue
                    }
                    guard stat(resolved, &info) == 0 else {
                        warnings.append("\(rel): broken symlink, skipped")
                        continue
                    }
                    target = resolved
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if visited.contains(target) {
                        warnings.append("\(rel): symlink loop, skipped")
                    } else {
                        pending.append((target, rel))
                    }
                case S_IFREG where NoteIdentity.isNoteFile(name):
                    let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                    files.append(ScannedFile(path: rel, modified: modified, size: Int64(info.st_size)))
                default:
                    continue
                }
            }
        }
        files.sort { $0.path < $1.path }
        return (files, warnings)
    }
}
