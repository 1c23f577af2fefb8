import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The corpus folder, resolved once: the path it was named by, standardised, and the path the
/// kernel knows it by, symlinks resolved. Whatever opens, lists or watches files in the corpus
/// works from `realPath`, and whatever must not leave the corpus checks a resolved path with
/// `contains(realPath:)`, so the two spellings cannot drift apart between the scanner, the
/// quick rescan, the file reader and the watcher.
struct CorpusRoot: Sendable, Equatable {
    /// The folder as named, standardised (no `.`, `..` or trailing slash): what the index
    /// records and messages show.
    let url: URL
    /// The folder with every symlink resolved; the standardised path when it cannot be
    /// resolved (it does not exist).
    let realPath: String

    init(_ folder: URL) {
        url = folder.standardizedFileURL
        if let resolved = realpath(url.path, nil) {
            realPath = String(cString: resolved)
            free(resolved)
        } else {
            realPath = url.path
        }
    }

    /// `realPath` with a trailing slash: the start of every path strictly inside the corpus.
    var realPrefix: String { realPath.hasSuffix("/") ? realPath : realPath + "/" }

    /// Whether `path` (symlinks resolved) is the root or lies inside it.
    func contains(realPath path: String) -> Bool { path == realPath || path.hasPrefix(realPrefix) }

    /// The resolved path of `relative`, a `/`-separated path under the root ("" is the root).
    func realPath(of relative: String) -> String { relative.isEmpty ? realPath : realPrefix + relative }
}
