import Foundation

/// A link as it sits in a note's source text, with byte offsets, so an editor or `kb mv` can
/// rewrite exactly the part that names the target. The parser's `Link` comes from the rendered
/// page and knows no position; this is the source-level twin.
package struct LinkSpan: Sendable, Equatable {
    /// How the link is written.
    package enum Style: String, Sendable, Codable {
        /// `[label](target)` or `![alt](target)`.
        case inline
        /// `[id]: target`, a reference definition.
        case reference
        /// `[[target|label]]` or `![[target]]`.
        case wiki
        /// `{{< ref "target" >}}` or `relref`.
        case shortcode
        /// `<a href="target">` or `<img src="target">`.
        case html
    }
    package var style: Style
    /// The kind the parser would give the same link.
    package var kind: Link.Kind
    /// The destination as written, anchor included.
    package var target: String
    /// The link's text (empty for a reference definition or a shortcode).
    package var label: String
    /// UTF-8 offsets of the destination without its `#anchor` or `?query`.
    package var pathRange: Range<Int>
    /// UTF-8 offsets of the whole destination, anchor included.
    package var targetRange: Range<Int>
    /// UTF-8 offsets of the whole link, brackets included.
    package var range: Range<Int>

    /// The `#anchor` written after the path, without `#`.
    package var anchor: String? { LinkClassifier.fragment(of: target) }

    /// The parser's view of this link, for the resolver.
    package var link: Link { Link(label: label, target: target, anchor: anchor, kind: kind) }
}

/// Finds the internal links of a Markdown note in its source: inline and reference links,
/// images, wikilinks and embeds, Hugo `ref`/`relref` shortcodes and HTML `href`/`src`. Code
/// blocks, inline code and front matter are skipped; external links are left out.
package enum LinkSpanScanner {
    package static func spans(in text: String) -> [LinkSpan] {
        let bytes = Array(text.utf8)
        var spans: [LinkSpan] = []
        var lineStart = frontMatterEnd(bytes)
        var fence: [UInt8]? = nil
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let line = lineStart..<lineEnd
            if let marker = fenceMarker(bytes, line) {
                if let open = fence {
                    if marker.count >= open.count, marker.first == open.first { fence = nil }
                } else {
                    fence = marker
                }
            } else if fence == nil {
                LineScanner(bytes: bytes, line: line).scan(into: &spans)
            }
            lineStart = lineEnd + 1
        }
        return spans.filter { !LinkClassifier.isExternal($0.target) && !$0.target.isEmpty }
    }

    /// Where the body starts: after a `---` or `+++` block at the top of the file.
    package static func frontMatterEnd(_ bytes: [UInt8]) -> Int {
        for marker in ["---", "+++"] {
            let fence = Array(marker.utf8)
            guard bytes.starts(with: fence + [0x0A]) || bytes.starts(with: fence + [0x0D, 0x0A]) else { continue }
            var start = fence.count + 1
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var line = Array(bytes[start..<end])
                if line.last == 0x0D { line.removeLast() }
                if line == fence { return min(end + 1, bytes.count) }
                start = end + 1
            }
        }
        return 0
    }

    /// The run of three or more backticks or tildes that opens or closes a fenced code block.
    private static func fenceMarker(_ bytes: [UInt8], _ line: Range<Int>) -> [UInt8]? {
        var index = line.lowerBound
        while index < line.upperBound, index - line.lowerBound < 4, bytes[index] == 0x20 { index += 1 }
        guard index < line.upperBound, bytes[index] == 0x60 || bytes[index] == 0x7E else { return nil }
        let mark = bytes[index]
        var end = index
        while end < line.upperBound, bytes[end] == mark { end += 1 }
        return end - index >= 3 ? Array(bytes[index..<end]) : nil
    }
}

/// One line's links.
private struct LineScanner {
    let bytes: [UInt8]
    let line: Range<Int>

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func scan(into spans: inout [LinkSpan]) {
        if let definition = referenceDefinition() {
            spans.append(definition)
            return
        }
        var index = line.lowerBound
        while index < line.upperBound {
            let byte = bytes[index]
            if byte == 0x60 {
                index = afterCodeSpan(from: index)
            } else if byte == 0x5B, next(index) == 0x5B, let (span, end) = wikilink(at: index) {
                spans.append(span)
                index = end
            } else if byte == 0x5D, next(index) == 0x28, let (span, end) = inline(closeBracket: index) {
                spans.append(span)
                index = end
            } else if byte == 0x7B, next(index) == 0x7B, let (span, end) = shortcode(at: index) {
                spans.append(span)
                index = end
            } else if byte == 0x3C, let found = html(at: index) {
                spans += found.spans
                index = found.end
            } else {
                index += 1
            }
        }
    }

