import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one walk over a note's DOM finds.
struct DocumentContent: Equatable {
    var sections: [Section] = []
    var terms: [Term] = []
    var links: [Link] = []
    var questions: [Question] = []
    var facts: [Fact] = []
    var tables: [Table] = []
    /// `#tags` written in the text (see `InlineTags`).
    var inlineTags: [String] = []
    /// The `<title>` of an HTML page.
    var pageTitle: String?
    var firstH1: String?
    /// True when some content was nested too deep to be walked for structure.
    var truncated = false
    /// The note's whole text as `TextCollector.text(of:)` would read it from the root, joined
    /// from the pieces the walk reads anyway; nil when the DOM is not of the shape that makes
    /// the two the same (see `DocumentExtractor.addToBody`).
    var body: String? = ""
}

/// Walks a DOM once, in document order, keeping track of the current section, and hands each
/// block (paragraph, list, table, details…) to the extractor that understands it.
struct DocumentExtractor {
    /// Elements walked into for the blocks they hold (see `ElementName`).
    static let containers: Set<String> = [
        "html", "body", "div", "section", "article", "main", "header", "footer", "aside", "nav",
        "blockquote", "figure", "span", "center", "font",
    ]

    private(set) var content = DocumentContent()
    private var anchors: [String: Int] = [:]
    private var questionsLevel: Int?
    private var question: QuestionBuilder?
    private var questionLevel = 0
    /// Whether anything came before the current element: only a heading that opens the note
    /// names it (an example `# Heading 1` far down a page is not its title).
    private var sawContent = false

    private var currentSection: String? { content.sections.last?.heading }

    static func extract(from root: HTMLNode) -> DocumentContent {
        var extractor = DocumentExtractor()
        extractor.visit(root, depth: 0)
        extractor.closeQuestion()
        if extractor.content.truncated { extractor.content.body = nil }
        return extractor.content
    }

    private mutating func visit(_ node: HTMLNode, depth: Int) {
        guard depth < HTMLNode.depthLimit else {
            content.truncated = true
            return
        }
        for child in node.children {
            if child.isText {
                let text = TextCollector.tidy(child.ownText)
                if !text.isEmpty { sawContent = true }
                appendText(text, endsLine: false)
                continue
            }
            // Told apart by libxml2's bytes: this runs on every element of every note.
            guard child.isElement, let raw = child.pointer.pointee.name else { continue }
            if let level = ElementName.headingLevel(raw) {
                let text = TextCollector.text(of: child)
                addToBody(text, endsLine: true)
                if level == 1, !sawContent, content.firstH1 == nil { content.firstH1 = TextCollector.oneLine(text) }
                sawContent = true
                startSection(level: level, heading: TextCollector.oneLine(text))
            } else if strcmp(raw, "head") == 0 {
                if let title = child.descendants(named: "title").first {
                    content.pageTitle = TextCollector.text(of: title)
                }
            } else if ElementName.isInvisible(raw) {
                continue
            } else if strcmp(raw, "details") == 0, question != nil {
                collectLinks(in: child)
                appendText(TextCollector.text(of: child), endsLine: true)
                question?.add(details: child)
            } else if ElementName.isContainer(raw) || strcmp(raw, "details") == 0 {
                visit(child, depth: depth + 1)
            } else {
                block(child, name: raw)
            }
        }
    }

    private mutating func startSection(level: Int, heading: String) {
        if question != nil, level <= questionLevel { closeQuestion() }
        if let questionsLevel, level <= questionsLevel { self.questionsLevel = nil }
        if Question.isQuestionsSection(heading) {
            questionsLevel = level
        } else if Question.isQuestionHeading(heading) {
            closeQuestion()
            question = QuestionBuilder(label: heading)
            questionLevel = level
        }
        content.sections.append(Section(level: level, heading: heading, anchor: uniqueAnchor(for: heading)))
    }

    private mutating func closeQuestion() {
        if let finished = question?.finish() { content.questions.append(finished) }
        question = nil
    }

    /// GitHub numbers repeated anchors: `setup`, `setup-1`, `setup-2`.
    private mutating func uniqueAnchor(for heading: String) -> String {
        let base = TextNormalizer.anchor(heading)
        let seen = anchors[base, default: 0]
        anchors[base] = seen + 1
        return seen == 0 ? base : "\(base)-\(seen)"
    }

