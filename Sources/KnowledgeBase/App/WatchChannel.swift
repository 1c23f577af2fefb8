import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a query asks a running `kb watch` whether the index is current, so it can skip its own
/// check of the folder (a stat of every file). A Unix socket in Linux's abstract namespace,
/// named after the index: no file to clean up when a watcher dies, no path length limit, and
/// a second watcher on the same index fails to bind.
enum WatchChannel {
    static let question = "fresh?\n"
    static let yes = "fresh\n"
    static let no = "stale\n"

    /// Asks the watcher of `indexPath`, if one runs. False when none does, when it answers
    /// that the folder changed, or when it does not answer within `timeout` milliseconds (it
    /// may be suspended, or busy with a large refresh: the query then refreshes itself).
    static func watcherVouches(for indexPath: String, timeout: Int32) -> Bool {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        let connected = withAddress(for: indexPath) { address, length in connect(socket, address, length) == 0 }
        // Without a watcher this fails at once (ECONNREFUSED): the usual case costs microseconds.
        guard connected, send(socket, question, question.utf8.count, Int32(MSG_NOSIGNAL)) == question.utf8.count else {
            return false
        }
        return readLine(socket, timeout: timeout) == yes
    }

    /// A socket bound to the index's name and listening; throws `watcherRunning` when another
    /// watcher holds the name.
    static func listen(for indexPath: String) throws -> Int32 {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard socket >= 0 else { throw KBError.watchUnavailable("cannot make a socket: \(String(cString: strerror(errno)))") }
        let bound = withAddress(for: indexPath) { address, length in bind(socket, address, length) == 0 }
        guard bound, Glibc.listen(socket, 64) == 0 else {
            let reason = errno
            close(socket)
            if reason == EADDRINUSE { throw KBError.watcherRunning(index: indexPath) }
            throw KBError.watchUnavailable("cannot listen for queries: \(String(cString: strerror(reason)))")
        }
        return socket
    }

    /// Reads one short line (the question or the answer), waiting at most `timeout` ms.
    static func readLine(_ socket: Int32, timeout: Int32) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16)
        while !bytes.contains(0x0A), bytes.count < 64 {
            var waiting = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, timeout) == 1 else { return nil }
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func reply(_ socket: Int32, _ answer: String) {
        _ = send(socket, answer, answer.utf8.count, Int32(MSG_NOSIGNAL))
    }

    /// The index's socket name: a hash of its canonical path, so `--db ./x` and `--db /abs/x`
    /// (or a corpus reached through a symlink) meet at the same watcher.
    private static func withAddress<T>(for indexPath: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        let file = URL(fileURLWithPath: indexPath).standardizedFileURL
        let canonical = file.deletingLastPathComponent().resolvingSymlinksInPath().path + "/" + file.lastPathComponent
        let hash = canonical.utf8.reduce(FNV1a.offset, FNV1a.step)
        let name = Array("kb-watch-\(String(hash, radix: 16))".utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // A leading NUL byte puts the name in the abstract namespace.
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path[0] = 0
            for (offset, byte) in name.enumerated() { path[offset + 1] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + 1 + name.count)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