    private func next(_ index: Int) -> UInt8? { index + 1 < line.upperBound ? bytes[index + 1] : nil }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= line.upperBound {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Past the code span that starts at `start`, or one byte on when it is never closed.
    private func afterCodeSpan(from start: Int) -> Int {
        var end = start
        while end < line.upperBound, bytes[end] == 0x60 { end += 1 }
        let run = [UInt8](repeating: 0x60, count: end - start)
        guard let close = find(run, from: end) else { return end }
        return close + run.count
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// The destination's path part: up to `#`, or `?` for a URL-style destination.
    private func pathPart(_ range: Range<Int>, stopAtQuery: Bool) -> Range<Int> {
        var end = range.lowerBound
        while end < range.upperBound, bytes[end] != 0x23, !(stopAtQuery && bytes[end] == 0x3F) { end += 1 }
        return range.lowerBound..<end
    }

    private func span(_ style: LinkSpan.Style, _ kind: Link.Kind, target: Range<Int>, label: String, whole: Range<Int>) -> LinkSpan {
        LinkSpan(style: style, kind: kind, target: text(target), label: label,
                 pathRange: pathPart(target, stopAtQuery: style != .wiki), targetRange: target, range: whole)
    }

    private func wikilink(at open: Int) -> (LinkSpan, Int)? {
        guard let close = find([0x5D, 0x5D], from: open + 2) else { return nil }
        let inner = open + 2..<close
        var bar = inner.lowerBound
        while bar < inner.upperBound, bytes[bar] != 0x7C { bar += 1 }
        // A `\|` (inside a table) still separates the label.
        let targetEnd = bar > inner.lowerBound && bar < inner.upperBound && bytes[bar - 1] == 0x5C ? bar - 1 : bar
        let target = trimmed(inner.lowerBound..<targetEnd)
        guard !target.isEmpty else { return nil }
        let label = bar < inner.upperBound ? text(trimmed(bar + 1..<inner.upperBound)) : text(target)
        let isEmbed = open > line.lowerBound && bytes[open - 1] == 0x21
        let whole = (isEmbed ? open - 1 : open)..<close + 2
        return (span(.wiki, isEmbed ? .embed : .wiki, target: target, label: label, whole: whole), close + 2)
    }

    private func inline(closeBracket: Int) -> (LinkSpan, Int)? {
        // The `[` that opens this label.
        var depth = 0, open = closeBracket - 1
        while open >= line.lowerBound {
            if bytes[open] == 0x5D { depth += 1 }
            if bytes[open] == 0x5B {
                if depth == 0 { break }
                depth -= 1
            }
            open -= 1
        }
        guard open >= line.lowerBound else { return nil }
        let isImage = open > line.lowerBound && bytes[open - 1] == 0x21
        var start = closeBracket + 2
        while start < line.upperBound, bytes[start] == 0x20 { start += 1 }
        guard start < line.upperBound else { return nil }
        // `[x]({{< ref "a" >}})`: the shortcode inside is the link, found on its own.
        if bytes[start] == 0x7B, next(start) == 0x7B { return nil }
        var target: Range<Int>, end: Int
        if bytes[start] == 0x3C {
            guard let close = find([0x3E], from: start + 1) else { return nil }
            target = start + 1..<close
            end = close + 1
        } else {
            var index = start, parens = 0
            while index < line.upperBound {
                let byte = bytes[index]
                if byte == 0x20 { break }
                if byte == 0x28 { parens += 1 }
                if byte == 0x29 {
                    if parens == 0 { break }
                    parens -= 1
                }
                index += 1
            }
            target = start..<index
            end = index
        }
        while end < line.upperBound, bytes[end] != 0x29 { end += 1 }
        guard end < line.upperBound else { return nil }
        let whole = (isImage ? open - 1 : open)..<end + 1
        return (span(.inline, isImage ? .image : .internal, target: target, label: text(open + 1..<closeBracket), whole: whole), end + 1)
    }

    private func referenceDefinition() -> LinkSpan? {
        var index = line.lowerBound
        while index < line.upperBound, index - line.lowerBound < 4, bytes[index] == 0x20 { index += 1 }
        guard index < line.upperBound, bytes[index] == 0x5B, next(index) != 0x5B,
              let close = find([0x5D, 0x3A], from: index + 1), close > index + 1 else { return nil }
        var start = close + 2
        while start < line.upperBound, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        var end = start
        let angled = start < line.upperBound && bytes[start] == 0x3C
        if angled { start += 1; end = start }
        while end < line.upperBound, angled ? bytes[end] != 0x3E : bytes[end] != 0x20 && bytes[end] != 0x0D { end += 1 }
        guard end > start else { return nil }
        return span(.reference, .internal, target: start..<end, label: "", whole: line.lowerBound..<end)
    }

    private func shortcode(at open: Int) -> (LinkSpan, Int)? {
        guard let kindByte = next(open + 1), kindByte == 0x3C || kindByte == 0x25 else { return nil }
        let closer: [UInt8] = [kindByte == 0x3C ? 0x3E : 0x25, 0x7D, 0x7D]
        guard let close = find(closer, from: open + 3) else { return nil }
        let inner = trimmed(open + 3..<close)
        let words = text(inner)
        guard words.hasPrefix("ref ") || words.hasPrefix("relref ") else { return nil }
        // The first quoted argument is the path.
        guard let quote = (inner.lowerBound..<inner.upperBound).first(where: { bytes[$0] == 0x22 }),
              let end = find([0x22], from: quote + 1) else { return nil }
        return (span(.shortcode, .internal, target: quote + 1..<end, label: "", whole: open..<close + 3), close + 3)
    }

    private func html(at open: Int) -> (spans: [LinkSpan], end: Int)? {
        guard let close = find([0x3E], from: open + 1) else { return nil }
        let tag = open..<close + 1
        var spans: [LinkSpan] = []
        for (attribute, kind) in [("href=", Link.Kind.internal), ("src=", .image)] {
            guard let at = find(Array(attribute.utf8), from: open), at < close, at > open,
                  bytes[at - 1] == 0x20 || bytes[at - 1] == 0x09 else { continue }
            let quoteAt = at + attribute.utf8.count
            guard quoteAt < close, bytes[quoteAt] == 0x22 || bytes[quoteAt] == 0x27,
                  let end = find([bytes[quoteAt]], from: quoteAt + 1), end < close else { continue }
            spans.append(span(.html, kind, target: quoteAt + 1..<end, label: "", whole: tag))
        }
        return spans.isEmpty ? nil : (spans, close + 1)
    }
}
