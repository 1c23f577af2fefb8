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
        let kinds: [SearchEngine.Kind?] = [nil, nil, .note, .section, .term, .question]
        for _ in 0..<40 {
            let count = Int.random(in: 1...3, using: &random)
            // Some queries use the syntax too: an alternative, an exclusion.
            let query = (0..<count).map { position in
                let word = vocabulary.randomElement(using: &random)!
                switch (position, Int.random(in: 0..<6, using: &random)) {
                case (1..., 0): return "OR " + word
                case (1..., 1): return "-" + word
                default: return word
                }
            }.joined(separator: " ")
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

/// `define` answers with the term the user named, or says there is none.
@Suite(.serialized, .timeLimit(.minutes(5))) struct HonestDefineTests {
    /// A term answers `text` when its name or an alias is the text, or its words start with
    /// the typed words.
    static func answers(_ definition: Definition, _ text: String) -> Bool {
        let key = TextNormalizer.key(text)
        let names = [definition.term] + definition.aliases
        if names.contains(where: { TextNormalizer.key($0) == key }) { return true }
        let typed = key.split(separator: " ")
        let words = TextNormalizer.key(definition.term).split(whereSeparator: { $0 == " " || $0 == "-" })
        return words.count >= typed.count && zip(typed, words).allSatisfy { $1.hasPrefix($0) }
    }

    /// A task asked in plain words ranks the page whose description says it does the task
    /// above a page that shares some of the words in its title and repeats them in its body.
    @Test func aTaskQuestionFindsThePageWhoseSummaryCoversIt() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let chatter = String(repeating: "Every menu of the site has entries, and a site may add pages. ", count: 6)
        var files = [
            "navigation.md": "---\ntitle: Navigation\ndescription: Add a menu to your site.\n---\nDeclare the entries in front matter.\n",
            "pages.md": "---\ntitle: Site menu\n---\n## Add a menu entry\n\n\(chatter)\n",
        ]
        // Other notes, so that the query's words are rare enough to weigh something.
        for number in 0..<20 { files["other\(number).md"] = "# Topic \(number)\n\nUnrelated words about topic \(number).\n" }
        try TestSupport.write(files, under: root)
        let base = try SearchTrustTests.knowledgeBase(over: root)
        #expect(try base.search.search("add a menu to my site").hits.first?.path == "navigation.md")
    }

    @Test func wordsTypedAsStartsFindTheTerm() throws {
        let base = try SearchTrustTests.knowledgeBase(over: TestSupport.bundledCorpus)
        let found = try base.glossary.define("edge loc")
        #expect(found.definitions.first?.term == "Edge Location")
        #expect(found.match == .prefix)
        #expect(try base.glossary.define("Edge").definitions.contains { $0.term == "Edge Location" })
    }

    @Test func aTermNotInTheGlossaryIsNotAnsweredWithAnother() throws {
        let base = try SearchTrustTests.knowledgeBase(over: TestSupport.bundledCorpus)
        for text in ["CMK", "service mesh", "content cached", "users"] {
            let result = try base.glossary.define(text)
            #expect(result.definitions.allSatisfy { Self.answers($0, text) }, "\(text)")
        }
        #expect(try base.glossary.define("CMK").definitions.isEmpty)
    }

    @Test(arguments: SearchTrustTests.corpora)
    func everyAnswerIsTheTermTyped(corpus: URL) throws {
        let base = try SearchTrustTests.knowledgeBase(over: corpus)
        let vocabulary = SearchTrustTests.words(in: corpus)
        var random = SearchTrustTests.SeededGenerator(state: 4)
        for _ in 0..<60 {
            let count = Int.random(in: 1...2, using: &random)
            let text = (0..<count).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
            for definition in try base.glossary.define(text).definitions {
                #expect(Self.answers(definition, text), "define \(text) answered \(definition.term)")
            }
        }
    }

    @Test func aPageTitledAsTheTermInAGlossaryIsATerm() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([
            "docs/glossary/serverless.md": "---\ntitle: Serverless\n---\nRunning code without managing servers.\n\nMore text.\n",
            "docs/guide/containers.md": "---\ntitle: Containers\n---\nServerless is not this.\n",
            "notes/mesh.md": "---\ntitle: Mesh\ntags: [glossary]\ndescription: A net of services.\n---\nBody.\n",
        ], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let serverless = try base.glossary.define("serverless").definitions
        #expect(serverless.map(\.path) == ["docs/glossary/serverless.md"])
        #expect(serverless.first?.definition == "Running code without managing servers.")
        #expect(try base.glossary.define("mesh").definitions.first?.definition == "A net of services.")
        #expect(try base.glossary.define("containers").definitions.isEmpty)
    }

    @Test func noTermExitsOneWithAHint() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("kb-define-\(UUID().uuidString).sqlite").path
        let run = try CLITests.kb(["define", "CMK", "--corpus", TestSupport.bundledCorpus.path, "--db", db])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no term"))
    }
}

/// Search as you type expands the unfinished word to whole words of the vocabulary.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PrefixCompletionTests {
    @Test func anUnfinishedWordIsSearchedAsItsMostFrequentCompletions() throws {
        let query = QueryText("cache orig", prefixLastWord: true, completions: ["origin", "original"])
        #expect(query.unfinishedWord == "orig")
        #expect(query.all == #"("cache") AND (("orig") OR ("origin") OR ("original"))"#)
        #expect(!(query.all ?? "").contains("*"))
        #expect(QueryText("cache orig", prefixLastWord: true).all == #"("cache") AND ("orig" *)"#)
        #expect(QueryText("cache orig ", prefixLastWord: true).unfinishedWord == nil)
    }

    @Test func completionsComeFromTheVocabularyMostFrequentFirst() throws {
        let base = try SearchTrustTests.knowledgeBase(over: TestSupport.bundledCorpus)
        let hits = try base.search.search("cloudfr", limit: 5, prefixLastWord: true).hits
        #expect(hits.prefix(2).contains { $0.path == "aws/cloudfront/_index.md" })
        let wide = try base.search.search("c", limit: 100, prefixLastWord: true).hits
        #expect(!wide.isEmpty)
    }
}
