import Foundation
import Testing
@testable import KnowledgeBase

/// Rendered Markdown whose raw HTML passes `RawHTMLCheck` is read by libxml2's XML parser; it
/// must give the extractors exactly what the HTML parser gives them.
@Suite struct XMLReadingTests {
    /// Markdown of every kind cmark renders, with the raw HTML study notes use.
    static let readable: [String] = [
        "# Title\n\nA *b* **c** `d` [e](../f) ![g](h.png) ~~i~~ <https://j.example> www.k.example\n",
        "- one\n- two\n  - nested *x* **y**\n\n1. first\n2. second\n\n- [ ] task\n- [x] done\n",
        "- loose\n\n- items\n\n> quoted\n> lines\n\n---\n\n```swift\n\nlet x = 1 < 2 && 3 > 2\n```\n\n    indented\n",
        "| a | b |\n|:--|--:|\n| `c|d` | **e** |\n| f | g |\n",
        "Setext\n======\n\nline one  \nline two\\\nthree &amp; &copy; &nbsp; &#x41; \"quoted\" 'single'\n",
        "## Terminology\n\n- **Edge Location:** where content is cached.\n  - An example.\n- **Origin**: the source.\n",
        "## Questions\n\n### Q1\n\nWhich is right?\n\n- A) one\n- B) two\n\n<details>\n<summary>Answer</summary>\n<div>\n\n"
            + "[Docs](https://docs.example.com/x)\n\n<mark style=\"color:white\">B</mark>\n</div>\n</details>\n",
        "Text with <mark>a</mark> <mark>b</mark>, <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O and x<sup>2</sup>.<br/>Next.\n",
        "<div>\n\nInside a *div*.\n\n</div>\n\n<span title=\"t\">span</span> after\n",
        "[[Wiki Link]] and [[target|label]] in text; ![[embed.png]]\n",
        "![an alt\nwith a\ttab](image.png) and [a link\nlabel](page.md \"a\ntitle\")\n",
        "Some <b>bold</b>, <i>it</i>, <u>u</u>, <s>s</s>, <small>sm</small> and <span>sp</span>.\n\n| <b>a</b> | <span>b</span> |\n|---|---|\n",
        "<em>\n\n**Term:** emphasised around a paragraph\n\n</em>\n",
    ]

    /// Raw HTML the HTML parser reads its own way: left to it.
    static let leftToHTML: [String] = [
        "Inline <div>block</div> in a paragraph.\n",
        "<p>a raw paragraph\n\n<p>another\n",
        "<a href=\"x\">raw link</a>\n",
        "<!-- a comment -->\n\ntext\n",
        "<div>&nbsp;</div>\n",
        "<DIV>upper case</DIV>\n",
        "<table><tr><td>raw table</td></tr></table>\n",
        "<script>var a = 1 < 2;</script>\n",
        "<pre>\nraw pre\n</pre>\n",
        "<b>\n\n**Term:** a paragraph closes the HTML parser's bold\n\n</b>\n",
        "<span>\n\ntext\n\n</span>\n",
    ]

    private static func reading(_ root: HTMLNode) -> (DocumentContent, String) {
        (DocumentExtractor.extract(from: root), TextCollector.text(of: root))
    }

    @Test(arguments: readable)
    func renderingsReadTheSameWithEitherParser(_ markdown: String) {
        let (html, readableAsXML) = MarkdownRenderer.render(markdown)
        #expect(readableAsXML)
        let viaXML = HTMLDocument.parse(html, with: .xml, Self.reading)
        let viaHTML = HTMLDocument.parse(html, with: .html, Self.reading)
        #expect(viaXML != nil, "the XML parser rejected it")
        #expect(viaXML?.0 == viaHTML?.0)
        #expect(viaXML?.1 == viaHTML?.1)
    }

    @Test func theSeedNoteReadsTheSameWithEitherParser() throws {
        let text = try String(contentsOf: TestSupport.seedPath, encoding: .utf8)
        let (html, readableAsXML) = MarkdownRenderer.render(FrontMatterParser.parse(text).body)
        #expect(readableAsXML)
        let viaXML = HTMLDocument.parse(html, with: .xml, Self.reading)
        #expect(viaXML != nil)
        #expect(viaXML?.0 == HTMLDocument.parse(html, with: .html, Self.reading)?.0)
    }

    @Test(arguments: leftToHTML)
    func otherRawHTMLIsLeftToTheHTMLParser(_ markdown: String) {
        #expect(!MarkdownRenderer.render(markdown).readableAsXML)
    }

    /// Why bold is kept inside paragraphs: around one, the HTML parser closes it at the `<p>`,
    /// so the two parsers would hand the extractors different trees (the term is found in one).
    @Test func boldAroundAParagraphIsReadDifferentlyByTheTwoParsers() {
        let html = MarkdownRenderer.html(from: "<b>\n\n**Term:** a definition\n\n</b>\n")
        let viaXML = HTMLDocument.parse(html, with: .xml, Self.reading)
        let viaHTML = HTMLDocument.parse(html, with: .html, Self.reading)
        #expect(viaXML != nil)
        #expect(viaXML?.0.terms != viaHTML?.0.terms)
    }

    /// Raw HTML the check lets through but the XML parser rejects is read by the HTML parser.
    @Test func aRejectedFragmentFallsBackToTheHTMLParser() {
        let (html, readableAsXML) = MarkdownRenderer.render("Line<br>break and <b>bold</b>\n")
        #expect(readableAsXML)
        #expect(HTMLDocument.parse(html, with: .xml, Self.reading) == nil)
        let fallback = HTMLDocument.parse(html, asXMLFirst: true, Self.reading)
        #expect(fallback?.1 == HTMLDocument.parse(html, with: .html, Self.reading)?.1)
        #expect(fallback?.1.contains("bold") == true)
    }
}
