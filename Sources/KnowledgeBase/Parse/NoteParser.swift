import Foundation

/// Turns the bytes of one file into a `ParsedNote`. Pure and thread-safe: the indexer runs it on
/// every core. It never throws: whatever cannot be read becomes a warning on the note.
package enum NoteParser {
    /// Bytes of text past this are not parsed for structure (their words are still indexed).
    package static let structureLimit = 4 << 20

    package static func parse(_ data: Data, path: String) -> ParsedNote {
        var note = ParsedNote(path: path)
        // An attachment is a node by its name: its bytes are not text to index.
        if NoteIdentity.isAttachment(path) { return note }
        // Through the raw bytes: Data's own iterator went byte by byte through a slow path.
        let (hasNUL, decoded) = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return (bytes.prefix(8192).contains(0), String(validating: bytes, as: UTF8.self))
        }
        if hasNUL {
            note.warnings.append("binary data (a NUL byte in the first 8 KB): content not indexed")
            return note
        }
        var text: String
        if let valid = decoded {
            text = valid
        } else {
            text = String(decoding: data, as: UTF8.self)
            note.warnings.append("invalid UTF-8: undecodable bytes were replaced with U+FFFD")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.containsByte(0x0D) { text = text.replacingOccurrences(of: "\r\n", with: "\n") }

        let isHTML = path.lowercased().hasSuffix(".html") || path.lowercased().hasSuffix(".htm")
        var html = text
        var readableAsXML = false
        var titled = false
        if !isHTML {
            let frontMatter = FrontMatterParser.parse(text)
            if let warning = frontMatter.warning { note.warnings.append(warning) }
            apply(frontMatter.fields, to: &note)
            titled = frontMatter.fields["title"]?.text?.isEmpty == false
            (html, readableAsXML) = render(ShortcodeText.render(frontMatter.body), note: &note)
        }
        // A page of front matter and shortcodes only (a Hugo list page) has no text to read.
        if !isHTML, html.allSatisfy(\.isWhitespace) { return note }
        guard let content = HTMLDocument.parse(html, asXMLFirst: readableAsXML, { root in
            let content = DocumentExtractor.extract(from: root)
            return (content, content.body ?? TextCollector.text(of: root))
        }) else {
            // Only HTML comments (a note to the site's authors): nothing a reader sees.
            if !isHTML, Self.isOnlyComments(html) { return note }
            note.body = text
            note.warnings.append("the HTML could not be parsed: indexed as plain text")
            return note
        }
        fill(&note, from: content.0, body: content.1, titled: titled)
        if !isHTML { note.links = LinkClassifier.droppingEscaped(LinkClassifier.escapedWikilinkTargets(in: text), from: note.links) }
        return note
    }

    static func isOnlyComments(_ html: String) -> Bool {
        var rest = html[...]
        while let open = rest.range(of: "<!--") {
            guard rest[..<open.lowerBound].allSatisfy(\.isWhitespace), let close = rest[open.upperBound...].range(of: "-->") else { return false }
            rest = rest[close.upperBound...]
        }
        return rest.allSatisfy(\.isWhitespace)
    }

    /// Markdown to HTML; a huge note is split so only its head is parsed for structure.
    private static func render(_ markdown: String, note: inout ParsedNote) -> (html: String, readableAsXML: Bool) {
        // cmark-gfm's table extension costs the square of a row's cells (see WideTableGuard).
        let (markdown, widest) = WideTableGuard.bound(markdown)
        if let widest {
            note.warnings.append("a table with up to \(widest) cells a row (more than \(WideTableGuard.columnLimit)) was indexed as plain text")
        }
        guard markdown.utf8.count > structureLimit else { return MarkdownRenderer.render(markdown) }
        note.warnings.append("larger than \(structureLimit >> 20) MB: only the first \(structureLimit >> 20) MB were read for structure")
        let cut = markdown.utf8.index(markdown.utf8.startIndex, offsetBy: structureLimit)
        let head = String(markdown[..<cut])
        // The rest is kept as escaped text so every word stays searchable.
        let tail = String(markdown[cut...])
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return (MarkdownRenderer.html(from: head) + "<pre>" + tail + "</pre>", false)
    }

    private static func fill(_ note: inout ParsedNote, from content: DocumentContent, body: String, titled: Bool) {
        note.sections = content.sections
        note.links = content.links
        note.questions = content.questions
        note.facts = content.facts
        note.tables = content.tables
        note.body = body
        if !titled, let title = content.pageTitle ?? content.firstH1, !title.isEmpty {
            note.title = title
        }
        if !content.inlineTags.isEmpty {
            var known = Set(note.tags.map(\.key))
            note.tags += content.inlineTags.map(Label.init).filter { known.insert($0.key).inserted }
        }
        note.terms = TermAliasing.apply(to: content.terms, body: body)
        if note.tags.contains(where: { $0.key == "glossary" }) || TextNormalizer.key(note.title).contains("glossary") {
            note.terms += glossaryHeadings(note.sections, existing: note.terms)
        }
        if content.truncated {
            note.warnings.append("nested more than \(HTMLNode.depthLimit) levels deep: deeper structure skipped, its text kept")
        }
    }

    /// On a glossary page every H2/H3 names a term defined by the text under it.
    private static func glossaryHeadings(_ sections: [Section], existing: [Term]) -> [Term] {
        let known = Set(existing.map { TextNormalizer.key($0.name) })
        return sections.filter { (2...3).contains($0.level) && !$0.text.isEmpty && !known.contains(TextNormalizer.key($0.heading)) }
            .map { Term(name: $0.heading, definition: $0.text, section: $0.heading) }
    }

    /// Copies the known front-matter keys into typed fields and keeps every key as JSON.
    static func apply(_ fields: [String: FrontMatterValue], to note: inout ParsedNote) {
        guard !fields.isEmpty else { return }
        note.frontMatterJSON = FrontMatterParser.json(fields)
        if let title = fields["title"]?.text?.trimmingSpaces(), !title.isEmpty { note.title = title }
        note.description = fields["description"]?.text
        note.tags = labels(fields["tags"])
        note.categories = labels(fields["categories"])
        note.aliases = fields["aliases"]?.strings.filter { !$0.isEmpty } ?? []
        note.keywords = fields["keywords"]?.strings.filter { !$0.isEmpty } ?? []
        note.date = fields["date"]?.text
        note.weight = fields["weight"]?.text.flatMap { Int($0) }
        note.draft = fields["draft"] == .bool(true) || fields["draft"]?.text == "true"
    }

    /// Tags keep their first spelling; empty and repeated ones (by key) are dropped.
    private static func labels(_ value: FrontMatterValue?) -> [Label] {
        var seen = Set<String>()
        return (value?.strings ?? []).compactMap { raw in
            let label = Label(raw.trimmingSpaces())
            guard !label.key.isEmpty, seen.insert(label.key).inserted else { return nil }
            return label
        }
    }
}

