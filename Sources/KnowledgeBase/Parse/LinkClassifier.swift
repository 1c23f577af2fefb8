import Foundation

/// Decides what kind of link an `href` is and splits off its anchor, and finds `[[wikilinks]]`
/// in text (Obsidian syntax, which no Markdown library parses).
package enum LinkClassifier {
    /// A link from an `<a href>` or `<img src>`.
    package static func link(href: String, label: String, isImage: Bool, section: String?) -> Link {
        let target = href.trimmingSpaces()
        let anchor = fragment(of: target)
        if isExternal(target) {
            let host = URL(string: target)?.host ?? hostByHand(target)
            return Link(label: label, target: target, anchor: anchor, kind: isImage ? .image : .external,
                        host: host, section: section)
        }
        return Link(label: label, target: target, anchor: anchor, kind: isImage ? .image : .internal, section: section)
    }

    /// `http:`, `mailto:`, `//host/…`: anything with a URL scheme or a network path.
    package static func isExternal(_ target: String) -> Bool {
        if target.hasPrefix("//") { return true }
        // An ASCII target (nearly all) is read as bytes; in ASCII every byte is a Character,
        // except CR LF, which is neither a letter nor ':'.
        guard target.isAllASCII else { return hasScheme(target) }
        let bytes = target.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), let first = bytes.first,
              first.isASCIILetter else { return false }
        return bytes[..<colon].allSatisfy { $0.isASCIILetter || $0.isASCIIDigit
            || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `isExternal` by Character, for targets with other characters (and the reference the
    /// byte path is tested against).
    static func hasScheme(_ target: String) -> Bool {
        guard let colon = target.firstIndex(of: ":") else { return false }
        let scheme = target[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-") }
    }

    static func fragment(of target: String) -> String? {
        let hash: String.Index?
        if target.isAllASCII {
            hash = target.utf8.firstIndex(of: UInt8(ascii: "#"))
        } else {
            hash = target.firstIndex(of: "#")
        }
        guard let hash else { return nil }
        let anchor = String(target[target.index(after: hash)...])
        return anchor.isEmpty ? nil : anchor
    }

    private static func hostByHand(_ target: String) -> String? {
        guard let range = target.range(of: "//") else { return nil }
        let rest = target[range.upperBound...]
        let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        return host.isEmpty ? nil : String(host)
    }

    /// Every `[[target]]`, `[[target|label]]`, `[[target#heading]]` and `![[embed]]` in `text`.
    package static func wikilinks(in text: String, section: String?) -> [Link] {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = WikilinkScanner(bytes: bytes)
            return scanner.links(section: section)
        }
    }
}

extension LinkClassifier {
    /// The targets of `\[\[…\]\]` in Markdown source: escaped brackets that a reader sees as
    /// text, not as a link. The rendered text no longer shows the escapes, so the parser drops
    /// one found wikilink per escaped one.
    static func escapedWikilinkTargets(in markdown: String) -> [String] {
        guard markdown.contains("\\[\\[") else { return [] }
        var targets: [String] = []
        for line in markdown.split(separator: "\n") where line.contains("\\[\\[") {
            var rest = line[...]
            while let open = rest.range(of: "\\[\\[") {
                let after = rest[open.upperBound...]
                let ends = [after.range(of: "]]"), after.range(of: "\\]\\]")].compactMap { $0 }
                guard let close = ends.min(by: { $0.lowerBound < $1.lowerBound }) else { break }
                var inner = String(after[..<close.lowerBound])
                if inner.hasSuffix("\\") { inner.removeLast() }
                inner = inner.replacingOccurrences(of: "\\|", with: "|")
                let target = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                targets.append(target.trimmingSpaces())
                rest = after[close.upperBound...]
            }
        }
        return targets
    }

    /// `links` without one wikilink for each escaped target.
    static func droppingEscaped(_ targets: [String], from links: [Link]) -> [Link] {
        guard !targets.isEmpty else { return links }
        var pending = Dictionary(targets.map { ($0, 1) }, uniquingKeysWith: +)
        return links.filter { link in
            guard link.kind == .wiki || link.kind == .embed, let count = pending[link.target], count > 0 else { return true }
            pending[link.target] = count - 1
            return false
        }
    }
}

/// Finds wikilinks in one pass over the bytes. From each `[[` the link runs to the first `]]`
/// on the same line; when another `[[` comes first, the outer `[[` was stray and the search
/// goes on from two bytes after it. Searching afresh from every `[[` (for the next `]]` and the
/// line's end) would make this quadratic, and a line of thousands of links would take
/// seconds. Here the three searches each keep a cursor that only moves forward, because
/// the place each one searches from only grows; so the whole scan is linear. Every byte
/// looked for is ASCII, so the slices between them are whole UTF-8.
private struct WikilinkScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private var nextOpen = 0, nextClose = 0, nextBreak = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The first two-byte run of `byte` at or after `start`, or `bytes.count`; `cursor` holds
    /// the last answer, still right for any `start` up to it.
    private func pair(of byte: UInt8, from start: Int, cursor: Int) -> Int {
        var index = max(start, cursor)
        while index + 1 < bytes.count {
            if bytes[index + 1] != byte {
                index += 2  // neither `index` nor `index + 1` starts a run
            } else if bytes[index] == byte {
                return index
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    private func lineBreak(from start: Int, cursor: Int) -> Int {
        var index = max(start, cursor)
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        return index
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func links(section: String?) -> [Link] {
        var links: [Link] = []
        var searchStart = 0
        while true {
            nextOpen = pair(of: UInt8(ascii: "["), from: searchStart, cursor: nextOpen)
            let open = nextOpen
            guard open < bytes.count else { break }
            let innerStart = open + 2
            searchStart = innerStart
            nextClose = pair(of: UInt8(ascii: "]"), from: innerStart, cursor: nextClose)
            nextBreak = lineBreak(from: innerStart, cursor: nextBreak)
            let close = nextClose
            // Unclosed on its line.
            guard close < nextBreak else { continue }
            // A `[[` inside means this one was stray; the next round starts at that `[[` or
            // before it.
            nextOpen = pair(of: UInt8(ascii: "["), from: innerStart, cursor: nextOpen)
            if nextOpen + 2 <= close { continue }
            let inner = text(innerStart..<close)
            if inner.trimmingSpaces().isEmpty { continue }
            searchStart = close + 2
            let isEmbed = open > 0 && bytes[open - 1] == UInt8(ascii: "!")
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let target = String(parts[0]).trimmingSpaces()
            let label = parts.count > 1 ? String(parts[1]).trimmingSpaces() : target
            links.append(Link(label: label, target: target, anchor: LinkClassifier.fragment(of: target),
                              kind: isEmbed ? .embed : .wiki, section: section))
        }
        return links
    }
}
