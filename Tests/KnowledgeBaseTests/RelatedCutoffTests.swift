import Foundation
@testable import KnowledgeBase
import Testing

/// The score a related note must reach to be shown: the k-th largest, as sorting every
/// candidate would find it.
@Suite struct RelatedCutoffTests {
    @Test func theKthLargestIsWhatASortFinds() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 11, 57, 1000] {
            // Few distinct values, so ties straddle the cut.
            let values = (0..<count).map { _ in Double(Int.random(in: 0..<max(2, count / 3), using: &generator)) / 4 }
            let sorted = values.sorted(by: >)
            for k in Set([1, 2, count / 2, count - 1, count].filter { $0 >= 1 && $0 <= count }) {
                #expect(RelatedScorer.largest(k, of: values) == sorted[k - 1], "k \(k) of \(values)")
            }
        }
        #expect(RelatedScorer.largest(3, of: [5, 1, 5, 5, 2]) == 5)
        #expect(RelatedScorer.largest(4, of: [5, 1, 5, 5, 2]) == 2)
    }

    @Test func aLimitOfNothingFindsNothing() throws {
        let base = try KnowledgeBase(corpus: TestSupport.bundledCorpus,
                                     indexPath: try TestSupport.scratchFolder().appendingPathComponent("index.sqlite").path)
        _ = try base.refresh()
        let note = try base.note(named: "aws/cloudfront")
        #expect(try base.relatedScorer.related(to: note, limit: 0).isEmpty)
        #expect(try !base.relatedScorer.related(to: note, limit: 1).isEmpty)
    }
}
