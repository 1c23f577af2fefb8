import Foundation
import Testing
@testable import KnowledgeBase

/// What another local user, or a folder this user cannot write, can do to kb (issue 20). These
/// run programs as `nobody` through `setpriv`, so they need root (tests run as root here) and
/// are skipped elsewhere: root reads and writes through any file mode, so only a second user
/// shows what modes do.
@Suite(.serialized) struct SecondUserTests {
    static let setpriv = "/usr/bin/setpriv"
    static let python = "/usr/bin/python3"
    static var canSwitchUser: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv)
    }

    /// A plain environment: this user's (a Python set up under /root, say) may not work for nobody.
    static let environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": "/"]

    /// Starts `arguments` as `nobody`, with stdout on a pipe.
    static func startAsNobody(_ arguments: [String]) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: setpriv)
        process.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out.fileHandleForReading)
    }

    /// Runs `arguments` as `nobody` to the end.
    static func runAsNobody(_ arguments: [String]) throws -> CLITests.Run {
        try CLITests.run(setpriv, ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + arguments,
                         environment: environment)
    }

    static func firstLine(of handle: FileHandle) throws -> String {
        let line = CLITests.FirstLine()
        DispatchQueue.global().async { line.read(from: handle) }
        return String(decoding: try #require(line.wait(seconds: 60), "the process printed nothing"), as: UTF8.self)
    }

    /// A process of another user that binds the watch socket and answers "fresh" to all: a
    /// query refreshes anyway, `kb watch` starts anyway (and takes the socket over), and the
    /// watcher tells another user's process nothing.
    @Test(.enabled(if: canSwitchUser && FileManager.default.isExecutableFile(atPath: python)))
    func anotherUsersProcessCannotAnswerForTheWatcher() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("corpus"), folder = root.appendingPathComponent("index")
        try TestSupport.write(["corpus/note.md": "# Note\nfirstword\n"], under: root)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        // A folder anyone may write, as /tmp is: the other user can make the socket file there.
        chmod(folder.path, 0o777)
        let db = folder.appendingPathComponent("index.sqlite").path
        #expect(try CLITests.kb(["index", corpus.path, "--db", db]).status == 0)

        let socketPath = db + "-watch"
        let server = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX)
            os.chdir(os.path.dirname(sys.argv[1])); name = os.path.basename(sys.argv[1])  # sun_path is short
            s.bind(name); os.chmod(name, 0o777); s.listen(8)
            print("ready", flush=True)
            while True:
                c, _ = s.accept()
                try:
                    c.recv(64); c.sendall(b"fresh\\n")
                except Exception:
                    pass
                c.close()
            """
        let (impostor, impostorOut) = try Self.startAsNobody([Self.python, "-c", server, socketPath])
        defer {
            // SIGKILL: the test runner's threads block SIGTERM, and a child inherits the mask.
            kill(impostor.processIdentifier, SIGKILL)
            impostor.waitUntilExit()
        }
        #expect(try Self.firstLine(of: impostorOut).hasPrefix("ready"))

        // The impostor says "fresh"; the query must not believe it and must see the edit.
        try "# Note\nfirstword secondword\n".write(to: corpus.appendingPathComponent("note.md"), atomically: true, encoding: .utf8)
        let search = try CLITests.kb(["search", "secondword", "--corpus", corpus.path, "--db", db, "--json"])
        #expect(search.status == 0, "the query trusted another user's answer: \(search.stderr)")

        // Root's watcher starts, taking the socket file over.
        let (watch, watchOut) = try CLITests.startWatcher(corpus: corpus.path, db: db)
        defer {
            watch.terminate()
            watch.waitUntilExit()
        }
        _ = try Self.firstLine(of: watchOut.fileHandleForReading)
        let owner = try FileManager.default.attributesOfItem(atPath: socketPath)[.ownerAccountID] as? Int
        #expect(owner == 0, "root's watcher owns the socket file")
        try "# Note\nthirdword\n".write(to: corpus.appendingPathComponent("note.md"), atomically: true, encoding: .utf8)
        #expect(try CLITests.kb(["search", "thirdword", "--corpus", corpus.path, "--db", db]).status == 0)

        // Even let in by the file's mode, another user's process gets no answer.
        chmod(socketPath, 0o777)
        let client = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX); s.settimeout(10)
            os.chdir(os.path.dirname(sys.argv[1]))
            s.connect(os.path.basename(sys.argv[1]))
            try:
                s.sendall(b"fresh?\\n"); print(repr(s.recv(64)))
            except OSError:  # closed on it before it asked
                print("b''")
            """
        let asked = try Self.runAsNobody([Self.python, "-c", client, socketPath])
        #expect(asked.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "b''", "answer: \(asked.stdout) \(asked.stderr)")
    }

    /// A note that could not be read is read again once it can be, though its mtime did not
    /// move (chmod changes only the ctime).
    @Test(.enabled(if: canSwitchUser))
    func aNoteMadeReadableAgainIsReadAgain() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["corpus/alpha.md": "# Alpha\nalphaword\n", "corpus/bravo.md": "# Bravo\nbravoword\n"], under: root)
        for path in ["", "corpus", "corpus/alpha.md", "corpus/bravo.md"] {
            chown(root.appendingPathComponent(path).path, 65534, 65534)
        }
        let bravo = root.appendingPathComponent("corpus/bravo.md").path
        chmod(bravo, 0o000)
        let corpus = root.appendingPathComponent("corpus").path, db = root.appendingPathComponent("index.sqlite").path
        let first = try Self.runAsNobody([CLITests.binary, "index", corpus, "--db", db, "--json"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("bravo.md: cannot read the file"), "\(first.stdout) \(first.stderr)")
        #expect(try Self.runAsNobody([CLITests.binary, "search", "bravoword", "--corpus", corpus, "--db", db]).status == 1)
        chmod(bravo, 0o644)
        let found = try Self.runAsNobody([CLITests.binary, "search", "bravoword", "--corpus", corpus, "--db", db])
        #expect(found.status == 0, "\(found.stderr)")
        let again = try Self.runAsNobody([CLITests.binary, "index", corpus, "--db", db, "--json"])
        #expect(!again.stdout.contains("cannot read"), "\(again.stdout)")
    }
}
