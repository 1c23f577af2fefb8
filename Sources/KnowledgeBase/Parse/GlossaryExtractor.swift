import Foundation

/// Finds glossary terms: `**Term:** definition` (or `**Term**: …`, `**Term** – …`) in list items
/// and paragraphs, and `<dl>` definition lists. A nested item that is itself a bold term is a
/// child term; any other nested item belongs to its parent's definition.
enum GlossaryExtractor {
    private static let nestedLists: [StaticString] = ["ul", "ol"]

    /// Terms defined by the items of a `<ul>` / `<ol>`.
    static func terms(inList list: HTMLNode, parent: String?, section: String?, depth: Int = 0) -> [Term] {
        guard depth < 32 else { return [] }
        var terms: [Term] = []
        for item in list.elementChildren where item.isNamed("li") {
            terms += Self.terms(inItem: item, parent: parent, section: section, depth: depth)
        }
        return terms
    }

    private static func terms(inItem item: HTMLNode, parent: String?, section: String?, depth: Int) -> [Term] {
        guard let (name, lead) = split(lead(of: item), itemText: TextCollector.text(of: item, skipping: nestedLists)) else {
            return []
        }
        var definition = lead
        var children: [Term] = []
        for nested in item.elementChildren where nested.isNamed("ul") || nested.isNamed("ol") {
            for sub in nested.elementChildren where sub.isNamed("li") {
                let subTerms = terms(inItem: sub, parent: name, section: section, depth: depth + 1)
                if subTerms.isEmpty {
                    // An example or detail of this term, kept in its definition.
                    let text = TextCollector.oneLine(TextCollector.text(of: sub))
                    if !text.isEmpty { definition += (definition.isEmpty ? "" : "\n") + "- " + text }
                } else {
                    children += subTerms
                }
            }
        }
        guard !definition.isEmpty || !children.isEmpty else { return [] }
        return [Term(name: name, definition: definition, parent: parent, section: section)] + children
    }

    /// A paragraph that starts with a bold term; `text` is the paragraph's collected text,
    /// which the caller already has.
    static func term(inParagraph paragraph: HTMLNode, text: String, section: String?) -> Term? {
        guard let (name, definition) = split(paragraph, itemText: text),
              !definition.isEmpty else { return nil }
        return Term(name: name, definition: definition, section: section)
    }

    /// `<dt>` / `<dd>` pairs; several `<dd>` after one `<dt>` join into one definition.
    static func terms(inDefinitionList list: HTMLNode, section: String?) -> [Term] {
        var terms: [Term] = []
        for child in list.elementChildren {
            if child.isNamed("dt") {
                let name = TextCollector.text(of: child)
                if !name.isEmpty { terms.append(Term(name: name, definition: "", section: section)) }
            } else if child.isNamed("dd"), !terms.isEmpty {
                let text = TextCollector.text(of: child)
                terms[terms.count - 1].definition += (terms[terms.count - 1].definition.isEmpty ? "" : "\n") + text
            }
        }
        return terms.filter { !$0.definition.isEmpty }
    }

    /// The first child that is not a text node of whitespace only. Walked by pointer, and text
    /// of ASCII whitespace is recognised by its bytes: this runs on every list item.
    private static func firstVisibleChild(of node: HTMLNode) -> HTMLNode? {
        var child = node.pointer.pointee.children
        while let current = child {
            let candidate = HTMLNode(current)
            guard candidate.isText else { return candidate }
            if let content = current.pointee.content {
                var byte = content
                while byte.pointee.isASCIIWhitespace { byte += 1 }
                if byte.pointee >= 0x80 {
                    if !candidate.ownText.allSatisfy(\.isWhitespace) { return candidate }
                } else if byte.pointee != 0 {
                    return candidate
                }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// The element holding an item's first line: its first `<p>` in a loose list, else itself.
    private static func lead(of item: HTMLNode) -> HTMLNode {
        if let first = item.elementChildren.first, first.isNamed("p") { return first }
        return item
    }

    /// When `container` opens with a bold run that names a term, returns the name and the text
    /// after the separator (`:`, `–`, `—` or `-`) taken from `itemText`. The item's text is
    /// collected only then: most list items open with no bold run.
    private static func split(_ container: HTMLNode, itemText: @autoclosure () -> String) -> (String, String)? {
        guard let first = firstVisibleChild(of: container), first.isNamed("strong") || first.isNamed("b") else { return nil }
        let bold = TextCollector.oneLine(TextCollector.text(of: first))
        let flat = TextCollector.oneLine(itemText())
        guard !bold.isEmpty, flat.hasPrefix(bold) else { return nil }
        var rest = flat.dropFirst(bold.count).trimmingSpaces()
        var name = bold.trimmingSpaces()
        if name.hasSuffix(":") {
            name.removeLast()
        } else if let separator = [":", "–", "—", "-"].first(where: { rest.hasPrefix($0) }) {
            rest = String(rest.dropFirst(separator.count)).trimmingSpaces()
        } else {
            return nil
        }
        name = name.trimmingSpaces()
        // A bold sentence ("CloudFront is a global service:") is a lead-in, not a term name.
        guard !name.isEmpty, name.count <= 80, name.split(separator: " ").count <= 8 else { return nil }
        return (name, rest)
    }
}
