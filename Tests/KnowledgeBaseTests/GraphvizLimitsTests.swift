import Foundation
import Testing
@testable import KnowledgeBase

/// Graphviz runs as a child of kb: it gets a layout engine it can finish, a time limit, and it
/// ends with kb when kb is stopped. A stand-in `dot` that never finishes shows the last two.
@Suite(.serialized, .timeLimit(.minutes(1))) struct GraphvizLimitsTests {
    /// A folder holding an executable `dot` that records its pid and its input file, then
    /// sleeps far longer than any test waits.
    static func hangingDot() throws -> URL {
        let folder = try TestSupport.scratchFolder("hanging-dot")
        let script = """
            #!/bin/sh
            for last; do :; done
            echo "$last" > "\(folder.path)/input.tmp" && mv "\(folder.path)/input.tmp" "\(folder.path)/input"
            echo $$ > "\(folder.path)/pid.tmp" && mv "\(folder.path)/pid.tmp" "\(folder.path)/pid"
            exec sleep 600
            """
        let dot = folder.appendingPathComponent("dot")
        try Data(script.utf8).write(to: dot)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dot.path)
        return folder
    }

    static func recorded(_ name: String, in folder: URL) -> String? {
        (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func isAlive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 }

    static func graph(notes: Int, edgesPerNote: Int) -> GraphSnapshot {
        let nodes = (0..<notes).map { GraphNode(id: "n\($0).md", label: "Note \($0)", kind: .note, path: "n\($0).md") }
        let edges = (0..<notes).flatMap { from in
            (1...edgesPerNote).map { GraphEdge(source: "n\(from).md", target: "n\((from + $0) % notes).md", kind: .link) }
        }
        return GraphSnapshot(nodes: nodes, edges: edges)
    }

    @Test func largeGraphsGetAForceDirectedLayoutWithoutOverlaps() {
        #expect(SVGRenderer.layout(for: Self.graph(notes: 10, edgesPerNote: 2)) == ["-Kdot"])
        let large = SVGRenderer.layout(for: Self.graph(notes: 200, edgesPerNote: 1))
        #expect(large.first == "-Ksfdp")
        #expect(large.contains("-Goverlap=prism"))
        // Many edges between few notes are what made dot slow.
        #expect(SVGRenderer.layout(for: Self.graph(notes: 40, edgesPerNote: 10)).first == "-Ksfdp")
    }

    @Test func aLayoutPastItsTimeLimitIsStoppedAndCleanedUp() throws {
        let folder = try Self.hangingDot()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { try SVGRenderer.render(Self.graph(notes: 3, edgesPerNote: 1), timeLimit: 0.5, searchPath: folder.path) } throws: { error in
            guard let error = error as? ExportError else { return false }
            return error.reason == .graphvizFailed && error.description.contains("did not lay out")
        }
        let pid = try #require(Self.recorded("pid", in: folder).flatMap { pid_t($0) })
        #expect(!Self.isAlive(pid))
        let input = try #require(Self.recorded("input", in: folder))
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: input).deletingLastPathComponent().path))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalEndsGraphvizAndRemovesItsFolder(_ signal: Int32) throws {
        let folder = try Self.hangingDot()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("index.sqlite").path
        let kb = Process()
        kb.executableURL = URL(fileURLWithPath: CLITests.binary)
        kb.arguments = ["export", "--format", "svg", "--corpus", TestSupport.bundledCorpus.path, "--db", db]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        kb.environment = ProcessInfo.processInfo.environment.merging(["PATH": folder.path + ":" + path]) { $1 }
        kb.standardOutput = FileHandle.nullDevice
        kb.standardError = FileHandle.nullDevice
        try kb.run()
        var pid: pid_t?
        for _ in 0..<400 where pid == nil {
            pid = Self.recorded("pid", in: folder).flatMap { pid_t($0) }
            if pid == nil { usleep(25_000) }
        }
        let dot = try #require(pid, "the stand-in dot never started")
        kill(kb.processIdentifier, signal)
        kb.waitUntilExit()
        #expect(kb.terminationReason == .uncaughtSignal)
        #expect(kb.terminationStatus == signal)
        #expect(!Self.isAlive(dot))
        let input = try #require(Self.recorded("input", in: folder))
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: input).deletingLastPathComponent().path))
    }
}
