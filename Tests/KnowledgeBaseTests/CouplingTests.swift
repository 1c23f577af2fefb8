import Foundation
@testable import KnowledgeBase
import Testing

/// Bibliographic coupling: another note scores for each of this note's link targets it links
/// to as well, counted once a target however often it links there, and never through links a
/// note makes to itself.
@Suite struct CouplingTests {
    static func note(_ title: String, links: [String]) -> String {
        "---\ntitle: \(title)\n---\n\nText of \(title): \(links.map { "[\($0)](\($0).md)" }.joined(separator: " ")).\n"
    }

    static func couplingPoints(_ base: KnowledgeBase, _ note: String) throws -> [String: Double] {
        var points: [String: Double] = [:]
        for item in try base.relatedScorer.related(to: try base.note(named: note), limit: 50) {
            if let value = item.signals[.coupling] { points[item.path] = value }
        }
        return points
    }

    @Test func countsTheTargetsBothLinkToOnceEach() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write([
            // a links to t1, t2, t3, and to itself.
            "a.md": Self.note("A", links: ["t1", "t2", "t3", "a"]),
            // b shares t1 and t2, t1 twice.
            "b.md": Self.note("B", links: ["t1", "t1", "t2"]),
            // c shares t3 only.
            "c.md": Self.note("C", links: ["t3", "x"]),
            // t1 links to itself and to t2: its self-link is no coupling, t2 is one.
            "t1.md": Self.note("T1", links: ["t1", "t2"]),
            "t2.md": Self.note("T2", links: []), "t3.md": Self.note("T3", links: []), "x.md": Self.note("X", links: ["a"]),
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let diminishing = { (count: Double) in 1 + log(count) }
        #expect(try Self.couplingPoints(base, "a.md") == [
            "b.md": RelatedScorer.rounded(0.5 * diminishing(2)),
            "c.md": RelatedScorer.rounded(0.5 * diminishing(1)),
            "t1.md": RelatedScorer.rounded(0.5 * diminishing(1)),
        ])
        // b's targets t1 and t2: a links to both, t1 to t2 (its link to itself aside).
        #expect(try Self.couplingPoints(base, "b.md") == [
            "a.md": RelatedScorer.rounded(0.5 * diminishing(2)), "t1.md": RelatedScorer.rounded(0.5 * diminishing(1)),
        ])
    }
}
