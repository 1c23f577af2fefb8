import Foundation
import Testing
@testable import KnowledgeBase

/// The byte-level text helpers every note's text runs through: tidying, word scanning and
/// mention matching.
@Suite struct TextScanTests {
    @Test func tidyCollapsesSpacesAndDropsEmptyLines() {
        let raw = "  Price:\t£5 \u{00A0}\u{00A0}per  ¢ \r\n\n   \nnext\u{00A0}line  \nÂ café\u{00A0}"
        #expect(TextCollector.tidy(raw) == "Price: £5 per ¢\nnext line\nÂ café")
        #expect(TextCollector.tidy("\n \u{00A0}\n") == "")
        #expect(TextCollector.tidy("a\u{0001}  b") == "a\u{0001} b")
    }

    /// HTML whose text the extractor joins from its blocks (true), and HTML it leaves to be
    /// read from the root (false): text or an inline element between blocks, a table cell
    /// outside a table. Either way the note's text is what reading from the root gives.
    static let documents: [(html: String, joined: Bool)] = [
        ("<p>Before any heading</p><h2>A <br>two-line  heading</h2><p>x</p><ul><li>a</li></ul>", true),
        ("<div><p>in a div</p>\n  <section><p>deeper</p></section></div><span><p>in a span</p></span><hr><p>after</p>", true),
        ("<h2>Questions</h2><h3>Q1</h3><p>Stem?</p><details><summary>Answer</summary><mark>B</mark></details>", true),
        ("<p>a</p><img src=x.png><p>b</p><!-- comment --><script>var x</script><pre>one\n  two</pre>", true),
        ("<head><title>Page</title></head><body><h1>T</h1><table><tr><td>1</td><td>2</td></tr></table></body>", true),
        ("<p>a</p>loose text<p>b</p>", false),
        ("<p>a</p><em>inline</em><p>b</p>", false),
        ("<div><td>cell</td><p>b</p></div>", false),
        ("<p>a</p><span>inline <b>text</b></span>", false),
    ]

    @Test(arguments: documents)
    func aNotesTextIsJoinedFromItsBlocksOnlyWhereReadingFromTheRootAgrees(_ document: (html: String, joined: Bool)) {
        let (body, fromRoot) = HTMLDocument.parse(document.html) { root in
            (DocumentExtractor.extract(from: root).body, TextCollector.text(of: root))
        } ?? (nil, "")
        #expect((body != nil) == document.joined, "\(document.html)")
        if let body { #expect(body == fromRoot, "\(document.html)") }
    }

    /// The byte tests the fast paths share agree with Character's own, on every byte.
    @Test func byteClassesAreWhatCharactersSay() {
        for byte in UInt8(0)...UInt8(127) {
            let character = Character(Unicode.Scalar(byte))
            #expect(byte.isASCIILetter == character.isLetter, "\(byte)")
            #expect(byte.isASCIIDigit == character.isNumber, "\(byte)")
            #expect(byte.asciiLowercased == Character(character.lowercased()).asciiValue, "\(byte)")
        }
        #expect(UInt8(0xC3).asciiLowercased == 0xC3)
    }

    @Test func wordsAreRunsOfLettersAndDigits() {
        var text = "Route53 is DynamoDB's café, 1ü_x"
        let words = text.withUTF8 { bytes in
            WordRanges.scan(bytes).map { (String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self), $0.asciiHash) }
        }
        #expect(words.map(\.0) == ["Route53", "is", "DynamoDB", "s", "café", "1ü", "x"])
        #expect(words.map { $0.1 == nil } == [false, false, false, false, true, true, false])
        #expect(words[0].1 == WordRanges.asciiHash("route53"))
    }

    @Test func namesOfEveryLengthAreMentioned() {
        // 70 words: longer than the matcher's bit set of lengths, so found another way.
        let long = (1...70).map { "w\($0)" }.joined(separator: " ")
        var directory = NoteDirectory()
        directory.add(name: "origin shield", kind: .title, for: 1)
        directory.add(name: "origin", kind: .title, for: 2)
        directory.add(name: long, kind: .title, for: 3)
        let matcher = MentionMatcher(directory: directory)
        let text = "An Origin Shield, an origin; then \(long.uppercased()) and origin shield again."
        // Every name that starts at a place counts there: "Origin Shield" names both notes.
        #expect(matcher.mentions(in: text, excluding: 99) == [1: 2, 2: 3, 3: 1])
        #expect(matcher.mentions(in: text, excluding: 1) == [2: 3, 3: 1])
        #expect(matcher.mentions(in: String(text.dropLast(40)), excluding: 99) == [1: 1, 2: 2])
    }
}

