import Foundation
import Testing
import KnowledgeBase

/// The example in `KnowledgeBase`'s doc comment, run against a copy of the seed corpus, so the
/// front door's documentation stays true. Plain `import`: only the public surface is used.
@Suite struct FrontDoorExampleTests {
    @Test func theDocumentedExampleWorks() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = root.appendingPathComponent("notes")
        try FileManager.default.copyItem(at: TestSupport.bundledCorpus, to: notes)
        try? FileManager.default.removeItem(at: notes.appendingPathComponent(".kb"))
        let base = try KnowledgeBase(corpus: notes)
        let summary = try base.refresh()
        #expect(summary.notes == summary.added && summary.notes > 10)

        let hits = try base.search.search("origin", limit: 5).hits
        #expect(hits.contains { $0.kind == .term && $0.path == "aws/cloudfront/_index.md" && $0.section == "Origin" })
        let found = try base.glossary.define("edge location")
        #expect(found.match == .exact && found.definitions.first?.term == "Edge Location")
        let typo = try base.glossary.define("edge locaton")
        #expect(typo.match == .none && typo.suggestions.contains("Edge Location"))

        let note = try base.note(named: "cloudfront")
        let links = try base.graph.links(from: note)
        #expect(!links.isEmpty && !links.contains { $0.resolution == .broken })
        let related = try base.relatedScorer.related(to: note, limit: 3)
        #expect(related.count == 3 && related.allSatisfy { !$0.signals.isEmpty })
    }
}
