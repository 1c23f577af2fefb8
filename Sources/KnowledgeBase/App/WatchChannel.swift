import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a query asks a running `kb watch` whether the index is current, so it can skip its own
/// check of the folder (a stat of every file). A Unix socket file beside the index
/// (`index.sqlite-watch`, like SQLite's `-wal` and `-shm`): only who can write the index's
/// folder can make it, it is readable by its owner only, and each side checks the other's
/// user id (`SO_PEERCRED`), so another user's process can neither answer for the watcher nor
/// ask it. (An abstract-namespace name had no permissions: anyone could bind it first.)
enum WatchChannel {
    static let question = "fresh?\n"
    static let yes = "fresh\n"
    static let no = "stale\n"

    /// Asks the watcher of `indexPath`, if one runs. False when none does, when it answers
    /// that the folder changed, when the answer comes from another user's process, or when it
    /// does not answer within `timeout` milliseconds (it may be suspended, or busy with a large
    /// refresh: the query then refreshes itself).
    static func watcherVouches(for indexPath: String, timeout: Int32) -> Bool {
        guard let place = Place(indexPath) else { return false }
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        // Without a watcher this fails at once (no such file): the usual case costs microseconds.
        guard place.withAddress({ connect(socket, $0, $1) == 0 }), peerIsSameUser(socket),
              send(socket, question, question.utf8.count, Int32(MSG_NOSIGNAL)) == question.utf8.count else {
            return false
        }
        return readLine(socket, timeout: timeout) == yes
    }

    /// Whether the process at the other end of `socket` runs as this process's user.
    static func peerIsSameUser(_ socket: Int32) -> Bool {
        // Linux's `struct ucred` (pid, uid, gid), which Glibc's module leaves out.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, UInt32.max, UInt32.max)
        var length = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
              Int(length) == MemoryLayout.size(ofValue: credentials) else { return false }
        return credentials.uid == geteuid()
    }

    /// The socket a watcher listens on, and the file that names it.
    final class Listener {
        let socket: Int32
        private let place: Place

        fileprivate init(socket: Int32, place: Place) { (self.socket, self.place) = (socket, place) }

        /// Stops listening and removes the socket file, so no query knocks on it.
        func close() {
            Glibc.close(socket)
            _ = unlinkat(place.folder, place.name, 0)
        }
    }

    /// A socket bound to the index's socket file and listening; throws `watcherRunning` when
    /// another watcher of this user answers there. A file left by a dead watcher, or held by
    /// another user's process, is replaced.
    static func listen(for indexPath: String) throws -> Listener {
        guard let place = Place(indexPath) else {
            throw KBError.watchUnavailable("cannot open the index's folder: \(String(cString: strerror(errno)))")
        }
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard socket >= 0 else { throw KBError.watchUnavailable("cannot make a socket: \(String(cString: strerror(errno)))") }
        func fail(_ error: KBError) -> KBError {
            Glibc.close(socket)
            return error
        }
        var bound = place.withAddress { bind(socket, $0, $1) == 0 }
        if !bound, errno == EADDRINUSE {
            switch place.holder() {
            case .sameUser: throw fail(KBError.watcherRunning(index: indexPath))
            case .notASocket: throw fail(KBError.watchUnavailable("\(place.displayPath) exists and is not kb's socket: remove it"))
            case .nobody, .otherUser:
                guard unlinkat(place.folder, place.name, 0) == 0 else {
                    throw fail(KBError.watchUnavailable("\(place.displayPath) is held by another user's process and cannot be removed"))
                }
                bound = place.withAddress { bind(socket, $0, $1) == 0 }
            }
        }
        guard bound else {
            let reason = errno
            throw fail(reason == EADDRINUSE ? KBError.watcherRunning(index: indexPath)
                                            : KBError.watchUnavailable("cannot listen for queries: \(String(cString: strerror(reason)))"))
        }
        // Only the owner may connect; the peer check below guards root, whom modes do not stop.
        _ = fchmodat(place.folder, place.name, 0o600, 0)
        guard Glibc.listen(socket, 64) == 0 else {
            let reason = errno
            _ = unlinkat(place.folder, place.name, 0)
            throw fail(KBError.watchUnavailable("cannot listen for queries: \(String(cString: strerror(reason)))"))
        }
        return Listener(socket: socket, place: place)
    }

    /// The socket file's folder (open) and name. Bound and reached through
    /// `/proc/self/fd/N/name`, so a long index path does not overflow `sun_path`.
    fileprivate final class Place {
        let folder: Int32
        let name: String
        let displayPath: String

        init?(_ indexPath: String) {
            let file = URL(fileURLWithPath: indexPath).standardizedFileURL
            folder = open(file.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard folder >= 0 else { return nil }
            let plain = file.lastPathComponent + "-watch"
            // sun_path holds 108 bytes with its NUL; the prefix takes at most 25.
            name = plain.utf8.count <= 80 ? plain : "kb-\(String(plain.utf8.reduce(FNV1a.offset, FNV1a.step), radix: 16))-watch"
            displayPath = file.deletingLastPathComponent().appendingPathComponent(name).path
        }

        deinit { close(folder) }

        func withAddress<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
            let path = Array("/proc/self/fd/\(folder)/\(name)".utf8)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { bytes in
                for (offset, byte) in path.enumerated() { bytes[offset] = byte }
            }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + 1)
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
            }
        }

        enum Holder { case nobody, sameUser, otherUser, notASocket }

        /// Who answers at the socket file that is in the way.
        func holder() -> Holder {
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return .nobody }
            guard info.st_mode & S_IFMT == S_IFSOCK else { return .notASocket }
            let probe = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard probe >= 0 else { return .nobody }
            defer { Glibc.close(probe) }
            guard withAddress({ connect(probe, $0, $1) == 0 }) else { return .nobody }
            return WatchChannel.peerIsSameUser(probe) ? .sameUser : .otherUser
        }
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
}
