import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// Notes whose names kb cannot store or tell apart are reported, never silently lost (issue 20, item 5).
@Suite(.serialized) struct FileNameTests {
    @Test func aNameThatIsNotUTF8IsSkippedWithAWarning() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["good.md": "# Good\n"], under: root)
        // caf\xE9.md: Latin-1, not UTF-8.
        let name: [UInt8] = Array(root.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".md".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        _ = write(fd, "# Latin\n", 8)
        close(fd)
        let (base, summary) = try TestSupport.indexed(root)
        #expect(summary.notes == 1)
        #expect(summary.warnings.contains { $0.contains("not valid UTF-8") }, "\(summary.warnings)")
        // Every refresh still says so, not only the first.
        #expect(try base.refresh().warnings.contains { $0.contains("not valid UTF-8") })
        let run = try CLITests.kb(["index", root.path, "--db", root.appendingPathComponent("cli.sqlite").path])
        #expect(run.stderr.contains("not valid UTF-8"), "\(run.stderr)")
        let check = try CLITests.kb(["check", "--corpus", root.path, "--db", root.appendingPathComponent("cli.sqlite").path])
        #expect(check.stdout.contains("not valid UTF-8"), "kb check reports it too: \(check.stdout)")
    }

    /// `café.md` precomposed and decomposed: one is indexed, the other reported; the note can
    /// be named by path and every export works.
    @Test func twoNamesInDifferentUnicodeFormsKeepOneAndWarn() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let nfc = "caf\u{E9}.md", nfd = "cafe\u{301}.md"
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        try TestSupport.write(["start.md": "# Start\n[cafe](café.md)\n"], under: root)
        try Data("# Composed\n".utf8).write(to: URL(fileURLWithPath: root.path + "/" + nfd))
        let (base, first) = try TestSupport.indexed(root)
        #expect(first.notes == 2)
        try Data("# Composed NFC\n".utf8).write(to: URL(fileURLWithPath: root.path + "/" + nfc))
        let summary = try base.refresh()
        #expect(summary.notes == 2, "one of the twins only")
        #expect(summary.warnings.contains { $0.contains("another Unicode form") }, "\(summary.warnings)")
        let paths = try base.database.read { db in try String.fetchAll(db, sql: "SELECT path FROM note WHERE path <> 'start.md'") }
        #expect(paths.map { Array($0.utf8) } == [Array(nfc.utf8)], "the precomposed one is kept")
        #expect(try base.document(of: base.note(named: nfc)).title == "Composed NFC")
        #expect(try base.note(named: nfd).path == nfc)
        let db = root.appendingPathComponent(".kb/test.sqlite").path
        for format in ["json", "graphml", "gexf", "dot", "csv", "mermaid"] {
            let run = try CLITests.kb(["export", "--format", format, "--corpus", root.path, "--db", db])
            #expect(run.status == 0, "\(format): \(run.stderr)")
        }
    }
}
