import Foundation
import Testing
@testable import KnowledgeBase

/// No file can crash or hang an index: each is indexed as far as it can be, with a warning.
@Suite struct BadInputTests {
    @Test func malformedYAMLIsReportedWithItsPositionAndTheBodyKept() {
        let text = "---\ntitle: [unclosed\ntags: a\n---\n# Heading\nThe body survives.\n"
        let note = NoteParser.parse(Data(text.utf8), path: "bad.md")
        #expect(note.warnings.count == 1)
        #expect(note.warnings[0].contains("malformed YAML front matter"))
        #expect(note.warnings[0].contains("line"))
        #expect(note.body.contains("The body survives."))
        #expect(note.title == "Heading")
    }

    @Test func invalidUTF8IsReplacedNotDropped() {
        var data = Data("# Title\nbefore ".utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0xC3])
        data.append(Data(" after\n".utf8))
        let note = NoteParser.parse(data, path: "latin1.md")
        #expect(note.warnings.contains { $0.contains("invalid UTF-8") })
        #expect(note.body.contains("before"))
        #expect(note.body.contains("after"))
    }

    @Test func binaryDataIsSkippedWithAWarning() {
        let data = Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02] + Array(repeating: UInt8(7), count: 100))
        let note = NoteParser.parse(data, path: "image.md")
        #expect(note.warnings.contains { $0.contains("binary") })
        #expect(note.body.isEmpty)
        #expect(note.title == "image")
    }

    @Test func emptyFileIsANoteWithItsFileName() {
        let note = NoteParser.parse(Data(), path: "dir/empty.md")
        #expect(note.title == "empty")
        #expect(note.sections.isEmpty)
        #expect(note.warnings.isEmpty)
    }

    /// A section's `_index.md` often holds only front matter: an empty page, not an unreadable
    /// one, and its front matter is not its text.
    @Test func aNoteWithOnlyFrontMatterHasAnEmptyBodyAndNoWarning() {
        let note = NoteParser.parse(Data("---\ntitle: News\nweight: 10\n---\n".utf8), path: "news/_index.md")
        #expect(note.title == "News")
        #expect(note.warnings.isEmpty)
        #expect(!note.body.contains("weight"))
    }

    @Test func twentyMegabyteFileKeepsAllItsText() {
        let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n"
        var text = "# Huge\n\n" + String(repeating: line, count: 20_000_000 / line.utf8.count)
        text += "The very last words.\n"
        let note = NoteParser.parse(Data(text.utf8), path: "huge.md")
        #expect(note.title == "Huge")
        #expect(note.body.hasSuffix("The very last words."))
        #expect(note.warnings.contains { $0.contains("larger than") })
    }

    @Test func deepBlockquoteNestingDoesNotOverflowTheStack() {
        let text = String(repeating: ">", count: 5000) + " deep text\n"
        let note = NoteParser.parse(Data(text.utf8), path: "deep.md")
        #expect(note.body.contains("deep text"))
    }

    @Test func deepListNestingKeepsItsText() {
        var text = ""
        for level in 0..<5000 { text += String(repeating: "  ", count: level) + "- item \(level)\n" }
        let note = NoteParser.parse(Data(text.utf8), path: "lists.md")
        #expect(note.body.contains("item 0"))
        #expect(note.body.contains("item 4999"))
    }

    @Test func symlinkLoopsAndEscapesAreSkippedWithWarnings() throws {
        let root = try TestSupport.scratchFolder()
        let outside = try TestSupport.scratchFolder("outside")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try TestSupport.write(["a/note.md": "# Note\n"], under: root)
        try TestSupport.write(["secret.md": "# Secret\n"], under: outside)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("a/loop").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path, withDestinationPath: outside.path)
        let scan = CorpusScanner(root: root).scan()
        #expect(scan.files.map(\.path) == ["a/note.md"])
        #expect(scan.warnings.contains { $0.contains("loop") })
        #expect(scan.warnings.contains { $0.contains("outside") })
        #expect(scan.folders == nil, "a corpus with symlinks is always walked in full")
    }

    @Test func indexingABadCorpusKeepsEveryNoteAndReportsWarnings() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["ok.md": "# Fine\nwords\n", "bad.md": "---\ntitle: [x\n---\nstill searchable\n"], under: root)
        try TestSupport.write(Data([0, 1, 2, 3]), to: "bin.md", under: root)
        let (base, summary) = try TestSupport.indexed(root)
        #expect(summary.notes == 3)
        #expect(summary.warnings.contains { $0.hasPrefix("bad.md:") })
        #expect(summary.warnings.contains { $0.hasPrefix("bin.md:") })
        #expect(try base.search.search("still searchable").hits.first?.path == "bad.md")
    }
}

/// Front matter in its three formats.
@Suite struct FrontMatterTests {
    @Test func tomlFrontMatter() {
        let text = "+++\ntitle = \"Toml Note\"\ntags = [\"A\", \"b\"]\nweight = 3\ndraft = true\ndate = 2021-01-02\n+++\nBody\n"
        let note = NoteParser.parse(Data(text.utf8), path: "t.md")
        #expect(note.title == "Toml Note")
        #expect(note.tags.map(\.name) == ["A", "b"])
        #expect(note.weight == 3)
        #expect(note.draft)
        #expect(note.date == "2021-01-02")
    }

    @Test func jsonFrontMatter() {
        let text = "{\n  \"title\": \"Json Note\",\n  \"tags\": [\"x\"],\n  \"draft\": false\n}\nBody text\n"
        let note = NoteParser.parse(Data(text.utf8), path: "j.md")
        #expect(note.title == "Json Note")
        #expect(note.tags.map(\.name) == ["x"])
        #expect(!note.draft)
        #expect(note.body == "Body text")
    }

    @Test func emptyTagsAreDroppedAndDuplicatesMerged() {
        let text = "---\ntags: [AWS, '', aws, Lambda]\n---\n"
        #expect(NoteParser.parse(Data(text.utf8), path: "x.md").tags.map(\.name) == ["AWS", "Lambda"])
    }

    @Test func hugoURLs() {
        #expect(NoteIdentity.url(forPath: "aws/cloudfront/_index.md") == "/aws/cloudfront/")
        #expect(NoteIdentity.url(forPath: "a/b.md") == "/a/b/")
        #expect(NoteIdentity.url(forPath: "a/index.md") == "/a/")
    }

    @Test func htmlFilesGoThroughTheSameDOMPath() {
        let html = "<html><head><title>Page</title></head><body><h2>Part</h2><p>Some <a href='other.html'>link</a>.</p></body></html>"
        let note = NoteParser.parse(Data(html.utf8), path: "site/page.html")
        #expect(note.title == "Page")
        #expect(note.sections.map(\.heading) == ["Part"])
        #expect(note.links.first?.target == "other.html")
    }
}
