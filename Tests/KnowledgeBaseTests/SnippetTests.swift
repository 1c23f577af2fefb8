import Foundation
import Testing
@testable import KnowledgeBase

/// Snippets are plain text with highlights as ranges, and a hit says which line it is on.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SnippetTests {
    @Test func markupIsTakenOutAndHighlightsAreRanges() {
        let marked = "See **bold** and [[Target|the \u{2}origin\u{3}]] or [a \u{2}link\u{3}](http://x) {{< note >}}_done_"
        let plain = SnippetText.plain(marked)
        #expect(plain.text == "See bold and the origin or a link done")
        let scalars = Array(plain.text.unicodeScalars)
        let words = plain.highlights.map { String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]])) }
        #expect(words == ["origin", "link"])
    }

    @Test func aNoteHoldingStarsKeepsThemAndHighlightsAreNotMarkup() {
        let plain = SnippetText.plain("compute x**2 for each \u{2}value\u{3}")
        #expect(plain.text == "compute x**2 for each value")
        #expect(plain.highlights == [[22, 27]])
    }

    @Test func jsonCarriesLineAndHighlightsAndTextShowsPathColonLine() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write(["a.md": "---\ntitle: A\n---\n\n# A\n\nFirst paragraph.\n\nThe **zanzibar** wiki [[B|link]] text.\n"], under: root)
        let db = root.appendingPathComponent(".kb/x.sqlite").path
        let run = try CLITests.kb(["search", "zanzibar", "--corpus", root.path, "--db", db, "--json"])
        let hit = try #require((run.json as? [[String: Any]])?.first)
        #expect(hit["line"] as? Int == 9)
        let snippet = try #require(hit["snippet"] as? String)
        #expect(!snippet.contains("**"))
        #expect(!snippet.contains("[["))
        let ranges = try #require(hit["highlights"] as? [[Int]])
        let scalars = Array(snippet.unicodeScalars)
        #expect(ranges.map { String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]])) }.contains("zanzibar"))
        let text = try CLITests.kb(["search", "zanzibar", "--corpus", root.path, "--db", db])
        #expect(text.stdout.contains("a.md:9"))
    }
}
