import CCmarkGFM
#if canImport(Glibc)
import Glibc
#endif

/// Whether libxml2's XML parser reads a note's rendered Markdown into the same tree as its HTML
/// parser, judged from the raw HTML the note holds. cmark's own output always qualifies: tags
/// in lower case, every element closed (void ones with `/>`), no entities but XML's own.
///
/// The HTML parser also closes open elements when some tags start (a `<div>` ends an open
/// `<p>`, an `<a>` an open `<a>`), and knows entities XML does not (`&nbsp;`). Raw HTML that
/// could bring any of that in is left to it: raw HTML passes only with tags named here, in
/// lower case, with no `&` and no comment, doctype or processing instruction, each tag only
/// where the HTML parser cannot close it early (see the sets below). Whatever else is not
/// well-formed (a tag left open, `<br>` without its slash), the XML parser rejects by itself.
enum RawHTMLCheck {
    /// Allowed in HTML blocks only: no element cmark makes inside them closes them.
    static let blockTags: Set<String> = ["details", "summary", "div"]
    /// Allowed anywhere: the HTML parser closes them for no tag.
    static let inlineTags: Set<String> = ["mark", "em", "strong", "code", "kbd", "sub", "sup", "del", "ins", "br"]
    /// Allowed inside paragraphs only. A `<p>` (or a table cell) closes them in the HTML parser,
    /// so one opened by an HTML block around Markdown paragraphs would end early there; in a
    /// paragraph they must close before it does, or the XML parser rejects the note.
    static let paragraphTags: Set<String> = ["span", "b", "i", "u", "s", "small"]

    /// True when every raw HTML node of `document` passes (see above).
    static func allowsXML(_ document: OpaquePointer) -> Bool {
        guard let iterator = cmark_iter_new(document) else { return false }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { continue }
            guard let literal = cmark_node_get_literal(node),
                  allows(UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self),
                                             count: strlen(literal)),
                         inBlock: type == CMARK_NODE_HTML_BLOCK) else { return false }
        }
        return true
    }

    /// One raw HTML node's text; `inBlock` for an HTML block, false for HTML inside a paragraph.
    static func allows(_ text: UnsafeBufferPointer<UInt8>, inBlock: Bool) -> Bool {
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            if byte == UInt8(ascii: "&") { return false }
            guard byte == UInt8(ascii: "<") else { continue }
            if index < text.count, text[index] == UInt8(ascii: "/") { index += 1 }
            let start = index
            // The name: lower-case letters and digits.
            while index < text.count, text[index] &- UInt8(ascii: "a") < 26 || text[index].isASCIIDigit {
                index += 1
            }
            // `<!--`, `<?`, `<Div`, `< ` and `<div2` all end here: no name, or an unknown one.
            guard index > start, index == text.count || text[index].isASCIIWhitespace || text[index] == UInt8(ascii: "/")
                    || text[index] == UInt8(ascii: ">") else { return false }
            let name = String(decoding: UnsafeBufferPointer(rebasing: text[start..<index]), as: UTF8.self)
            guard inlineTags.contains(name) || (inBlock ? blockTags : paragraphTags).contains(name) else { return false }
        }
        return true
    }
}
