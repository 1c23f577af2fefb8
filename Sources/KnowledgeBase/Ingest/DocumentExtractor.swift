import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one walk over a note's DOM finds.
struct DocumentContent {
    var sections: [Section] = []
    var terms: [Term] = []
    var links: [Link] = []
    var questions: [Question] = []
    var facts: [Fact] = []
    var tables: [Table] = []
    /// The `<title>` of an HTML page.
    var pageTitle: String?
    var firstH1: String?
    /// True when some content was nested too deep to be walked for structure.
    var truncated = false
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

    private var currentSection: String? { content.sections.last?.heading }

    static func extract(from root: HTMLNode) -> DocumentContent {
        var extractor = DocumentExtractor()
        extractor.visit(root, depth: 0)
        extractor.closeQuestion()
        return extractor.content
    }

    private mutating func visit(_ node: HTMLNode, depth: Int) {
        guard depth < HTMLNode.depthLimit else {
            content.truncated = true
            return
        }
        for child in node.children {
            if child.isText {
                appendText(child.ownText, raw: true)
                continue
            }
            // Told apart by libxml2's bytes: this runs on every element of every note.
            guard child.isElement, let raw = child.pointer.pointee.name else { continue }
            if let level = ElementName.headingLevel(raw) {
                startSection(level: level, heading: TextCollector.oneLine(TextCollector.text(of: child)))
            } else if strcmp(raw, "head") == 0 {
                if let title = child.descendants(named: "title").first {
                    content.pageTitle = TextCollector.text(of: title)
                }
            } else if ElementName.isInvisible(raw) {
                continue
            } else if strcmp(raw, "details") == 0, question != nil {
                collectLinks(in: child)
                appendText(TextCollector.text(of: child))
                question?.add(details: child)
            } else if ElementName.isContainer(raw) || strcmp(raw, "details") == 0 {
                visit(child, depth: depth + 1)
            } else {
                block(child)
            }
        }
    }

    private mutating func startSection(level: Int, heading: String) {
        if level == 1, content.firstH1 == nil { content.firstH1 = heading }
        if question != nil, level <= questionLevel { closeQuestion() }
        if let questionsLevel, level <= questionsLevel { self.questionsLevel = nil }
        if QuestionBuilder.isQuestionsSection(heading) {
            questionsLevel = level
        } else if QuestionBuilder.isQuestionHeading(heading) {
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

    private mutating func block(_ node: HTMLNode) {
        let text = TextCollector.text(of: node)
        appendText(text)
        collectLinks(in: node)
        // Wikilinks are rare: read the text again without code only when it holds a `[[`.
        if !node.isNamed("pre"), !node.isNamed("code"), text.containsBytes("[[") {
            content.links += LinkClassifier.wikilinks(in: TextCollector.text(of: node, skipping: ["pre", "code"]),
                                                      section: currentSection)
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

    /// Adds text to the current section. `text` is already tidy (TextCollector's output) unless
    /// it is a raw text node, which is tidied here.
    private mutating func appendText(_ text: String, raw: Bool = false) {
        let tidy = raw ? TextCollector.tidy(text) : text
        guard !tidy.isEmpty, !content.sections.isEmpty else { return }
        let last = content.sections.count - 1
        if !content.sections[last].text.isEmpty { content.sections[last].text += "\n" }
        content.sections[last].text += tidy
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
