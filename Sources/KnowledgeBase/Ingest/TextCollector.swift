import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

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
                    if raw.containsByte(0x0A), !isPreformatted(node) {
                        out += oneLine(raw)
                    } else {
                        out += raw
                    }
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

    /// The text on one line: line breaks become spaces. Byte-level, like `tidy`, because it
    /// runs on every list item and heading.
    static func oneLine(_ text: String) -> String {
        guard text.containsByte(0x0A) else { return text }
        return String(decoding: text.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
    }

    /// True when `text` holds the two ASCII bytes `first` then `second`. `memchr` finds each
    /// candidate `first`: this runs over every block of every note.
    static func contains(_ text: String, _ first: UInt8, _ second: UInt8) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard var cursor = bytes.baseAddress else { return false }
            let end = cursor + bytes.count
            while cursor < end, let found = memchr(cursor, Int32(first), end - cursor) {
                let at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                if at + 1 < end, at[1] == second { return true }
                cursor = at + 1
            }
            return false
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

    /// Collapses runs of spaces inside lines and drops empty lines. Works on UTF-8 bytes,
    /// written straight into the new string: it runs over every note's whole text several
    /// times, and Character-level splitting (then a byte array) was the hot spot.
    static func tidy(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            String(unsafeUninitializedCapacity: input.count) { out in
                var count = 0
                var pendingSpace = false
                var lineHasContent = false
                var previousWasC2 = false
                func put(_ byte: UInt8) {
                    out[count] = byte
                    count += 1
                }
                for byte in input {
                    if previousWasC2 {
                        previousWasC2 = false
                        if byte == 0xA0 {  // U+00A0 no-break space
                            pendingSpace = lineHasContent
                            continue
                        }
                        if pendingSpace { put(0x20); pendingSpace = false }
                        put(0xC2)
                        lineHasContent = true
                    }
                    switch byte {
                    case 0x0A:
                        if lineHasContent { put(0x0A) }
                        lineHasContent = false
                        pendingSpace = false
                    case 0x20, 0x09, 0x0D:
                        pendingSpace = lineHasContent
                    case 0xC2:
                        previousWasC2 = true
                    default:
                        if pendingSpace { put(0x20); pendingSpace = false }
                        put(byte)
                        lineHasContent = true
                    }
                }
                if previousWasC2 { put(0xC2) }
                if count > 0, out[count - 1] == 0x0A { count -= 1 }
                return count
            }
        }
    }
}
