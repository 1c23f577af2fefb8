import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The simple patterns of `.gitignore` and `.kbignore` files: one pattern a line, `#` comments,
/// `*` `?` `[…]` globs, a trailing `/` for folders only, and a pattern with a `/` in it anchored
/// at the folder of the file that holds it. Negation (`!pattern`) is not supported: such lines
/// are skipped, so a file they would bring back stays ignored.
struct IgnoreRules: Sendable {
    struct Pattern: Sendable {
        /// The folder of the ignore file, relative to the corpus root ("" is the root).
        var base: String
        var glob: String
        var anchored: Bool
        var foldersOnly: Bool
    }

    static let fileNames = [".gitignore", ".kbignore"]

    var patterns: [Pattern] = []

    var isEmpty: Bool { patterns.isEmpty }

    /// The patterns of the ignore files in `folder` (relative path `relative`), read through its
    /// open descriptor.
    static func read(folderFD fd: Int32, relative: String) -> IgnoreRules {
        var rules = IgnoreRules()
        for name in fileNames {
            let file = openat(fd, name, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else { continue }
            defer { close(file) }
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while data.count < 1 << 20 {
                let count = Glibc.read(file, &buffer, buffer.count)
                guard count > 0 else { break }
                data += buffer[0..<count]
            }
            rules.add(String(decoding: data, as: UTF8.self), base: relative)
        }
        return rules
    }

    mutating func add(_ text: String, base: String) {
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = raw.trimmingSpaces()
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            let foldersOnly = line.hasSuffix("/")
            while line.hasSuffix("/") { line.removeLast() }
            let anchored = line.contains("/")
            while line.hasPrefix("/") { line.removeFirst() }
            if line.hasPrefix("**/") { line.removeFirst(3) }
            guard !line.isEmpty else { continue }
            patterns.append(Pattern(base: base, glob: line, anchored: anchored, foldersOnly: foldersOnly))
        }
    }

    mutating func append(_ other: IgnoreRules) { patterns += other.patterns }

    /// Whether the entry at `path` (relative to the corpus root) is ignored.
    func ignores(_ path: String, isFolder: Bool) -> Bool {
        guard !patterns.isEmpty else { return false }
        let name = path.slashComponents().last.map(String.init) ?? path
        for pattern in patterns where !pattern.foldersOnly || isFolder {
            let relative: String
            if pattern.base.isEmpty {
                relative = path
            } else if path.hasPrefix(pattern.base + "/") {
                relative = String(path.dropFirst(pattern.base.count + 1))
            } else {
                continue
            }
            let subject = pattern.anchored ? relative : name
            if fnmatch(pattern.glob, subject, pattern.anchored ? FNM_PATHNAME : 0) == 0 { return true }
        }
        return false
    }
}