/// Gives terms their other names: "X (ACR)" in a term's own name, and "long form (ACR)" pairs
/// found anywhere in the note, which join the term named by either side.
enum TermAliasing {
    static func apply(to terms: [Term], body: String) -> [Term] {
        var terms = terms
        for index in terms.indices {
            let name = terms[index].name
            if let pair = AcronymFinder.pairs(in: name).first, name.hasSuffix("(\(pair.acronym))") {
                terms[index].name = String(name.dropLast(pair.acronym.count + 2)).trimmingSpaces()
                terms[index].aliases.append(pair.acronym)
            }
        }
        // Terms by the key of their name, and the keys of each one's aliases: comparing every
        // pair with every term (and every alias) would be quadratic, and a glossary of
        // thousands of terms, each with its own "(ACR)", would take seconds.
        var termsByKey: [String: [Int]] = [:]
        for index in terms.indices { termsByKey[TextNormalizer.key(terms[index].name), default: []].append(index) }
        guard !termsByKey.isEmpty else { return terms }
        var aliasKeys = terms.map { Set($0.aliases.map(TextNormalizer.key)) }
        func add(_ alias: String, toTermsKeyed key: String) {
            guard let indices = termsByKey[key] else { return }
            let aliasKey = TextNormalizer.key(alias)
            for index in indices where aliasKeys[index].insert(aliasKey).inserted {
                terms[index].aliases.append(alias)
            }
        }
        for pair in AcronymFinder.pairs(in: body) {
            let longKey = TextNormalizer.key(pair.longForm), shortKey = TextNormalizer.key(pair.acronym)
            // A term named by the acronym gets the long form; one named by the long form, the acronym.
            add(pair.longForm, toTermsKeyed: shortKey)
            if longKey != shortKey { add(pair.acronym, toTermsKeyed: longKey) }
        }
        return terms
    }
}
