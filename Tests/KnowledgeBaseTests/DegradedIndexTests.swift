import Foundation
import Testing
@testable import KnowledgeBase

/// A full disk, a read-only index folder and a folder given as --db each get a message that
/// says what happened and what to do, and read-only queries keep answering from the index as
/// it is (issue 20, item 7).
@Suite(.serialized) struct DegradedIndexTests {
    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A small file system of its own to fill, where the test may mount one (root here).
    static func mountSmallDisk(at folder: URL) -> Bool {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        return (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", folder.path])) == 0
    }

    /// Fills the disk that holds `folder` to the last byte.
    static func fill(_ folder: URL) {
        let fd = open(folder.appendingPathComponent("filler").path, O_CREAT | O_WRONLY, 0o600)
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 65536)
        while write(fd, block, block.count) > 0 {}
        var rest = [UInt8](repeating: 0, count: 1)
        while write(fd, &rest, 1) > 0 {}
    }

    @Test func aFullDiskIsSaidPlainlyAndQueriesAnswerFromTheIndexAsItIs() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let disk = root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard Self.mountSmallDisk(at: disk) else { return }  // no way to make a full disk here
        defer { _ = try? Self.run("/bin/umount", [disk.path]) }
        try TestSupport.write(["corpus/note.md": "# Note\nsteady words\n"], under: root)
        let corpus = root.appendingPathComponent("corpus").path, db = disk.appendingPathComponent("index.sqlite").path
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        Self.fill(disk)
        // An edit big enough that its refresh cannot be written.
        let words = (0..<60000).map { "w\($0 &* 2654435761 % 1_000_000_007)" }.joined(separator: " ")
        try "# Big\nfreshword \(words)\n".write(to: root.appendingPathComponent("corpus/big.md"), atomically: true, encoding: .utf8)

        let query = try CLITests.kb(["search", "steady", "--corpus", corpus, "--db", db, "--json"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect((query.json as? [Any])?.isEmpty == false)
        #expect(query.stderr.contains("disk") && query.stderr.contains("full") && query.stderr.contains("as it was"), "\(query.stderr)")
        for command in [["index", corpus], ["index", corpus, "--rebuild"]] {
            let index = try CLITests.kb(command + ["--db", db])
            #expect(index.status == 2)
            #expect(index.stderr.contains("full") && index.stderr.contains("free some space"), "\(index.stderr)")
            #expect(!index.stderr.contains("SQLite error") && !index.stderr.contains("INSERT") && !index.stderr.contains("CREATE"), "\(index.stderr)")
        }
        try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
        #expect(try CLITests.kb(["search", "freshword", "--corpus", corpus, "--db", db]).status == 0, "caught up once there is room")
        let left = try FileManager.default.contentsOfDirectory(atPath: disk.path)
        #expect(!left.contains { $0.contains(".building-") }, "\(left)")
    }

    /// As another user, who may read the index but not write its folder: queries answer, with
    /// a warning when the notes changed; `kb index` says what to do.
    @Test(.enabled(if: SecondUserTests.canSwitchUser))
    func aReadOnlyIndexFolderStillAnswers() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        chmod(root.path, 0o755)
        try TestSupport.write(["corpus/note.md": "# Note\nsteady words\n"], under: root)
        let corpus = root.appendingPathComponent("corpus").path, folder = root.appendingPathComponent("index")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        chmod(folder.path, 0o755)
        let db = folder.appendingPathComponent("index.sqlite").path
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        func asNobody(_ arguments: [String]) throws -> CLITests.Run {
            try SecondUserTests.runAsNobody([CLITests.binary] + arguments + ["--corpus", corpus, "--db", db])
        }
        #expect(try asNobody(["search", "steady", "--no-refresh"]).status == 0)
        let quiet = try asNobody(["search", "steady"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "nothing changed, nothing to say: \(quiet.stderr)")
        try "# Later\nlaterword\n".write(to: root.appendingPathComponent("corpus/later.md"), atomically: true, encoding: .utf8)
        chmod(root.appendingPathComponent("corpus/later.md").path, 0o644)
        let stale = try asNobody(["search", "steady"])
        #expect(stale.status == 0)
        #expect(stale.stderr.contains("read-only") && stale.stderr.contains("--db"), "\(stale.stderr)")
        let index = try SecondUserTests.runAsNobody([CLITests.binary, "index", corpus, "--db", db])
        #expect(index.status == 2 && index.stderr.contains("read-only"), "\(index.stderr)")
        #expect(!index.stderr.contains("SQLite error"))
    }

    @Test func aFolderGivenAsTheIndexSaysToNameAFileInIt() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["corpus/note.md": "# Note\n"], under: root)
        let run = try CLITests.kb(["search", "note", "--corpus", root.appendingPathComponent("corpus").path, "--db", root.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a folder") && run.stderr.contains("index.sqlite"), "\(run.stderr)")
        #expect(!run.stderr.contains("SQLite error"))
    }
}

/// A killed `--rebuild` leaves `<db>.building-PID-*`; any later run removes those of dead
/// processes, not only the next full build (issue 20, item 8).
@Suite(.serialized) struct LeftoverTests {
    @Test func everyRunRemovesScratchFilesOfDeadBuilds() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["corpus/note.md": "# Note\nsome words\n"], under: root)
        let corpus = root.appendingPathComponent("corpus").path, db = root.appendingPathComponent("x.sqlite").path
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = db + ".building-\(finished.processIdentifier)-1"
        // This process's id, on a file older than this process: left by an earlier process
        // whose id was reused.
        let reused = db + ".building-\(getpid())-2"
        // This process's id on a new file: a build under way, to be left alone.
        let running = db + ".building-\(getpid())-3"
        for path in [dead, reused, running] { FileManager.default.createFile(atPath: path, contents: Data("half a build".utf8)) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 946_684_800)], ofItemAtPath: reused)
        #expect(try CLITests.kb(["search", "words", "--corpus", corpus, "--db", db, "--no-refresh"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dead), "a dead build's scratch file is removed")
        #expect(!FileManager.default.fileExists(atPath: reused), "a reused process id does not keep it")
        #expect(FileManager.default.fileExists(atPath: running), "a running build's is kept")
    }

    /// A real build killed part way leaves nothing once another command has run.
    @Test func aKilledRebuildLeavesNothingBehindAfterTheNextQuery() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // Enough notes that the build is still running when it is killed.
        var files: [String: String] = [:]
        for index in 0..<1000 { files["corpus/n\(index).md"] = "# Note \(index)\n- **Term \(index):** words \(index) and more words\n" }
        try TestSupport.write(files, under: root)
        let corpus = root.appendingPathComponent("corpus").path, db = root.appendingPathComponent("x.sqlite").path
        #expect(try CLITests.kb(["index", corpus, "--db", db]).status == 0)
        func scratchFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains(".building-") }
        }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: CLITests.binary)
        build.arguments = ["index", corpus, "--db", db, "--rebuild"]
        build.standardOutput = FileHandle.nullDevice
        build.standardError = FileHandle.nullDevice
        try build.run()
        // Killed as soon as its scratch file appears (or when it ends, if it is quicker).
        while build.isRunning, try scratchFiles().isEmpty { usleep(1000) }
        kill(build.processIdentifier, SIGKILL)
        build.waitUntilExit()
        #expect(try CLITests.kb(["search", "words", "--corpus", corpus, "--db", db, "--no-refresh"]).status == 0)
        #expect(try scratchFiles().isEmpty)
    }
}
