/// Hugo shortcodes in Markdown, as Hugo renders them for a reader: `{{< youtube … >}}` and
/// every other tag leaves nothing behind (the text between a paired tag's opening and closing
/// stays), `ref` and `relref` become the path they link to, and the escaped `{{</* x */>}}` is
/// the literal `{{< x >}}`. Hugo reads shortcodes everywhere in a page, code blocks included.
enum ShortcodeText {
    static func render(_ markdown: String) -> String {
        guard markdown.contains("{{<") || markdown.contains("{{%") else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var rest = markdown[...]
        while let open = nextOpen(in: rest) {
            out += rest[..<open.start]
            let closer = open.percent ? "%}}" : ">}}"
            let afterOpen = rest[open.end...]
            guard let close = afterOpen.range(of: closer) else {
                rest = afterOpen
                out += open.percent ? "{{%" : "{{<"
                continue
            }
            let inner = afterOpen[..<close.lowerBound].trimmingSpaces()
            out += replacement(for: inner, percent: open.percent)
            rest = afterOpen[close.upperBound...]
        }
        out += rest
        return out
    }

    private static func nextOpen(in text: Substring) -> (start: String.Index, end: String.Index, percent: Bool)? {
        let angle = text.range(of: "{{<"), percent = text.range(of: "{{%")
        switch (angle, percent) {
        case (nil, nil): return nil
        case (let a?, nil): return (a.lowerBound, a.upperBound, false)
        case (nil, let p?): return (p.lowerBound, p.upperBound, true)
        case (let a?, let p?):
            return a.lowerBound < p.lowerBound ? (a.lowerBound, a.upperBound, false) : (p.lowerBound, p.upperBound, true)
        }
    }

    private static func replacement(for inner: String, percent: Bool) -> String {
        // `{{</* figure */>}}` shows a shortcode without running it.
        if inner.hasPrefix("/*"), inner.hasSuffix("*/") {
            let shown = inner.dropFirst(2).dropLast(2).trimmingSpaces()
            return percent ? "{{% \(shown) %}}" : "{{< \(shown) >}}"
        }
        let words = inner.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard let name = words.first, name == "ref" || name == "relref" else { return "" }
        guard let path = refPath(inner.dropFirst(name.count)) else { return "" }
        // Angle brackets keep a path with spaces one link destination.
        return path.contains(" ") ? "<\(path)>" : path
    }

    /// The first quoted argument, or `path="…"`, or the first bare word.
    private static func refPath(_ arguments: Substring) -> String? {
        let text = arguments.trimmingSpaces()
        if let range = text.range(of: "path=") {
            return quoted(text[range.upperBound...]) ?? text[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        return quoted(text[...]) ?? text.split(separator: " ").first.map(String.init)
    }

    private static func quoted(_ text: Substring) -> String? {
        guard let quote = text.first, quote == "\"" || quote == "'" || quote == "`" else { return nil }
        let body = text.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        return String(body[..<end])
    }
}
