import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// Every link style a note can use, resolved as a reader of the corpus expects.
@Suite struct LinkResolutionTests {
    static let files: [String: String] = [
        "guide/_index.md": "---\ntitle: Guide\n---\nThe guide.\n",
        "guide/setup/_index.md": "---\ntitle: Setup Guide\n---\nHow to set up.\n",
        "guide/intro/glossary.md": "---\ntitle: Glossary\n---\n## CDN\nA network of caches.\n",
        "s3/index.md": "---\ntitle: S3\naliases: [Storage, /old/s3/]\n---\nBuckets.\n",
        "a/dup.md": "---\ntitle: Duplicate\n---\nOne.\n",
        "b/dup.md": "---\ntitle: Duplicate\n---\nTwo.\n",
        "guide/intro/_index.md": """
            ---
            title: Intro
            ---
            ## Setup
            - [hugo sibling](../setup)
            - [parent](../)
            - [file relative](glossary.md)
            - [deep](../../s3/index.md)
            - [by alias url](/old/s3/)
            - [here](#setup)
            - [[Setup Guide]]
            - [[Storage|the bucket service]]
            - [[glossary#cdn]]
            - [[Missing]]
            - [[Duplicate]]
            - [outside](../../../../etc/passwd)
            """,
    ]

    func resolvedLinks() throws -> [String: LinkInfo] {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(Self.files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        let links = try base.graph.links(from: try base.note(named: "guide/intro"))
        return Dictionary(links.map { ($0.target, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func relativeLinksFollowHugoAndGitHubSemantics() throws {
        let links = try resolvedLinks()
        #expect(links["../setup"]?.targetPath == "guide/setup/_index.md")
        #expect(links["../"]?.targetPath == "guide/_index.md")
        #expect(links["glossary.md"]?.targetPath == "guide/intro/glossary.md")
        #expect(links["glossary.md"]?.resolution == .file)
        #expect(links["../../s3/index.md"]?.targetPath == "s3/index.md")
        #expect(links["/old/s3/"]?.targetPath == "s3/index.md")
        #expect(links["/old/s3/"]?.resolution == .alias)
        #expect(links["#setup"]?.resolution == .selfAnchor)
    }

    @Test func wikilinksResolveByTitleAliasAndFileName() throws {
        let links = try resolvedLinks()
        #expect(links["Setup Guide"]?.targetPath == "guide/setup/_index.md")
        #expect(links["Setup Guide"]?.resolution == .wikiTitle)
        #expect(links["Storage"]?.targetPath == "s3/index.md")
        #expect(links["Storage"]?.label == "the bucket service")
        #expect(links["glossary#cdn"]?.targetPath == "guide/intro/glossary.md")
    }

    @Test func missingAmbiguousAndEscapingLinksAreNeverGuessed() throws {
        let links = try resolvedLinks()
        #expect(links["Missing"]?.resolution == .broken)
        #expect(links["Duplicate"]?.resolution == .ambiguous)
        #expect(links["Duplicate"]?.candidates == ["a/dup.md", "b/dup.md"])
        #expect(links["../../../../etc/passwd"]?.resolution == .broken)
    }

    @Test func checkReportsBrokenAndAmbiguousLinks() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(Self.files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        let report = try base.graph.check()
        #expect(report.hasProblems)
        #expect(Set(report.broken.map(\.target)) == ["Missing", "../../../../etc/passwd"])
        #expect(report.ambiguous.map(\.target) == ["Duplicate"])
    }

    @Test func addingANoteRepairsLinksAndDeletingOneBreaksThem() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": "---\ntitle: A\n---\nSee [[B Note]] and [c](c.md).\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        #expect(try base.graph.check().broken.count == 2)
        try TestSupport.write(["b.md": "---\ntitle: B Note\n---\nHello.\n", "c.md": "# C\n"], under: root)
        _ = try base.refresh()
        #expect(try base.graph.check().broken.isEmpty)
        try FileManager.default.removeItem(at: root.appendingPathComponent("b.md"))
        _ = try base.refresh()
        #expect(try base.graph.check().broken.map(\.target) == ["B Note"])
    }

    @Test func resolverNeverClimbsAboveTheRoot() {
        #expect(LinkTarget.normalize(["a"], "../../x") == nil)
        #expect(LinkTarget.normalize(["a", "b"], "./../c/./d") == ["a", "c", "d"])
    }
}

/// Link syntaxes other than the seed's, as the parser sees them.
@Suite struct LinkSyntaxTests {
    static let markdown = """
        # Links

        A [reference link][ref], an autolink <https://example.org/page>, a bare www.example.com,
        raw <a href="../raw/">HTML anchor</a>, ![diagram](img/d.png), [[Wiki Page|shown label]],
        [[Other#Some Heading]], ![[embedded.png]] and `[[not a link]]` in code.

        [ref]: https://docs.example.com/ref "Title"
        """

    let links = NoteParser.parse(Data(markdown.utf8), path: "notes/links.md").links

    @Test func referenceAutolinkAndRawHTMLLinks() {
        #expect(links.contains { $0.target == "https://docs.example.com/ref" && $0.kind == .external && $0.label == "reference link" })
        #expect(links.contains { $0.target == "https://example.org/page" && $0.host == "example.org" })
        #expect(links.contains { $0.target == "http://www.example.com" && $0.kind == .external })
        #expect(links.contains { $0.target == "../raw/" && $0.kind == .internal && $0.label == "HTML anchor" })
        #expect(links.contains { $0.target == "img/d.png" && $0.kind == .image })
    }

    /// The autolink extension is attached only to notes with one of its marks: each mark alone
    /// still makes its link.
    @Test func bareLinksAreFoundByEachOfTheirMarks() {
        func targets(_ text: String) -> [String] { NoteParser.parse(Data(text.utf8), path: "n.md").links.map(\.target) }
        #expect(targets("Only www.example.com here.") == ["http://www.example.com"])
        #expect(targets("Mail ops@example.com today.") == ["mailto:ops@example.com"])
        #expect(targets("See https://example.org/a now.") == ["https://example.org/a"])
        #expect(targets("Plain words, a wwww.x word and no address.") == [])
        #expect(!MarkdownRenderer.mayHoldAutolink("Plain words, w and ww. only"))
    }

    @Test func wikilinksWithLabelsHeadingsAndEmbeds() {
        let wiki = links.filter { $0.kind == .wiki }
        #expect(wiki.map(\.target) == ["Wiki Page", "Other#Some Heading"])
        #expect(wiki.first?.label == "shown label")
        #expect(wiki.last?.anchor == "Some Heading")
        #expect(links.filter { $0.kind == .embed }.map(\.target) == ["embedded.png"])
        #expect(!links.contains { $0.target == "not a link" })
    }
}

/// Names match whatever their case, spacing or Unicode composition.
@Suite struct NormalizationTests {
    @Test func asciiAndUnicodeKeysFoldTheSameWay() {
        #expect(TextNormalizer.key("  Edge\tLocation \n") == "edge location")
        #expect(TextNormalizer.key("CloudFront") == "cloudfront")
        // "é" precomposed and as e + combining accent are one name.
        #expect(TextNormalizer.key("Caf\u{E9} Menu") == TextNormalizer.key("Cafe\u{301} MENU"))
        #expect(TextNormalizer.key("Straße") == "straße")
    }

    @Test func headingAnchorsFollowGitHubForASCIIAndUnicode() {
        #expect(TextNormalizer.anchor("What's New in v2.0 (Beta)!") == "whats-new-in-v20-beta")
        #expect(TextNormalizer.anchor("Edge_Location - FAQ\t") == "edge_location---faq")
        #expect(TextNormalizer.anchor("Q1") == "q1")
        #expect(TextNormalizer.anchor("Café Menu") == "café-menu")
        // The ASCII path and the Unicode one agree on the ASCII part of a heading.
        #expect(TextNormalizer.anchor("Café What's New v2") == "café-" + TextNormalizer.anchor("What's New v2"))
    }

    @Test func wikilinkOpenerIsFoundWhereverTheBracketsAre() {
        #expect("see [[Edge Location]]".containsBytes("[["))
        #expect("[[x".containsBytes("[["))
        #expect(!"a [b] [c] [".containsBytes("[["))
        #expect(!"".containsBytes("[["))
        #expect("a [x]] ://b".containsBytes("://") && !"a :/ /b".containsBytes("://"))
    }
}

/// Versions and translations of one page show as one result: the newest English page, unless
/// the query names a version.
@Suite struct VariantTests {
    func candidate(_ path: String, _ score: Double) -> SearchEngine.Candidate {
        SearchEngine.Candidate(id: Int64(path.count), path: path, title: path, score: score,
                               pattern: "x")
    }

    @Test func newestEnglishVariantStandsForThePage() {
        let ranked = [candidate("docs/v1/retries.md", 9), candidate("fr/docs/v2/retries.md", 8),
                      candidate("docs/v2/retries.md", 5), candidate("docs/v2/other.md", 4)]
        let collapsed = VariantCollapser.collapse(ranked)
        #expect(collapsed.map(\.path) == ["docs/v2/retries.md", "docs/v2/other.md"])
        #expect(collapsed.first?.score == 9)
    }

    @Test func aVersionNamedInTheQueryWins() {
        let ranked = [candidate("docs/v2/retries.md", 9), candidate("docs/v1/retries.md", 5)]
        #expect(VariantCollapser.requestedVersion(in: ["retry", "delay", "in", "skiff", "1.x"]) == 1)
        #expect(VariantCollapser.requestedVersion(in: ["version", "2", "config"]) == 2)
        #expect(VariantCollapser.requestedVersion(in: ["retry", "delay"]) == nil)
        #expect(VariantCollapser.collapse(ranked, requested: 1).map(\.path) == ["docs/v1/retries.md"])
    }
}
