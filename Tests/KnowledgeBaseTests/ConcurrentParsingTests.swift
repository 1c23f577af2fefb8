import Foundation
import Testing
@testable import KnowledgeBase

/// Notes parsed on every core at once come out as they do one at a time.
@Suite struct ConcurrentParsingTests {
    /// cmark-gfm's extensions share one table of inline characters, which every parse changes:
    /// parsed side by side, notes lost their strikethrough and links (see MarkdownRenderer).
    @Test func strikethroughAndAutolinksSurviveParsingOnEveryCore() {
        // Only some notes hold a URL, so only some parsers use the autolink extension.
        let notes: [String] = (0..<400).map { index in
            var lines: [String] = []
            for line in 0..<12 {
                switch line % 3 {
                case 0: lines.append("Some ~~struck \(index)~~ words, then more words about whales.")
                case 1 where index % 2 == 0: lines.append("See https://example.com/\(index)/\(line) or www.example.org/\(line).")
                default: lines.append("Plain | text | with ~tildes~ and a [link](../other-\(line)).")
                }
            }
            return lines.joined(separator: "\n\n")
        }
        let oneAtATime: [ParsedNote] = notes.map { NoteParser.parse(Data($0.utf8), path: "note.md") }
        let sideBySide: [ParsedNote] = ConcurrentMap.map(notes) { NoteParser.parse(Data($0.utf8), path: "note.md") }
        for (alone, together) in zip(oneAtATime, sideBySide) {
            #expect(!alone.body.contains("~~"))
            #expect(together.body == alone.body)
            #expect(together.links.map(\.target) == alone.links.map(\.target))
        }
        #expect(oneAtATime[0].links.contains { $0.target == "https://example.com/0/1" })
    }
}
