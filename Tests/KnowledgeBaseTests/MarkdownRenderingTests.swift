import Foundation
import Testing
@testable import KnowledgeBase

/// cmark-gfm's extensions and options are turned on per note, only where they can apply;
/// where they do, they work.
@Suite struct MarkdownRenderingTests {
    @Test func footnotesAreRenderedWhereTheMarkdownHasThem() {
        let html = MarkdownRenderer.html(from: "A claim.[^1]\n\n[^1]: The source.\n")
        #expect(html.contains("footnote"))
        #expect(html.contains("The source."))
        let note = NoteParser.parse(Data("# T\n\nA claim.[^src]\n\n[^src]: The source, cited.\n".utf8), path: "n.md")
        #expect(note.body.contains("The source, cited."))
        #expect(!note.body.contains("[^src]"))
    }

    @Test func autolinksAndStrikethroughWork() {
        let html = MarkdownRenderer.html(from: "See www.example.com and ~~old~~ news.\n")
        #expect(html.contains("<a href=\"http://www.example.com\">"))
        #expect(html.contains("<del>old</del>"))
    }
}
