import Foundation
import KBCommandLine
import KnowledgeBase
import Testing

// A whole REPL session in this process, with no terminal and no tmux: lines go in through a
// scripted LineReader, and what the session prints is read back from stdout and stderr.

@Suite("REPL session in process", .serialized)
struct REPLSessionTests {
    @Test func aScriptRunsItsLinesOverTheBundledCorpusAndStopsAtQuit() throws {
        let base = try Self.bundledCorpusCopy()
        let session = REPLSession(base: base, reader: LineReader(lines: [
            "search origin",
            "define cdn",
            "open cloudfront",
            "frobnicate",
            "related",
            ":quit",
            #"define "edge location""#,
        ]))

        let output = try OutputCapture.run { session.run() }

        #expect(output.stdout.contains("CloudFront › Origin"))
        #expect(output.stdout.contains("A collection of Edge Locations that can distribute content around the world."))
        #expect(output.stdout.contains("CloudFront  aws/cloudfront/_index.md"))
        // `related` with no note named acts on the note `open` made current.
        #expect(output.stdout.contains("DynamoDB  aws/dynamodb/_index.md"))
        #expect(output.stderr.contains("unknown command 'frobnicate'"))
        #expect(!output.stdout.contains("unknown command"))
        // The line after :quit is never run.
        #expect(!output.stdout.contains("The location where content is cached"))
        // Lines from a script print no prompt.
        #expect(!output.stdout.contains("kb>"))
        #expect(session.prompt == "kb:cloudfront> ")
    }

    @Test func theEndOfTheLinesEndsTheSessionLikeTheEndOfAPipe() throws {
        let base = try Self.bundledCorpusCopy()
        let session = REPLSession(base: base, reader: LineReader(lines: ["open cloudfront", "back"]))

        let output = try OutputCapture.run { session.run() }

        #expect(output.stdout.contains("no note is open"))
        #expect(session.prompt == "kb> ")
    }

    /// The bundled corpus copied to a scratch folder and indexed there, so the session reads
    /// the same notes the pipe check does without writing into the repository.
    static func bundledCorpusCopy(_ name: String = #function) throws -> KnowledgeBase {
        let root = try TestSupport.scratchFolder(name).appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: TestSupport.bundledCorpus, to: root)
        // A copied `.kb` index, if the bundled corpus has one, would belong to the other path.
        try? FileManager.default.removeItem(at: root.appendingPathComponent(".kb"))
        return try TestSupport.indexed(root).0
    }
}

/// What a block of code wrote to the process's stdout and stderr, caught by pointing both
/// descriptors at files while it runs. The REPL and the renderers it shares with the CLI print
/// straight to the standard streams, so this is where their output can be read back.
enum OutputCapture {
    static func run(_ body: () throws -> Void) throws -> (stdout: String, stderr: String) {
        // A terminal running the tests must not turn on colour for the captured text.
        setenv("NO_COLOR", "1", 1)
        let folder = try TestSupport.scratchFolder("capture")
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        fflush(nil)
        let savedOut = dup(1), savedErr = dup(2)
        let outFile = open(outURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let errFile = open(errURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        dup2(outFile, 1)
        dup2(errFile, 2)
        defer {
            fflush(nil)
            dup2(savedOut, 1)
            dup2(savedErr, 2)
            for descriptor in [savedOut, savedErr, outFile, errFile] { close(descriptor) }
        }
        try body()
        fflush(nil)
        return (try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }
}
