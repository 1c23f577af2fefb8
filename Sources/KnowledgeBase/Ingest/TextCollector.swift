import CLibXML2

/// Collects the readable text under a node without recursion, so a document nested thousands of
/// levels deep is read in full. Block elements end a line; table cells are separated by " | ".
enum TextCollector {
    static let blockElements: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "pre", "blockquote", "table", "thead", "tbody", "tr", "details", "summary", "section",
        "article", "main", "header", "footer", "nav", "aside", "figure", "figcaption", "hr", "br",
        "title", "body", "html",
    ]
    static let invisibleElements: Set<String> = ["script", "style", "head", "template", "noscript"]

    /// Text of `node` and everything below it, with elements named in `skipping` left out.
    static func text(of node: HTMLNode, skipping: Set<String> = []) -> String {
        var out = ""
        walk(node.pointer, skipping: skipping, into: &out)
        return tidy(out)
    }

    private static func walk(_ start: xmlNodePtr, skipping: Set<String>, into out: inout String) {
        var current: xmlNodePtr? = start
        var descending = true
        while let node = current {
            let wrapped = HTMLNode(node)
            if descending {
                if wrapped.isText {
                    // Outside <pre>, a line break in HTML source is just a space.
                    let raw = wrapped.ownText
                    out += raw.contains("\n") && !isPreformatted(node) ? raw.replacingOccurrences(of: "\n", with: " ") : raw
                } else if wrapped.isElement {
                    let name = wrapped.name
                    if !skipping.contains(name), !invisibleElements.contains(name), let child = node.pointee.children {
                        if (name == "td" || name == "th"), node != start { out += " | " }
                        current = child
                        continue
                    }
                }
            }
            // Leaving `node`: close its block, then move to the next sibling or back up.
            if wrapped.isElement, blockElements.contains(wrapped.name) { out += "\n" }
            if node == start { break }
            if let next = node.pointee.next {
                current = next
                descending = true
            } else {
                current = node.pointee.parent
                descending = false
                if current == start.pointee.parent { break }
            }
        }
    }

    private static func isPreformatted(_ node: xmlNodePtr) -> Bool {
        var parent = node.pointee.parent
        for _ in 0..<3 {
            guard let current = parent else { return false }
            if HTMLNode(current).name == "pre" { return true }
            parent = current.pointee.parent
        }
        return false
    }

    /// Collapses runs of spaces inside lines and drops empty lines.
    static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{a0}" })
            if !words.isEmpty { lines.append(words.joined(separator: " ")) }
        }
        return lines.joined(separator: "\n")
    }
}
