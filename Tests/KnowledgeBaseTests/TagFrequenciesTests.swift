import Foundation
@testable import KnowledgeBase
import Testing

/// The tag counts related notes weigh shared tags by are remembered between queries, and must
/// be forgotten as soon as the index changes: by this process's refresh or another's.
@Suite struct TagFrequenciesTests {
    static func note(_ title: String, tags: [String]) -> String {
        "---\ntitle: \(title)\ntags: [\(tags.joined(separator: ", "))]\n---\n\nText of \(title).\n"
    }

    /// The shared-tag points `other` gets in the notes related to `note`.
    static func sharedTagPoints(_ base: KnowledgeBase, _ note: String, _ other: String) throws -> Double? {
        try base.relatedScorer.related(to: try base.note(named: note), limit: 10).first { $0.path == other }?.signals[.sharedTags]
    }

    @Test func countsFollowTheIndexThroughOwnAndOtherWrites() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": Self.note("A", tags: ["rare", "common"]), "b.md": Self.note("B", tags: ["rare", "common"]),
                               "c.md": Self.note("C", tags: ["common"]), "d.md": Self.note("D", tags: [])], under: root)
        let (base, _) = try TestSupport.indexed(root)
        // rare: 2 of 4 notes; common: 3 of 4.
        #expect(try Self.sharedTagPoints(base, "a.md", "b.md") == RelatedScorer.rounded(log(4.0 / 2) + log(4.0 / 3)))
        #expect(try Self.sharedTagPoints(base, "a.md", "b.md") == RelatedScorer.rounded(log(4.0 / 2) + log(4.0 / 3)))

        // This process refreshes: common is now on every note and weighs nothing.
        try TestSupport.write(["d.md": Self.note("D", tags: ["common"])], under: root)
        _ = try base.refresh()
        #expect(try Self.sharedTagPoints(base, "a.md", "b.md") == RelatedScorer.rounded(log(4.0 / 2)))

        // Another connection (another kb process) writes; this one's counts must not outlive it.
        try TestSupport.write(["c.md": Self.note("C", tags: ["common", "rare"])], under: root)
        let other = try KnowledgeBase(corpus: root, indexPath: base.indexPath)
        _ = try other.refresh()
        #expect(try Self.sharedTagPoints(base, "a.md", "b.md") == RelatedScorer.rounded(log(4.0 / 3)))
    }

    @Test func aTagNoNoteCarriesCountsNothing() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(["a.md": Self.note("A", tags: ["x"]), "b.md": Self.note("B", tags: ["x", "y"])], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let counts = try base.database.read { try TagFrequencies().frequencies(of: ["x", "y", "nowhere"], db: $0) }
        #expect(counts.notes == 2)
        #expect(counts.carrying == ["x": 2, "y": 1, "nowhere": 0])
    }
}
