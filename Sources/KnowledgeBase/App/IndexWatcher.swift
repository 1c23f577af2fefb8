import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `kb watch`: keeps an index current while the notes change, and answers queries that ask
/// whether it is (`WatchChannel`), so they skip their own stat of every file.
///
/// It vouches for the index only when it has refreshed it after the last change it saw, and
/// it reads the kernel's pending events just before each answer: an edit that finished before
/// a query asked is never missed. A change it cannot see (a folder it could not watch) stops
/// it, so it never vouches for what it does not know.
public final class IndexWatcher: @unchecked Sendable {
    private var base: KnowledgeBase
    /// The index file this watcher's connection writes, as of its last refresh. Another
    /// process's `kb index --rebuild` renames a new file over it; refreshing the old one then
    /// would vouch for a file no query reads.
    private var indexFile: FileIdentity?
    private let watch: FolderWatch
    /// The socket queries ask on; closed (-1) once `run` ends, so they stop waiting for answers.
    private var listener: Int32
    private let channel: WatchChannel.Listener
    private let stopPipe: (read: Int32, write: Int32)
    /// A change seen and not yet refreshed.
    private var stale = false
    /// When to refresh, if stale: a moment after the last change, since an editor's save is
    /// often several writes and a rename; a while after a failed refresh, so a lasting error
    /// (the corpus folder gone, say) is not retried in a tight loop.
    private var refreshDue = DispatchTime.now()
    private static let settle = 0.05, retry = 2.0

    /// Claims the index's socket and watches every folder of the corpus.
    public init(base: KnowledgeBase) throws {
        self.base = base
        channel = try WatchChannel.listen(for: base.indexPath)
        listener = channel.socket
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            channel.close()
            throw KBError.watchUnavailable("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        stopPipe = (fds[0], fds[1])
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let root = base.root.realPath
        do {
            // The index's own files (should it live in a watched folder) are not the corpus's.
            watch = try FolderWatch(root: root, folders: try Self.folders(of: base.corpus),
                                    ignoring: URL(fileURLWithPath: base.indexPath).lastPathComponent)
            // A folder made between that listing and its parent's watch raised no event: list again.
            try watch.addMissing(try Self.folders(of: base.corpus))
        } catch {
            channel.close()
            [fds[0], fds[1]].forEach { close($0) }
            throw error
        }
    }

    deinit {
        if listener >= 0 { channel.close() }
        [stopPipe.read, stopPipe.write].forEach { close($0) }
    }

    /// How many folders are watched.
    public var folderCount: Int { watch.count }

    /// Ends `run` from any thread.
    public func stop() { _ = write(stopPipe.write, "x", 1) }

    /// Refreshes once, then refreshes after every change and answers queries until `stop()`.
    /// `report` gets each refresh's summary, or the error it failed with.
    public func run(report: (Result<IndexSummary, Error>) -> Void) throws {
        defer {
            channel.close()
            listener = -1
        }
        try refresh(report)
        while true {
            var waits = [pollfd(fd: watch.descriptor, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
            let timeout: Int32 = stale ? Int32(max(1, millisecondsUntil(refreshDue))) : -1
            guard poll(&waits, 3, timeout) >= 0 || errno == EINTR else {
                throw KBError.watchUnavailable("poll failed: \(String(cString: strerror(errno)))")
            }
            if waits[2].revents != 0 { return }
            try take(watch.drain())
            if waits[1].revents != 0 { try answerQueries(report) }
            if stale, millisecondsUntil(refreshDue) <= 0 { try refresh(report) }
        }
    }

    private func millisecondsUntil(_ time: DispatchTime) -> Int64 {
        (Int64(time.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)) / 1_000_000
    }

    private func take(_ drained: FolderWatch.Drained) throws {
        if let failure = drained.failure { throw KBError.watchUnavailable(failure) }
        if drained.changed {
            stale = true
            refreshDue = .now() + Self.settle
        }
    }

    /// Answers every waiting query: refreshes first if anything changed, so the query need not.
    private func answerQueries(_ report: (Result<IndexSummary, Error>) -> Void) throws {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            defer { close(client) }
            // Another user's process learns nothing, and its question costs no refresh.
            guard WatchChannel.peerIsSameUser(client) else { continue }
            guard WatchChannel.readLine(client, timeout: 1000) == WatchChannel.question else { continue }
            try take(watch.drain())
            if stale || indexReplaced { try refresh(report) }
            WatchChannel.reply(client, stale ? WatchChannel.no : WatchChannel.yes)
        }
    }

    /// A failed refresh leaves the index stale (and is reported); the watch goes on.
    private func refresh(_ report: (Result<IndexSummary, Error>) -> Void) throws {
        if indexReplaced { base = try KnowledgeBase(corpus: base.corpus, indexPath: base.indexPath) }
        stale = false
        do {
            report(.success(try base.refresh()))
            indexFile = FileIdentity(of: base.indexPath)
        } catch {
            stale = true
            refreshDue = .now() + Self.retry
            report(.failure(error))
        }
        // Changes made while the refresh ran may have been missed by it.
        try take(watch.drain())
    }

    /// True when the file at the index path is no longer the one refreshed last: it is then
    /// opened anew before the next refresh.
    private var indexReplaced: Bool {
        indexFile.map { FileIdentity(of: base.indexPath) != $0 } ?? false
    }

    /// The folders a scan walks, or an error when some cannot be watched by path.
    private static func folders(of corpus: URL) throws -> [String] {
        guard let folders = CorpusScanner(root: corpus).scan().folders else {
            throw KBError.watchUnavailable("the corpus has symlinked or unreadable folders, which a watch cannot follow")
        }
        return folders.map(\.path)
    }
}

/// Which file a path names now (device and inode).
private struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(of path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
