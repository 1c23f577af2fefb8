import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// `kb mv`'s engine on the bundled corpus, an Obsidian vault and a Hugo site: every link style
/// is rewritten, `kb check` stays clean, and the index refreshed after the move equals one
/// built afresh.
@Suite struct MoveTests {
    /// Copies the bundled corpus into a scratch folder.
    static func corpusCopy(_ name: String = #function) throws -> URL {
        let root = try TestSupport.scratchFolder(name)
        for item in try FileManager.default.contentsOfDirectory(atPath: TestSupport.bundledCorpus.path) where item != ".kb" {
            try FileManager.default.copyItem(at: TestSupport.bundledCorpus.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        return root
    }

    /// Moves `from` to `to`, then checks the corpus and compares the index with a fresh one.
    @discardableResult
    static func move(_ from: String, _ to: String, in base: KnowledgeBase) throws -> MovePlan {
        let plan = try NoteMover(base: base).plan(from: from, to: to)
        #expect(plan.warnings.isEmpty, "\(plan.warnings)")
        try MoveApplier(base: base).apply(plan)
        try expectClean(base)
        return plan
    }

    static func expectClean(_ base: KnowledgeBase) throws {
        let report = try base.graph.check()
        #expect(report.broken.isEmpty, "broken: \(report.broken.map { "\($0.source): \($0.target)" })")
        #expect(report.ambiguous.isEmpty, "ambiguous: \(report.ambiguous.map { "\($0.source): \($0.target)" })")
        #expect(try base.brokenAnchors().isEmpty)
        let fresh = try KnowledgeBase(corpus: base.corpus, indexPath: base.corpus.appendingPathComponent(".kb/fresh-\(UUID().uuidString).sqlite").path)
        _ = try fresh.refresh()
        #expect(try snapshot(base) == snapshot(fresh))
    }

    /// What a refresh must agree on: notes, and each link with how it resolved.
    static func snapshot(_ base: KnowledgeBase) throws -> [String] {
        try base.database.read { db in
            try String.fetchAll(db, sql: "SELECT path || ' ' || url || ' ' || title FROM note ORDER BY path")
                + String.fetchAll(db, sql: """
                    SELECT source.path || ' ' || link.position || ' ' || link.target || ' ' || link.resolution || ' ' || IFNULL(target.path, '')
                    FROM link JOIN note source ON source.id = link.noteId LEFT JOIN note target ON target.id = link.targetId
                    ORDER BY source.path, link.position
                    """)
        }
    }

    static func text(_ path: String, in root: URL) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func bundledCorpusNoteFolderAndSeedMoves() throws {
        let root = try Self.corpusCopy()
        let (base, _) = try TestSupport.indexed(root)
        let backlinksBefore = try base.graph.backlinks(to: base.note(named: "aws/dynamodb/_index.md")).count
        let plan = try Self.move("aws/dynamodb/_index.md", "aws/databases/dynamodb/_index.md", in: base)
        #expect(plan.editCount > 0)
        #expect(try Self.text("aws/cloudfront/_index.md", in: root).contains("[Amazon DynamoDB](../databases/dynamodb)"))
        // The moved note's own relative links climb one folder more.
        #expect(try Self.text("aws/databases/dynamodb/_index.md", in: root).contains("[AWS Lambda](../../lambda)"))
        #expect(try base.graph.backlinks(to: base.note(named: "aws/databases/dynamodb/_index.md")).count == backlinksBefore)
        // A folder, then the seed note's folder.
        try Self.move("aws/lambda", "aws/compute/", in: base)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("aws/lambda").path))
        try Self.move("aws/cloudfront", "aws/cdn", in: base)
        #expect(try Self.text("aws/cdn/_index.md", in: root).contains("[Amazon DynamoDB](../databases/dynamodb)"))
    }

