import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one way kb reads a note file: scans, refreshes, `show`, `questions` and the REPL all
/// come through here, so nothing outside the corpus root is ever read.
///
/// A path is only a name: between the scan that saw a regular file and the read, the file (or
/// any folder above it) can be swapped for a symlink to somewhere else. So the check is made
/// on what was actually opened, not on the name: the descriptor must be a regular file, and the
/// kernel's own name for it (`/proc/self/fd/N`) must lie inside the root. Symlinks that stay
/// inside the root keep working, as the scanner allows them.
struct CorpusFile: Sendable {
    /// The root as the kernel names it (symlinks resolved), which every file must lie under.
    let realRoot: String

    /// Why a note file was not read; `description` is the warning shown for it.
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case unreadable(Int32)
        case notRegularFile
        case outsideRoot

        var description: String {
            switch self {
            case .unreadable(let code) where code == EACCES || code == EPERM:
                return "cannot read the file: check its permissions"
            case .unreadable(let code) where code == ENOENT:
                return "the file is gone"
            case .unreadable(let code):
                return "cannot read the file: \(String(cString: strerror(code)))"
            case .notRegularFile:
                return "not a regular file any more, not read"
            case .outsideRoot:
                return "leads outside the corpus (a symlink?), not read"
            }
        }
    }

    init(root: CorpusRoot) {
        realRoot = root.realPath
    }

    init(root: URL) {
        self.init(root: CorpusRoot(root))
    }

    /// The bytes of the note at `relative` (a `/`-separated path under the root).
    func read(_ relative: String) -> Result<Data, Refusal> {
        let fd = open(realRoot + "/" + relative, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { return .failure(errno == ELOOP ? .outsideRoot : .unreadable(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.unreadable(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegularFile) }
        guard isInsideRoot(fd) else { return .failure(.outsideRoot) }
        return Self.readAll(fd, expected: Int(info.st_size))
    }

    /// Whether the opened file lies under the root, by the name the kernel keeps for it. Every
    /// note read asks this, so the name is read into a stack buffer and compared as bytes.
    private func isInsideRoot(_ fd: Int32) -> Bool {
        #if os(Linux)
        if realRoot == "/" { return true }
        var link = "/proc/self/fd/"
        link += String(fd)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(PATH_MAX) + 1) { buffer in
            let length = readlink(link, buffer.baseAddress!, buffer.count - 1)
            guard length > 0 else { return false }
            let name = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<length])
            let root = realRoot.utf8
            return name.count > root.count && name[root.count] == UInt8(ascii: "/") && name.starts(with: root)
        }
        #else
        return true
        #endif
    }

    private static func readAll(_ fd: Int32, expected: Int) -> Result<Data, Refusal> {
        var data = Data(count: max(expected, 0) + 1)
        var filled = 0
        while true {
            if filled == data.count { data.count *= 2 }
            let count = data.withUnsafeMutableBytes { bytes in
                Glibc.read(fd, bytes.baseAddress! + filled, bytes.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errno))
            }
            if count == 0 { break }
            filled += count
        }
        data.count = filled
        return .success(data)
    }
}