/// "Select TWO" in a quiz stem: the byte path for ASCII stems and the String path agree.
@Suite struct AnswerCountTests {
    @Test(arguments: [
        ("Which of these are origins? (Select TWO.)", 2), ("CHOOSE 3 answers", 3), ("pick four", 4),
        ("Select two", 2), ("select one", nil), ("selected two", nil), ("Select", nil), ("two select", nil),
        ("Café menu: select TWO dishes", 2), ("Sélect two", nil), ("Ünïcode stem, pick 4", 4),
    ] as [(String, Int?)])
    func selectCountsAreRead(_ stem: String, _ expected: Int?) {
        #expect(QuestionBuilder.answerCount(in: stem) == expected, "\(stem)")
    }
}

/// Options, link schemes and anchors are read as bytes when that gives what Characters give.
@Suite struct ByteFastPathTests {
    static let options = [
        "A) Amazon S3", "b. lower case", "(C) parenthesised", "D: colon", "H) last letter", "I) past H",
        "A)no space", "A)", "A", "", "(", "1) digit", "A)\tTab", "A)\r\nCRLF", "A)  two spaces",
        "A\u{301}) accented", "A)\u{301} mark", "(\u{301}A) mark", "A)\u{A0}no-break space", "É) accented letter",
        "A)\u{2003}em space", "ａ) full width",
    ]

    @Test(arguments: options)
    func letteredOptionsAreWhatCharactersGive(_ text: String) {
        let fast = QuestionBuilder.letteredOption(text), reference = QuestionBuilder.letteredOptionByCharacter(text)
        #expect(fast?.0 == reference?.0 && fast?.1 == reference?.1, "\(text)")
    }

    /// A list item's leading whitespace, ASCII or not, does not hide the bold term after it;
    /// a comment or visible text before the bold run does.
    @Test func glossaryItemsSkipOnlyWhitespaceBeforeTheBoldTerm() {
        let html = "<ul><li>\n  <b>Edge</b>: a site</li><li>\u{A0}<strong>Origin</strong> – the source</li>"
            + "<li><!-- c --><b>Hidden</b>: no</li><li>x <b>Late</b>: no</li><li> \u{301}<b>Mark</b>: no</li></ul>"
        let note = NoteParser.parse(Data(html.utf8), path: "glossary.html")
        #expect(note.terms.map(\.name) == ["Edge", "Origin"])
        #expect(note.terms.map(\.definition) == ["a site", "the source"])
    }

    @Test(arguments: ["https://aws.amazon.com/x#y", "mailto:a@b.c", "../dynamodb", "c++:x", "1http://x", "a b:c",
                      "x-y.z+w:1", "/abs:path", ":x", "#top", "docs/a.md#Section", "café:x", "e\u{301}:x", "tag#\u{301}x",
                      "./a#", "é#ancre"])
    func schemesAndAnchorsAreWhatCharactersGive(_ target: String) {
        #expect(LinkClassifier.isExternal(target) == (target.hasPrefix("//") || LinkClassifier.hasScheme(target)), "\(target)")
        let anchor = target.firstIndex(of: "#").map { String(target[target.index(after: $0)...]) }
        #expect(LinkClassifier.fragment(of: target) == (anchor?.isEmpty == false ? anchor : nil), "\(target)")
    }
}

/// Paths and URLs are split and stripped as bytes when that gives what Characters give.
@Suite struct PathTextTests {
    @Test(arguments: ["aws/cloudfront/_index.md", "/aws/dynamodb/", "a//b/", "", "/", "café/menü/x.md", "é/\u{301}x/y", "../s3/index.md"])
    func slashComponentsAreWhatASplitByCharacterGives(_ text: String) {
        #expect(text.slashComponents() == text.split(separator: "/"))
    }

    @Test func noteExtensionsAreStrippedWhereTheDotStandsAlone() {
        #expect(NoteIdentity.stripExtension("Guide.MD") == "Guide")
        #expect(NoteIdentity.stripExtension("a.b.markdown") == "a.b")
        #expect(NoteIdentity.stripExtension("notes.txt") == "notes.txt")
        #expect(NoteIdentity.stripExtension(".md") == ".md")
        // A combining mark on the dot makes it part of another character: no extension.
        #expect(NoteIdentity.stripExtension("a.\u{301}md") == "a.\u{301}md")
        #expect(NoteIdentity.url(forPath: "aws/cloudfront/_index.md") == "/aws/cloudfront/")
        #expect(NoteIdentity.slug(forPath: "aws/Café/index.md") == "Café")
    }
}
