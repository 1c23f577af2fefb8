import Foundation
import Testing
@testable import KnowledgeBase

/// Search answers a user can trust: the limit only cuts the ranked list, the query syntax is
/// typed, and `define` never passes another term off as the answer.
@Suite(.serialized, .timeLimit(.minutes(5))) struct SearchTrustTests {
    /// A fixed-seed generator, so a failing query can be reproduced.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var z = state
            z = (z ^ (z >> 33)) &* 0xff51afd7ed558ccd
            return z ^ (z >> 29)
        }
    }

    static let corpora: [URL] = {
        let eval = TestSupport.packageRoot.appendingPathComponent("tools/eval/corpora")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: eval.path)) ?? []
        return [TestSupport.bundledCorpus] + names.sorted().map { eval.appendingPathComponent($0) }
    }()

    /// The words of the corpus's Markdown files, in file order, for drawing random queries.
    static func words(in root: URL) -> [String] {
        var words: [String] = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "md", !url.path.contains("/.kb/"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            words += text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 3 }
        }
        return words.sorted()
    }

    static func knowledgeBase(over root: URL) throws -> KnowledgeBase {
        let index = FileManager.default.temporaryDirectory.appendingPathComponent("kb-trust-\(UUID().uuidString).sqlite")
        let base = try KnowledgeBase(corpus: root, indexPath: index.path)
        _ = try base.refresh()
        return base
    }

    @Test(arguments: corpora)
    func theFirstKResultsAtLimitKAreTheFirstKAtLimit100(corpus: URL) throws {
        let base = try Self.knowledgeBase(over: corpus)
        let vocabulary = Self.words(in: corpus)
        try #require(!vocabulary.isEmpty)
        var random = SeededGenerator(state: 23)
        let kinds: [SearchEngine.Kind?] = [nil, nil, .note, .section, .term]
        for _ in 0..<40 {
            let count = Int.random(in: 1...3, using: &random)
            let query = (0..<count).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
            let kind = kinds.randomElement(using: &random)!
            let prefix = Bool.random(using: &random)
            let wide = try base.search.search(query, kind: kind, limit: 100, prefixLastWord: prefix).hits
            for k in [1, 2, 3, 5, 10, 30] {
                let narrow = try base.search.search(query, kind: kind, limit: k, prefixLastWord: prefix).hits
                #expect(narrow.map(\.path) == Array(wide.prefix(k)).map(\.path),
                        "\(query) kind \(kind?.rawValue ?? "any") prefix \(prefix) limit \(k)")
                #expect(narrow == Array(wide.prefix(k)))
            }
        }
    }
}
