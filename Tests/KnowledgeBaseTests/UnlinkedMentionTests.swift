import Foundation
import Testing
@testable import KnowledgeBase

/// `kb link --unlinked`: mentions that are not links, and turning them into links.
@Suite struct UnlinkedMentionTests {
    @Test func findsMentionsOutsideLinksAndCode() {
        let text = """
            ---
            title: Lambda notes
            ---
            # Lambda
            Use Lambda here, [Lambda](../lambda) there, `Lambda` in code, and lambda again; Lambdas are not it.
            ```
            Lambda
            ```
            """
        let found = UnlinkedMentions.mentions(of: ["Lambda"], in: text, path: "a.md")
        #expect(found.map(\.text) == ["Lambda", "lambda"])
        #expect(found.map(\.line) == [5, 5])
        #expect(found.first?.column == 5)
    }

    @Test func linksEveryMentionInTheCorpusStyle() throws {
        let root = try MoveTests.corpusCopy()
        let (base, _) = try TestSupport.indexed(root)
        let note = try base.note(named: "dynamodb")
        let finder = UnlinkedMentions(base: base)
        let mentions = try finder.find(for: note)
        #expect(!mentions.isEmpty)
        try MoveApplier(base: base).apply(try finder.plan(linking: mentions, to: note))
        #expect(try finder.find(for: note).isEmpty)
        let appsync = try String(contentsOf: root.appendingPathComponent("aws/appsync/_index.md"), encoding: .utf8)
        #expect(appsync.contains("Calls to data sources ([DynamoDB](../dynamodb), Lambda and others)"))
        try MoveTests.expectClean(base)
    }

    @Test func linksWithWikilinksInAVault() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([
            ".obsidian/app.json": "{}",
            "Notes/Edge Location.md": "Edge text.\n",
            "Index.md": "An edge location caches, and so does an [[Edge Location]].\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let note = try base.note(named: "Edge Location")
        let finder = UnlinkedMentions(base: base)
        try MoveApplier(base: base).apply(try finder.plan(linking: try finder.find(for: note), to: note))
        let index = try String(contentsOf: root.appendingPathComponent("Index.md"), encoding: .utf8)
        #expect(index == "An [[Edge Location|edge location]] caches, and so does an [[Edge Location]].\n")
    }
}
