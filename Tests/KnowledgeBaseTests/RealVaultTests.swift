import Foundation
import Testing
@testable import KnowledgeBase

/// An Obsidian vault's links, attachments, tags and titles, resolved as Obsidian resolves them.
@Suite struct ObsidianVaultTests {
    /// A vault (it has `.obsidian/`) whose notes and files are written by `files`.
    static func vault(_ files: [String: String]) throws -> (URL, KnowledgeBase) {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([".obsidian/app.json": "{}"].merging(files) { _, new in new }, under: root)
        let (base, _) = try TestSupport.indexed(root)
        return (root, base)
    }

    static func links(_ base: KnowledgeBase, from note: String) throws -> [String: LinkInfo] {
        let links = try base.graph.links(from: try base.note(named: note))
        return Dictionary(links.map { ($0.target, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func sameNoteHeadingAndBlockLinksReachTheNoteItself() throws {
        let (root, base) = try Self.vault(["day.md": "# Day\n\nSee [[#Date]] and [[#^first]].\n\n## Date\n\nA line. ^first\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let links = try Self.links(base, from: "day.md")
        #expect(links["#Date"]?.resolution == .selfAnchor && links["#Date"]?.targetPath == "day.md")
        #expect(links["#^first"]?.resolution == .selfAnchor)
        let report = try base.graph.check()
        #expect(report.broken.isEmpty)
        #expect(try base.brokenAnchors().isEmpty)
    }

    @Test func escapedBracketsAndCodeAreNotLinks() throws {
        let (root, base) = try Self.vault([
            "a.md": "Write \\[\\[Target\\]\\] to link; `[[Inline]]` is code.\n\n```\n[[Fenced]]\n```\n\nBut [[Real]] is a link.\n\n| a | b |\n|---|---|\n| [[Real\\|in a table]] | x |\n",
            "Real.md": "Real.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let links = try base.graph.links(from: try base.note(named: "a.md"))
        #expect(links.map(\.target) == ["Real", "Real"])
        #expect(links.last?.label == "in a table")
    }

    @Test func aPartialPathMatchesTheEndOfAFilesPath() throws {
        let (root, base) = try Self.vault([
            "docs/Sync/Security and privacy.md": "Safe.\n",
            "docs/Other/Security and privacy.md": "Other.\n",
            "docs/Intro.md": "Read [[Sync/Security and privacy]].\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let link = try Self.links(base, from: "docs/Intro.md")["Sync/Security and privacy"]
        #expect(link?.targetPath == "docs/Sync/Security and privacy.md")
        #expect(link?.resolution == .wikiPath)
    }

    @Test func aNameClashResolvesToTheNearestFileThenTheShortestPath() throws {
        let (root, base) = try Self.vault([
            "a/Note.md": "A.\n", "b/Note.md": "B.\n", "b/deep/er/Note.md": "Deep.\n",
            "b/from.md": "[[Note]]\n", "top.md": "[[Note]]\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let near = try Self.links(base, from: "b/from.md")["Note"]
        #expect(near?.targetPath == "b/Note.md")
        #expect(near?.candidates?.sorted() == ["a/Note.md", "b/Note.md", "b/deep/er/Note.md"])
        // From the root, a/ and b/ are as near: the shorter path (then the first) wins.
        #expect(try Self.links(base, from: "top.md")["Note"]?.targetPath == "a/Note.md")
        #expect(try base.graph.check().ambiguous.isEmpty)
    }

    @Test func attachmentsAreNodesAndAnAddedOneRepairsItsEmbeds() throws {
        let (root, base) = try Self.vault([
            "notes/Page.md": "![[Backlinks.png]] ![[cog.svg#icon]] ![shot](images/shot.png) ![[Missing.png]] [[manual.pdf]]\n",
            "images/Backlinks.png": "png", "images/shot.png": "png", "assets/cog.svg": "<svg/>",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let links = try Self.links(base, from: "notes/Page.md")
        #expect(links["Backlinks.png"]?.targetPath == "images/Backlinks.png")
        #expect(links["cog.svg#icon"]?.targetPath == "assets/cog.svg")
        // A Markdown link no relative path reaches is found by path suffix, as Obsidian does.
        #expect(links["images/shot.png"]?.targetPath == "images/shot.png")
        #expect(Set(try base.graph.check().broken.map(\.target)) == ["Missing.png", "manual.pdf"])
        let orphans = try base.graph.check().orphans
        #expect(!orphans.contains { $0.hasSuffix(".png") })
        try TestSupport.write(["docs/manual.pdf": "%PDF"], under: root)
        _ = try base.refresh()
        #expect(try base.graph.check().broken.map(\.target) == ["Missing.png"])
        try FileManager.default.removeItem(at: root.appendingPathComponent("docs/manual.pdf"))
        _ = try base.refresh()
        #expect(Set(try base.graph.check().broken.map(\.target)) == ["Missing.png", "manual.pdf"])
    }

    @Test func becomingAVaultRereadsTheNotesWithObsidiansRules() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["notes/a.md": "![shot](images/shot.png)\n", "images/shot.png": "png"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        #expect(try base.graph.check().broken.map(\.target) == ["images/shot.png"])
        try TestSupport.write([".obsidian/app.json": "{}"], under: root)
        _ = try base.refresh()
        #expect(try base.graph.check().broken.isEmpty)
    }

    @Test func hiddenFoldersAndIgnoredFilesAreSkipped() throws {
        let (root, base) = try Self.vault([
            "kept.md": "Kept.\n", ".trash/old.md": "Old.\n", ".obsidian/plugins/x.md": "Plugin.\n",
            ".gitignore": "# built site\n_site/\n*.draft.md\n/top-only.md\n",
            ".kbignore": "private.md\n", "_site/page.md": "Built.\n", "a/idea.draft.md": "Draft.\n",
            "a/private.md": "Secret.\n", "top-only.md": "Ignored at the top.\n", "a/top-only.md": "Kept below.\n",
            "sub/.gitignore": "local.md\n", "sub/local.md": "Local.\n", "local.md": "Not under sub.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = try base.graph.allNotes().map(\.path).sorted()
        #expect(paths == ["a/top-only.md", "kept.md", "local.md"])
    }

    @Test func anchorsAreCheckedWhileTheLinkStillReachesTheNote() throws {
        let (root, base) = try Self.vault([
            "Note.md": "# Note\n\n## Known Heading\n\nText. ^real\n",
            "from.md": "[[Note#Known Heading]] [[Note#known heading]] [[Note#No such heading]] [[Note#^real]] [[Note#^gone]] [[#Nowhere]]\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let links = try Self.links(base, from: "from.md")
        #expect(links["Note#No such heading"]?.targetPath == "Note.md")
        let anchors = try base.brokenAnchors().map(\.target)
        #expect(anchors == ["Note#No such heading", "Note#^gone", "#Nowhere"])
        #expect(try base.graph.check().broken.isEmpty)
    }

    @Test func inlineAndNestedTagsAreTagsAndAParentTagFindsItsChildren() throws {
        let (root, base) = try Self.vault([
            "a.md": "Work on #area/sub and #plain today; issue #123 and `#code` are not tags.\n",
            "b.md": "---\ntags: [area]\n---\nBody.\n", "c.md": "An #areas tag is another tag.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let tags = Set(try base.graph.tags().map(\.tag))
        #expect(tags == ["area/sub", "plain", "area", "areas"])
        #expect(try base.graph.notes(taggedWith: "area").map(\.path) == ["a.md", "b.md"])
        #expect(try base.graph.notes(taggedWith: "#area/sub").map(\.path) == ["a.md"])
        #expect(try base.search.search("work", tag: "area").hits.map(\.path) == ["a.md"])
    }

    @Test func theTitleIsFrontMatterThenAnOpeningHeadingThenTheFileName() throws {
        let (root, base) = try Self.vault([
            "given.md": "---\ntitle: Given\n---\n# Heading\n", "opening.md": "\n# Opening Heading\n\nText.\n",
            "example.md": "Some text first.\n\n# This is a heading 1\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try base.note(named: "given.md").title == "Given")
        #expect(try base.note(named: "opening.md").title == "Opening Heading")
        #expect(try base.note(named: "example.md").title == "example")
    }
}

/// A Quartz site keeps an Obsidian-style vault under `content/`.
@Suite struct QuartzSiteTests {
    @Test func wikilinksResolveFromTheContentFolderWithIndexAsTheFoldersPage() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write([
            "quartz.config.ts": "export default {}\n",
            "content/aws/cloudfront/index.md": "---\ntitle: CloudFront\n---\nCDN.\n",
            "content/notes/a.md": "[[aws/cloudfront/index|CloudFront]] and [[aws/cloudfront]] and ![](pic.png)\n",
            "content/images/pic.png": "png",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let links = try ObsidianVaultTests.links(base, from: "content/notes/a.md")
        #expect(links["aws/cloudfront/index"]?.targetPath == "content/aws/cloudfront/index.md")
        #expect(links["aws/cloudfront"]?.targetPath == "content/aws/cloudfront/index.md")
        #expect(links["pic.png"]?.targetPath == "content/images/pic.png")
    }
}

/// A Hugo site indexed from its root: its content folders, languages and URLs as Hugo serves them.
@Suite struct HugoSiteTests {
    static let files: [String: String] = [
        "hugo.toml": TestSupport.twoLanguageHugoConfig,
        "README.md": "# Site\n",
        "content/en/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/en/docs/_index.md": "---\ntitle: Docs\n---\nThe docs.\n",
        "content/en/docs/page.md": "---\ntitle: Page\nslug: custom\naliases: [/old/page/]\n---\nA page.\n",
        "content/en/docs/moved.md": "---\ntitle: Moved\nurl: /elsewhere/\n---\nMoved.\n",
        "content/en/blog/post/index.md": """
            ---
            title: Post
            ---
            ![shot](shot.png) [custom](/docs/custom/) [up](../../docs/) [moved](/elsewhere/)
            [by ref]({{< ref "docs/page.md" >}}) [by relref]({{% relref "/docs/moved.md#part" %}})
            [french](/fr/docs/page/) [old](/old/page/) [[Not a Hugo link]]

            {{< youtube abc123 >}}

            {{% notice info %}}Inner words stay.{{% /notice %}}
            """,
        "content/en/blog/post/shot.png": "png",
        "content/fr/docs/page.md": "---\ntitle: Page en français\n---\nUne page.\n",
    ]

    @Test func aSiteMapsItsContentToHugoURLsAndItsLinksResolve() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(Self.files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        let links = try ObsidianVaultTests.links(base, from: "content/en/blog/post/index.md")
        #expect(links["shot.png"]?.targetPath == "content/en/blog/post/shot.png")
        #expect(links["/docs/custom/"]?.targetPath == "content/en/docs/page.md")
        #expect(links["../../docs/"]?.targetPath == "content/en/docs/_index.md")
        #expect(links["/elsewhere/"]?.targetPath == "content/en/docs/moved.md")
        #expect(links["docs/page.md"]?.targetPath == "content/en/docs/page.md")
        #expect(links["/docs/moved.md#part"]?.targetPath == "content/en/docs/moved.md")
        #expect(links["/fr/docs/page/"]?.targetPath == "content/fr/docs/page.md")
        #expect(links["/old/page/"]?.targetPath == "content/en/docs/page.md")
        #expect(links["Not a Hugo link"] == nil)
        #expect(try base.graph.check().broken.isEmpty)
    }

    @Test func aContentFolderWithoutConfigurationMapsURLsButKeepsWikilinks() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["content/docs/a.md": "[b](/docs/b/) and [[b]]\n", "content/docs/b.md": "B.\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let links = try ObsidianVaultTests.links(base, from: "content/docs/a.md")
        #expect(links["/docs/b/"]?.targetPath == "content/docs/b.md")
        #expect(links["b"]?.targetPath == "content/docs/b.md")
    }

    @Test func shortcodesNeverReachTheTextButPairedOnesKeepTheirInnerText() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(Self.files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        let note = try base.document(of: try base.note(named: "content/en/blog/post/index.md"))
        #expect(note.body.contains("Inner words stay."))
        #expect(!note.body.contains("{{") && !note.body.contains("youtube"))
        #expect(note.url == "/blog/post/")
        let hits = try base.search.search("inner words")
        #expect(hits.hits.allSatisfy { !$0.snippet.contains("{{") })
        #expect(ShortcodeText.render("Show {{</* figure src=\"x\" */>}} here") == "Show {{< figure src=\"x\" >}} here")
    }

    @Test func tomlFrontMatterArraysMaySpanLines() {
        let text = "+++\ntitle = \"Arrays\"\ntags = [\n  \"one\", # first\n  \"two\",\n]\n[params]\nx = 1\n+++\nBody.\n"
        let note = NoteParser.parse(Data(text.utf8), path: "a.md")
        #expect(note.title == "Arrays")
        #expect(note.tags.map(\.name) == ["one", "two"])
        #expect(note.warnings.isEmpty)
    }

    @Test func tomlFrontMatterReadsTablesArraysOfTablesAndDottedKeys() throws {
        let text = """
        +++
        title = "Full TOML"
        params.summary = "dotted"
        [[menu.main]]
        name = "Docs"
        weight = 2
        [[menu.main]]
        name = "Blog"
        [taxonomies]
        "quoted key" = 'literal'
        +++
        Body.

        """
        let note = NoteParser.parse(Data(text.utf8), path: "t.md")
        #expect(note.title == "Full TOML")
        #expect(note.warnings.isEmpty)
        let fields = try JSONDecoder().decode([String: FrontMatterValue].self, from: Data(note.frontMatterJSON.utf8))
        let menu = fields["menu"]
        guard case .object(let menus)? = menu, case .array(let main)? = menus["main"] else {
            Issue.record("menu.main is not an array of tables: \(String(describing: menu))")
            return
        }
        #expect(main.count == 2)
        #expect(main.first == .object(["name": .string("Docs"), "weight": .int(2)]))
        #expect(fields["params"] == .object(["summary": .string("dotted")]))
        #expect(fields["taxonomies"] == .object(["quoted key": .string("literal")]))
    }

    /// Invalid TOML is a warning, naming the file's line where the reader can; the body is
    /// still indexed. A bare key may hold ASCII letters, digits, `-` and `_` only: toml++ 3.3
    /// breaks one of its own checks on `[\u{FFFD}x]`, which must be a warning too, not an abort.
    @Test func invalidTOMLIsAWarningAndTheBodyStays() {
        let cases = [
            ("+++\ntitle = \"x\"\ntags = [\"a\"\n+++\nStill here.\n", "at line 3"),
            ("+++\ntitle = \"x\"\n[\u{FFFD}arams]\n+++\nStill here.\n", "check failed"),
        ]
        for (text, detail) in cases {
            let note = NoteParser.parse(Data(text.utf8), path: "bad.md")
            #expect(note.warnings.count == 1)
            #expect(note.warnings.first?.contains("malformed TOML front matter") == true)
            #expect(note.warnings.first?.contains(detail) == true, "\(note.warnings)")
            #expect(note.body.contains("Still here."))
        }
    }

    @Test func checkHintsAtTheContentFolderWhenMostLinksAreBroken() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A vault at the root keeps its pages in content/: not a Hugo site, so not read as one.
        try TestSupport.write([".obsidian/app.json": "{}", "content/a.md": "A.\n"], under: root)
        let broken = (0..<19).map { LinkInfo(source: "a.md", label: "x", target: "/x\($0)/", kind: .internal, section: nil,
                                              resolution: .broken, targetPath: nil, targetTitle: nil, candidates: nil) }
        let hint = CheckHints.hints(broken: broken, internalLinks: 20, corpus: root)
        #expect(hint.first?.hasPrefix("95% of links broken: is the content in ./content?") == true)
        let subfolder = try TestSupport.scratchFolder("sub")
        defer { try? FileManager.default.removeItem(at: subfolder) }
        #expect(CheckHints.hints(broken: broken, internalLinks: 20, corpus: subfolder).first?.contains("sub-folder of a site") == true)
        #expect(CheckHints.hints(broken: Array(broken.prefix(5)), internalLinks: 20, corpus: root).isEmpty)
        // A site without a configuration whose pages are in a language folder.
        let site = try TestSupport.scratchFolder("site")
        defer { try? FileManager.default.removeItem(at: site) }
        try TestSupport.write(["content/en/a.md": "A.\n"], under: site)
        #expect(CheckHints.hints(broken: broken, internalLinks: 20, corpus: site).first?.contains("./content/en a language folder") == true)
    }
}