    @Test func obsidianVaultWikilinksEmbedsAndPaths() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([
            ".obsidian/app.json": "{}",
            "Notes/Edge Location.md": "Edge text.\n\n## Caching\n\nCache text.\n",
            "Index.md": """
                [[Edge Location]] and [[Notes/Edge Location#Caching|cache]] and [[Edge Location.md]].
                A file link [md](Notes/Edge%20Location.md) and ![[diagram.png]] and ![alt](diagram.png).
                A table | [[Edge Location\\|edge]] | cell.

                ```
                [[Edge Location]] stays in code.
                ```

                """,
            "Deep/Other.md": "See [[Edge Location#Caching]] and [up](../Notes/Edge%20Location.md#caching).\n",
            "diagram.png": "not really a picture",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        try Self.expectClean(base)
        try Self.move("Notes/Edge Location.md", "Archive/Edge Node.md", in: base)
        let index = try Self.text("Index.md", in: root)
        #expect(index.contains("[[Edge Node]] and [[Archive/Edge Node#Caching|cache]] and [[Edge Node.md]]."))
        #expect(index.contains("[md](Archive/Edge%20Node.md)"))
        #expect(index.contains("[[Edge Node\\|edge]]"))
        #expect(index.contains("[[Edge Location]] stays in code."))
        #expect(try Self.text("Deep/Other.md", in: root) == "See [[Edge Node#Caching]] and [up](../Archive/Edge%20Node.md#caching).\n")
        // An attachment.
        try Self.move("diagram.png", "img/diagram.png", in: base)
        #expect(try Self.text("Index.md", in: root).contains("![alt](img/diagram.png)"))
    }

    @Test func hugoSiteRelativeRootRelativeAndRefLinks() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([
            "hugo.toml": "baseURL = \"https://example.org/\"\n",
            "content/posts/first.md": """
                ---
                title: First
                ---
                [second](../second/) and [root](/posts/second/) and [file](second.md#part).
                By ref: [r]({{< ref "second.md" >}}) and [rr]({{< relref "/posts/second.md#part" >}}).
                [def]: ../second/

                """,
            "content/posts/second.md": "---\ntitle: Second\n---\n## Part\n\nSee [first](../first/).\n",
            "content/docs/guide.md": "---\ntitle: Guide\n---\n[s](/posts/second/#part) and <a href=\"/posts/second/\">html</a>.\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        try Self.expectClean(base)
        try Self.move("content/posts/second.md", "content/articles/second-post.md", in: base)
        let first = try Self.text("content/posts/first.md", in: root)
        #expect(first.contains("[second](../../articles/second-post/) and [root](/articles/second-post/)"))
        #expect(first.contains("[file](../articles/second-post.md#part)"))
        #expect(first.contains("{{< ref \"../articles/second-post.md\" >}}"))
        #expect(first.contains("{{< relref \"/articles/second-post.md#part\" >}}"))
        #expect(first.contains("[def]: ../../articles/second-post/"))
        #expect(try Self.text("content/docs/guide.md", in: root).contains("[s](/articles/second-post/#part) and <a href=\"/articles/second-post/\">"))
        #expect(try Self.text("content/articles/second-post.md", in: root).contains("[first](../../posts/first/)"))
    }

    @Test func refusesAFileChangedSinceItWasRead() throws {
        let root = try Self.corpusCopy()
        let (base, _) = try TestSupport.indexed(root)
        let plan = try NoteMover(base: base).plan(from: "aws/rds/_index.md", to: "aws/databases/rds/_index.md")
        let changed = try #require(plan.changes.first { $0.path != "aws/rds/_index.md" })
        try (changed.original + "\nEdited meanwhile.\n").write(to: root.appendingPathComponent(changed.path), atomically: true, encoding: .utf8)
        #expect(throws: MoveError.changedOnDisk([changed.path])) { try MoveApplier(base: base).apply(plan) }
        // Nothing moved.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("aws/rds/_index.md").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("aws/databases").path))
    }

    @Test func refusesDestinationsThatExistOrLeaveTheCorpus() throws {
        let root = try Self.corpusCopy()
        let (base, _) = try TestSupport.indexed(root)
        #expect(throws: MoveError.destinationExists("aws/s3/_index.md")) {
            try NoteMover(base: base).plan(from: "aws/rds/_index.md", to: "aws/s3/_index.md")
        }
        #expect(throws: MoveError.outsideCorpus("../elsewhere.md")) {
            try NoteMover(base: base).plan(from: "aws/rds/_index.md", to: "../elsewhere.md")
        }
        #expect(throws: MoveError.sourceMissing("aws/nothing.md")) {
            try NoteMover(base: base).plan(from: "aws/nothing.md", to: "aws/x.md")
        }
    }

    @Test func commandLineDryRunJSONAndMove() throws {
        let root = try Self.corpusCopy()
        let corpus = ["--corpus", root.path]
        let diff = try CLITests.kb(["mv", "aws/rds/_index.md", "aws/databases/rds/_index.md", "--dry-run"] + corpus)
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("-- [Amazon RDS](../rds)") || diff.stdout.contains("(../rds)"))
        #expect(diff.stdout.contains("rename from aws/rds/_index.md"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("aws/rds/_index.md").path))
        let json = try CLITests.kb(["mv", "aws/rds/_index.md", "aws/databases/rds/_index.md", "--dry-run", "--json"] + corpus)
        let report = try #require(json.json as? [String: Any])
        #expect(report["applied"] as? Bool == false)
        let changes = try #require(report["changes"] as? [[String: Any]])
        #expect(changes.contains { ($0["edits"] as? [[String: Any]])?.contains { $0["new"] as? String == "../databases/rds" } == true })
        let moved = try CLITests.kb(["mv", "aws/rds/_index.md", "aws/databases/rds/_index.md"] + corpus)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(try CLITests.kb(["check"] + corpus).status == 0)
        let refused = try CLITests.kb(["mv", "aws/nothing.md", "aws/x.md"] + corpus)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("nothing to move"))
    }
}
