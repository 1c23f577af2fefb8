import Foundation
import Testing
@testable import KnowledgeBase
@testable import KnowledgeBaseStudy

/// Study cards read from the index say exactly what the notes say: the index keeps every part
/// of a question and a term that a card shows, so no note is parsed to make a deck.
@Suite struct StudyCardSourceTests {
    /// A copy of the seed note and a note whose option spans two lines and whose glossary has an
    /// acronym, indexed in a scratch folder.
    private func indexedCorpus() throws -> (KnowledgeBase, URL) {
        let root = try TestSupport.scratchFolder("study-sources")
        let seed = root.appendingPathComponent("aws/cloudfront/_index.md")
        try FileManager.default.createDirectory(at: seed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.seedPath, to: seed)
        let extra = """
            ---
            title: Queues
            tags: [messaging, aws]
            ---
            ## Glossary

            - **SQS:** Simple Queue Service, a managed message queue.

            ## Questions

            ### Q1

            **Which service keeps messages until a consumer deletes them?**

            - A) SNS
            - B) SQS, which holds
              each message for up to 14 days

            <details>
            <summary>Explanation</summary>
            <div>

            See [the queue guide](https://example.com/sqs).

            <mark style="color:white">B</mark>
            </div>
            </details>
            """
        try extra.write(to: root.appendingPathComponent("queues.md"), atomically: true, encoding: .utf8)
        let (base, _) = try TestSupport.indexed(root)
        return (base, root)
    }

    @Test func indexedMaterialMatchesTheParsedNotes() throws {
        let (base, root) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = try base.cardSources.allSources()
        #expect(sources.map(\.path) == ["aws/cloudfront/_index.md", "queues.md"])
        for source in sources {
            let parsed = try base.document(of: base.note(named: source.path))
            #expect(source.questions == parsed.questions, "\(source.path)")
            #expect(source.terms == parsed.terms, "\(source.path)")
            #expect(source.tagKeys == parsed.tags.map(\.key), "\(source.path)")
            #expect(source.title == parsed.title)
        }
        let seed = try #require(sources.first)
        #expect(seed.questions.contains { $0.options.filter(\.correct).count == 2 }, "Q2 of the seed has two right answers")
    }

    @Test func cardsKeepTheirIdentityAndAnswers() throws {
        let (base, root) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let cards = try CardMaker.cards(from: base)
        let ids = Set(cards.map(\.id))
        for id in ["aws/cloudfront/_index.md#question:Q1", "aws/cloudfront/_index.md#question:Q2", "queues.md#question:Q1",
                   "queues.md#term:SQS"] {
            #expect(ids.contains(id), "\(id) in \(ids.sorted())")
        }
        let queue = try #require(cards.first { $0.id == "queues.md#question:Q1" })
        #expect(queue.correctLabels == ["B"])
        #expect(queue.tags == ["messaging", "aws"])
        #expect(queue.links == ["https://example.com/sqs"])
        #expect(queue.options.count == 2)
    }

    /// The hand-written card text is what JSONEncoder with sorted keys writes, so a review
    /// database filled by either never sees a card's text change, and it reads back as the card.
    @Test func cardTextIsTheEncodersText() throws {
        let (base, root) = try indexedCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var cards = try CardMaker.cards(from: base)
        cards.append(StudyCard(key: "term:Odd", kind: .term, notePath: "a/b \"c\".md", noteTitle: "Tab\there\u{1}",
                               tags: [], prompt: "é ✓ \\ /", options: [], answer: "line\nbreak\r\u{0C}\u{08}",
                               explanation: "", links: ["https://x.example/a?b=1"]))
        for card in cards {
            let text = CardJSON.text(of: card)
            #expect(text == String(decoding: try encoder.encode(card), as: UTF8.self))
            #expect(try JSONDecoder().decode(StudyCard.self, from: Data(text.utf8)) == card)
        }
    }
}
