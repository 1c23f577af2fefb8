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
    static func text(of node: HTMLNode, skipping: [StaticString] = []) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        walk(node.pointer, skipping: skipping, into: &out)
        return out.withUnsafeBufferPointer(tidy)
    }

    /// Appends the raw text under `start` to `out` as bytes: this runs over every block of
    /// every note, and a String per text node and per element name was most of its cost.
    private static func walk(_ start: xmlNodePtr, skipping: [StaticString], into out: inout [UInt8]) {
        var current: xmlNodePtr? = start
        var descending = true
        while let node = current {
            let type = node.pointee.type
            let name = type == XML_ELEMENT_NODE ? node.pointee.name : nil
            if descending {
                if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
                    if let content = node.pointee.content {
                        let bytes = UnsafeBufferPointer(start: content, count: strlen(content))
                        // Outside <pre>, a line break in HTML source is just a space.
                        if memchr(content, 0x0A, bytes.count) != nil, !isPreformatted(node) {
                            out.append(contentsOf: bytes.lazy.map { $0 == 0x0A ? 0x20 : $0 })
                        } else {
                            out.append(contentsOf: bytes)
                        }
                    }
                } else if let name, let child = node.pointee.children, !ElementName.isInvisible(name),
                          !skipping.contains(where: { strcmp($0.utf8Start, name) == 0 }) {
                    if node != start, ElementName.isCell(name) { out.append(contentsOf: " | ".utf8) }
                    current = child
                    continue
                }
            }
            // Leaving `node`: close its block, then move to the next sibling or back up.
            if let name, ElementName.isBlock(name) { out.append(0x0A) }
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

    private static func isPreformatted(_ node: xmlNodePtr) -> Bool {
        var parent = node.pointee.parent
        for _ in 0..<3 {
            guard let current = parent else { return false }
            if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name, strcmp(name, "pre") == 0 { return true }
            parent = current.pointee.parent
        }
        return false
    }

    /// Collapses runs of spaces inside lines and drops empty lines. Works on UTF-8 bytes,
    /// written straight into the new string: it runs over every note's whole text several
    /// times, and Character-level splitting (then a byte array) was the hot spot.
    static func tidy(_ text: String) -> String {
        var text = text
        return text.withUTF8(tidy)
    }

    static func tidy(_ input: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: input.count) { out in
            guard let source = input.baseAddress, let target = out.baseAddress else { return 0 }
            let end = input.count
            var count = 0
            var index = 0
            var pendingSpace = false
            var lineHasContent = false
            while index < end {
                let byte = source[index]
                // A run of visible bytes is copied in a tight loop: most bytes are in one.
                if byte > 0x20, byte != 0xC2 || (index + 1 < end && source[index + 1] != 0xA0) {
                    if pendingSpace { target[count] = 0x20; count += 1; pendingSpace = false }
                    target[count] = byte
                    count += 1
                    index += 1
                    while index < end, source[index] > 0x20, source[index] != 0xC2 {
                        target[count] = source[index]
                        count += 1
                        index += 1
                    }
                    lineHasContent = true
                    continue
                }
                switch byte {
                case 0x0A:
                    if lineHasContent { target[count] = 0x0A; count += 1 }
                    lineHasContent = false
                    pendingSpace = false
                case 0x20, 0x09, 0x0D:
                    pendingSpace = lineHasContent
                case 0xC2 where index + 1 < end:  // then followed by 0xA0: U+00A0 no-break space
                    pendingSpace = lineHasContent
                    index += 1
                case 0xC2:  // a lone last byte, kept as it is
                    target[count] = 0xC2
                    count += 1
                default:
                    if pendingSpace { target[count] = 0x20; count += 1; pendingSpace = false }
                    target[count] = byte
                    count += 1
                    lineHasContent = true
                }
                index += 1
            }
            if count > 0, target[count - 1] == 0x0A { count -= 1 }
            return count
        }
    }
}

/// Element names looked up by their bytes as libxml2 holds them, without a String for each
/// element of every walk.
enum ElementName {
    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let block = Flags(rawValue: 1)
        static let invisible = Flags(rawValue: 2)
        static let cell = Flags(rawValue: 4)
        static let container = Flags(rawValue: 8)
    }

    /// Up to 16 bytes of a name packed into two words; longer names are none of ours.
    private struct Key: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init?(_ name: UnsafePointer<UInt8>) {
            var index = 0
            while name[index] != 0 {
                guard index < 16 else { return nil }
                let shift = UInt64(index % 8) * 8
                if index < 8 { low |= UInt64(name[index]) << shift } else { high |= UInt64(name[index]) << shift }
                index += 1
            }
        }

        /// A slot in the 64-slot table: a multiplicative hash, far cheaper than SipHash for the
        /// few dozen names it tells apart.
        var slot: Int { Int(truncatingIfNeeded: ((low ^ (high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 58) }
    }

    /// Open addressing over 64 slots; an empty slot ends a probe. The names fill about half.
    private static let table: [(key: Key?, flags: Flags)] = {
        var table = [(key: Key?, flags: Flags)](repeating: (nil, []), count: 64)
        func add(_ names: some Sequence<String>, _ flag: Flags) {
            for name in names {
                let key = name.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1) { Key($0)! } }
                var slot = key.slot
                while let existing = table[slot].key, existing != key { slot = (slot + 1) & 63 }
                table[slot].key = key
                table[slot].flags.insert(flag)
            }
        }
        add(TextCollector.blockElements, .block)
        add(TextCollector.invisibleElements, .invisible)
        add(["td", "th"], .cell)
        add(DocumentExtractor.containers, .container)
        return table
    }()

    private static func flags(_ name: UnsafePointer<UInt8>) -> Flags {
        guard let key = Key(name) else { return [] }
        var slot = key.slot
        while let existing = table[slot].key {
            if existing == key { return table[slot].flags }
            slot = (slot + 1) & 63
        }
        return []
    }

    static func isBlock(_ name: UnsafePointer<UInt8>) -> Bool { flags(name).contains(.block) }
    static func isInvisible(_ name: UnsafePointer<UInt8>) -> Bool { flags(name).contains(.invisible) }
    static func isCell(_ name: UnsafePointer<UInt8>) -> Bool { flags(name).contains(.cell) }
    static func isContainer(_ name: UnsafePointer<UInt8>) -> Bool { flags(name).contains(.container) }

    /// 1 to 6 for `h1` to `h6`.
    static func headingLevel(_ name: UnsafePointer<UInt8>) -> Int? {
        guard name[0] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(name[1]), name[2] == 0 else { return nil }
        return Int(name[1] - UInt8(ascii: "0"))
    }
}
