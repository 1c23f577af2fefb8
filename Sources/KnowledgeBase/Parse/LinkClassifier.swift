import Foundation

/// Decides what kind of link an `href` is and splits off its anchor, and finds `[[wikilinks]]`
/// in text (Obsidian syntax, which no Markdown library parses).
public enum LinkClassifier {
    /// A link from an `<a href>` or `<img src>`.
    public static func link(href: String, label: String, isImage: Bool, section: String?) -> Link {
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
    public static func isExternal(_ target: String) -> Bool {
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
    public static func wikilinks(in text: String, section: String?) -> [Link] {
        var links: [Link] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "[[", range: searchStart..<text.endIndex) {
            searchStart = open.upperBound
            // A wikilink never spans lines, so the search for `]]` stops at the line's end: a
            // text full of unclosed `[[` stays linear (the fuzzer found it quadratic).
            let lineEnd = text[open.upperBound...].firstIndex(of: "\n") ?? text.endIndex
            guard let close = text.range(of: "]]", range: open.upperBound..<lineEnd) else { continue }
            let inner = text[open.upperBound..<close.lowerBound]
            // `[[` inside it means the first `[[` was stray.
            if inner.contains("[[") || inner.trimmingSpaces().isEmpty { continue }
            searchStart = close.upperBound
            let isEmbed = open.lowerBound > text.startIndex && text[text.index(before: open.lowerBound)] == "!"
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let target = String(parts[0]).trimmingSpaces()
            let label = parts.count > 1 ? String(parts[1]).trimmingSpaces() : target
            links.append(Link(label: label, target: target, anchor: fragment(of: target),
                              kind: isEmbed ? .embed : .wiki, section: section))
        }
        return links
    }
}
