import CLibXML2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTML document parsed by libxml2: by its forgiving HTML parser, or by its XML parser when
/// that gives the same tree faster (see `Reader`). Nodes are borrowed views into it, valid only
/// inside `HTMLDocument.parse`'s closure, so no tree is copied.
enum HTMLDocument {
    /// Which of libxml2's parsers reads the text.
    enum Reader {
        /// The HTML parser, which reads anything.
        case html
        /// The XML parser for a well-formed fragment, placed in `<html><body>` as the HTML
        /// parser places one; nil when it is not well-formed. It takes about a third of the
        /// HTML parser's time, and reads such a fragment into the same tree when its raw HTML
        /// passes `RawHTMLCheck`.
        case xml
        /// The XML parser, and the HTML parser when the XML parser rejects the text.
        case xmlThenHTML
    }

    /// Parses `html` (a fragment or a page) and hands its root element to `body`.
    /// Returns nil when libxml2 could not make a document at all.
    /// - Parameter asXMLFirst: `html` is a fragment whose raw HTML passes `RawHTMLCheck`.
    static func parse<T>(_ html: String, asXMLFirst: Bool = false, _ body: (HTMLNode) throws -> T) rethrows -> T? {
        try parse(html, with: asXMLFirst ? .xmlThenHTML : .html, body)
    }

    static func parse<T>(_ html: String, with reader: Reader, _ body: (HTMLNode) throws -> T) rethrows -> T? {
        _ = initialized
        // libxml2 makes no document at all from no bytes, while a note with only front matter
        // renders to nothing: that is an empty page, not an unreadable one.
        let (html, reader) = html.isEmpty ? ("<html><body></body></html>", Reader.html) : (html, reader)
        let doc: xmlDocPtr?
        switch reader {
        case .html: doc = readHTML(html)
        case .xml: doc = readXML(fragment: html)
        case .xmlThenHTML: doc = readXML(fragment: html) ?? readHTML(html)
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        return try body(HTMLNode(root))
    }

    private static func readHTML(_ html: String) -> xmlDocPtr? {
        // COMPACT keeps a short text node's bytes inside the node instead of a malloc'd copy;
        // such a tree must not be changed afterwards, and kb only reads it. Blank text is kept,
        // as the XML parser keeps it: dropped, it glued words together around some elements.
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
            | XML_PARSE_HUGE.rawValue)
        var text = html
        return text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, "UTF-8", options)
            }
        }
    }

    private static func readXML(fragment: String) -> xmlDocPtr? {
        // An empty note renders to nothing, which is left to the HTML parser's reading.
        guard !fragment.isEmpty else { return nil }
        let options = Int32(XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NONET.rawValue
            | XML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue)
        var page = "<html><body>" + fragment + "</body></html>"
        return page.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, "UTF-8", options)
            }
        }
    }
}

/// libxml2 asks to be set up once before several threads use it; otherwise each thread's first
/// parse runs its lazy setup at the same time (a parser context made that way once left two
/// threads waiting on each other's lock).
private let initialized: Void = xmlInitParser()

/// A borrowed libxml2 node.
struct HTMLNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool {
        pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE
    }

    /// True for an element named `name` (lower case). Compared as libxml2's bytes: the
    /// extractors ask this of nearly every element, and a String of each name was measurable.
    func isNamed(_ name: StaticString) -> Bool {
        guard isElement, let raw = pointer.pointee.name else { return false }
        return strcmp(raw, name.utf8Start) == 0
    }

    /// The node's own text, for text nodes.
    var ownText: String {
        guard let content = pointer.pointee.content else { return "" }
        return String(cString: content)
    }

    /// An attribute's value as XML reads it: each tab, line break and carriage return in it is
    /// a space. libxml2's XML parser does that itself and its HTML parser does not, and either
    /// may have read the document (an image's `alt` can hold a tab).
    func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(pointer, name) else { return nil }
        defer { kb_xml_free(value) }
        let text = String(cString: value)
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(decoding: text.utf8.map { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Child nodes in document order.
    var children: [HTMLNode] {
        var out: [HTMLNode] = []
        var child = pointer.pointee.children
        while let node = child {
            out.append(HTMLNode(node))
            child = node.pointee.next
        }
        return out
    }

    var elementChildren: [HTMLNode] { children.filter(\.isElement) }

    /// Descendant elements named `name`, in document order; stops `maxDepth` levels down so a
    /// pathological nesting cannot exhaust the stack.
    func descendants(named name: StaticString, maxDepth: Int = HTMLNode.depthLimit) -> [HTMLNode] {
        descendants(namedAnyOf: [name], maxDepth: maxDepth)
    }

    /// Descendant elements with any of `names`, in document order, as `descendants(named:)`.
    /// Names are compared as libxml2's bytes: this runs on every block of every note, and a
    /// String per element, hashed into a set, was most of its cost.
    func descendants(namedAnyOf names: [StaticString], maxDepth: Int = HTMLNode.depthLimit) -> [HTMLNode] {
        var out: [HTMLNode] = []
        collect(matching: { element in names.contains { strcmp(element, $0.utf8Start) == 0 } },
                depth: 0, maxDepth: maxDepth, into: &out)
        return out
    }

    private func collect(matching: (UnsafePointer<UInt8>) -> Bool, depth: Int, maxDepth: Int, into out: inout [HTMLNode]) {
        guard depth < maxDepth else { return }
        var child = pointer.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                if matching(name) { out.append(HTMLNode(node)) }
                HTMLNode(node).collect(matching: matching, depth: depth + 1, maxDepth: maxDepth, into: &out)
            }
            child = node.pointee.next
        }
    }

    /// How deep any walk goes: deeper content is reached by no extractor, but it is still in
    /// the note's body text, which is read without recursion.
    static let depthLimit = 200
}