    private mutating func block(_ node: HTMLNode, name: UnsafePointer<UInt8>) {
        let text = TextCollector.text(of: node)
        sawContent = true
        appendText(text, endsLine: ElementName.isBlock(name) && !ElementName.isCell(name))
        collectLinks(in: node)
        // Wikilinks are rare: read the text again without code only when it holds a `[[`.
        if !node.isNamed("pre"), !node.isNamed("code"), text.containsBytes("[[") {
            content.links += LinkClassifier.wikilinks(in: TextCollector.text(of: node, skipping: ["pre", "code"]),
                                                      section: currentSection)
        }
        if !node.isNamed("pre"), !node.isNamed("code"), text.containsByte(UInt8(ascii: "#")) {
            content.inlineTags += InlineTags.find(in: TextCollector.text(of: node, skipping: ["pre", "code", "a"]))
        }
        let isList = node.isNamed("ul") || node.isNamed("ol")
        if question != nil {
            if node.isNamed("p") {
                question?.add(paragraph: node)
            } else if isList {
                question?.add(list: node)
            }
            return
        }
        if isList {
            content.terms += GlossaryExtractor.terms(inList: node, parent: nil, section: currentSection)
        } else if node.isNamed("dl") {
            content.terms += GlossaryExtractor.terms(inDefinitionList: node, section: currentSection)
        } else if node.isNamed("p") {
            if let term = GlossaryExtractor.term(inParagraph: node, text: text, section: currentSection) {
                content.terms.append(term)
            } else {
                content.facts += FactFinder.facts(in: text, section: currentSection)
            }
        } else if node.isNamed("table"), let table = TableReader.table(node, section: currentSection) {
            content.tables.append(table)
        }
    }

    /// Adds tidy text (TextCollector's output) to the note's text and the current section.
    private mutating func appendText(_ text: String, endsLine: Bool) {
        addToBody(text, endsLine: endsLine)
        guard !text.isEmpty, !content.sections.isEmpty else { return }
        let last = content.sections.count - 1
        if !content.sections[last].text.isEmpty { content.sections[last].text += "\n" }
        content.sections[last].text += text
    }

    /// Adds a piece read at container level, in document order, to the note's text. Reading
    /// from the root, `TextCollector` starts a new line after each block element, and tidying
    /// drops empty lines: so while every piece with text ends a line, the root's text is the
    /// pieces joined by line breaks. A piece that does not (text or an inline element between
    /// blocks, or a table cell, which the root's text would open with " | ") leaves the body
    /// to be read from the root.
    private mutating func addToBody(_ text: String, endsLine: Bool) {
        guard !text.isEmpty, content.body != nil else { return }
        guard endsLine else { return content.body = nil }
        if content.body?.isEmpty == false { content.body?.append("\n") }
        content.body?.append(text)
    }

    /// Links and images anywhere inside `node` (and `node` itself), in document order.
    private mutating func collectLinks(in node: HTMLNode) {
        if node.isNamed("a") || node.isNamed("img") { addLink(node) }
        for element in node.descendants(namedAnyOf: Self.linkElements) { addLink(element) }
    }

    private static let linkElements: [StaticString] = ["a", "img"]

    private mutating func addLink(_ node: HTMLNode) {
        let isImage = node.isNamed("img")
        guard let href = node.attribute(isImage ? "src" : "href"), !href.isEmpty else { return }
        let label = isImage ? (node.attribute("alt") ?? "") : TextCollector.text(of: node)
        content.links.append(LinkClassifier.link(href: href, label: label, isImage: isImage, section: currentSection))
    }
}

/// `Key: value` lines such as `Type: Content delivery networks`.
enum FactFinder {
    private static let keyPunctuation: Set<Character> = [" ", "/", "&", "(", ")", "_", "-"]

    static func facts(in text: String, section: String?) -> [Fact] {
        guard text.containsByte(UInt8(ascii: ":")) else { return [] }
        return text.split(separator: "\n").compactMap { line -> Fact? in
            // Checked by hand rather than with a regular expression: this runs on every paragraph.
            guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")), let first = line.first, first.isUppercase else { return nil }
            let key = line[..<colon]
            guard key.count <= 40, key.allSatisfy({ $0.isLetter || $0.isNumber || keyPunctuation.contains($0) }),
                  key.split(separator: " ").count <= 5 else { return nil }
            let afterColon = line[line.index(after: colon)...]
            guard afterColon.first?.isWhitespace == true else { return nil }
            let value = afterColon.trimmingSpaces()
            guard !value.isEmpty else { return nil }
            return Fact(key: key.trimmingSpaces(), value: value, section: section)
        }
    }
}

/// A `<table>`: the header row's cells and the body rows' cells.
enum TableReader {
    static func table(_ node: HTMLNode, section: String?) -> Table? {
        var header: [String] = []
        var rows: [[String]] = []
        for row in node.descendants(named: "tr", maxDepth: 3) {
            let cells = row.elementChildren.filter { $0.isNamed("td") || $0.isNamed("th") }
            let texts = cells.map { TextCollector.oneLine(TextCollector.text(of: $0)) }
            if header.isEmpty, rows.isEmpty, cells.contains(where: { $0.isNamed("th") }) {
                header = texts
            } else {
                rows.append(texts)
            }
        }
        return header.isEmpty && rows.isEmpty ? nil : Table(section: section, header: header, rows: rows)
    }
}
