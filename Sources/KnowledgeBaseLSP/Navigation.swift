import Foundation
import KnowledgeBase

/// Hover, go to definition, references and symbols.
extension LanguageServer {
    /// The link under `offset` in `document`.
    func span(at offset: Int, in document: TextDocument) -> LinkSpan? {
        LinkSpanScanner.spans(in: document.text).first { $0.range.contains(offset) || $0.range.upperBound == offset }
    }

    func hover(_ params: JSONValue) throws -> JSONValue {
        guard let (document, path, offset) = try locate(params), let index else { return .null }
        if let link = span(at: offset, in: document) {
            let found = index.resolve(link.link, fromPath: path)
            guard let target = found.target else {
                let why = found.method == .ambiguous ? "could be " + found.candidates.joined(separator: ", ") : "reaches no note"
                return hoverResult("`\(link.target)` \(why)", range: document.range(of: link.range, encoding: encoding))
            }
            return hoverResult(describe(target, anchor: link.anchor), range: document.range(of: link.range, encoding: encoding))
        }
        if let tag = tag(at: offset, in: document) {
            let count = index.tags[TextNormalizer.key(tag.name)]?.notes ?? 0
            return hoverResult("#\(tag.name): \(count) note\(count == 1 ? "" : "s")", range: document.range(of: tag.range, encoding: encoding))
        }
        if let (term, range) = term(at: offset, in: document) {
            var text = "**\(term.name)**: \(term.definition)"
            text += "\n\n*\(term.title)* (`\(term.path)`)"
            return hoverResult(text, range: document.range(of: range, encoding: encoding))
        }
        return .null
    }

    private func hoverResult(_ markdown: String, range: LSPRange) -> JSONValue {
        .object(["contents": .object(["kind": .string("markdown"), "value": .string(markdown)]),
                 "range": (try? JSONValue(encoding: range)) ?? .null])
    }

    /// A note's title, description and first lines (or the heading an anchor names).
    private func describe(_ note: EditorIndex.NoteSummary, anchor: String?) -> String {
        var out = "**\(note.title)**"
        if let description = note.description, !description.isEmpty { out += "\n\n\(description)" }
        out += "\n\n`\(note.path)`"
        if let anchor, let heading = index?.headings[note.id]?.first(where: { $0.anchor == anchor }) { out += " § \(heading.text)" }
        if let text = text(ofCorpusPath: note.path) {
            let body = text.utf8.dropFirst(LinkSpanScanner.frontMatterEnd(Array(text.utf8)))
            let lines = String(decoding: body, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("![") }.prefix(3)
            if !lines.isEmpty { out += "\n\n" + lines.joined(separator: "\n") }
        }
        return out
    }

    /// The `#tag` under `offset`: a `#` after a space or at the line's start, then a word.
    func tag(at offset: Int, in document: TextDocument) -> (name: String, range: Range<Int>)? {
        let position = document.position(of: offset, encoding: .utf8)
        let lineRange = document.lineRange(position.line)
        let bytes = Array(document.line(position.line).utf8)
        let cursor = offset - lineRange.lowerBound
        func isTagByte(_ byte: UInt8) -> Bool { byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2F }
        var start = min(cursor, bytes.count)
        while start > 0, isTagByte(bytes[start - 1]) { start -= 1 }
        var end = min(cursor, bytes.count)
        while end < bytes.count, isTagByte(bytes[end]) { end += 1 }
        guard end > start else { return nil }
        let name = String(decoding: bytes[start..<end], as: UTF8.self)
        if start > 0, bytes[start - 1] == 0x23, start == 1 || bytes[start - 2] == 0x20 {
            return (name, lineRange.lowerBound + start - 1..<lineRange.lowerBound + end)
        }
        // In front matter, a word of a `tags:` line.
        let line = document.line(position.line)
        if lineRange.upperBound <= LinkSpanScanner.frontMatterEnd(Array(document.text.utf8)), line.hasPrefix("tags:") || line.hasPrefix("  - ") {
            return index?.tags[TextNormalizer.key(name)] != nil ? (name, lineRange.lowerBound + start..<lineRange.lowerBound + end) : nil
        }
        return nil
    }

    /// The glossary term whose words cover `offset`: the longest that the index knows.
    func term(at offset: Int, in document: TextDocument) -> (EditorIndex.TermEntry, Range<Int>)? {
        guard let index else { return nil }
        let position = document.position(of: offset, encoding: .utf8)
        let lineRange = document.lineRange(position.line)
        let line = document.line(position.line)
        let words = Self.wordRanges(line)
        let cursor = offset - lineRange.lowerBound
        guard let at = words.firstIndex(where: { $0.lowerBound <= cursor && cursor <= $0.upperBound }) else { return nil }
        let bytes = Array(line.utf8)
        for length in stride(from: index.longestTerm, through: 1, by: -1) {
            for first in max(0, at - length + 1)...at where first + length <= words.count {
                let range = words[first].lowerBound..<words[first + length - 1].upperBound
                let key = TextNormalizer.key(String(decoding: bytes[range], as: UTF8.self))
                if let entry = index.terms(named: key).first {
                    return (entry, lineRange.lowerBound + range.lowerBound..<lineRange.lowerBound + range.upperBound)
                }
            }
        }
        return nil
    }

    /// UTF-8 ranges of the words (letters and digits) of a line.
    static func wordRanges(_ line: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int?
        var offset = 0
        for scalar in line.unicodeScalars {
            let isWord = CharacterSet.alphanumerics.contains(scalar)
            if isWord, start == nil { start = offset }
            if !isWord, let begun = start { ranges.append(begun..<offset); start = nil }
            offset += String(scalar).utf8.count
        }
        if let begun = start { ranges.append(begun..<offset) }
        return ranges
    }

    func definition(_ params: JSONValue) throws -> JSONValue {
        guard let (document, path, offset) = try locate(params), let index, let link = self.span(at: offset, in: document),
              let target = index.resolve(link.link, fromPath: path).target else { return .null }
        var range = LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0))
        if let anchor = link.anchor, let text = text(ofCorpusPath: target.path) {
            let targetDocument = TextDocument(uri: "", version: 0, text: text)
            let wanted = anchor.split(separator: "#").last.map(String.init) ?? anchor
            if let heading = SourceHeading.all(in: targetDocument).first(where: {
                TextNormalizer.anchor($0.text) == wanted || TextNormalizer.key($0.text) == TextNormalizer.key(wanted)
            }) {
                range = targetDocument.range(of: heading.textRange, encoding: encoding)
            }
        }
        return try JSONValue(encoding: Location(uri: uri(ofCorpusPath: target.path), range: range))
    }

    /// Every link that reaches the note under the cursor (a link's target, else this note),
    /// one location per link; on a heading, the links to that heading.
    func references(_ params: JSONValue) throws -> JSONValue {
        guard let (document, path, offset) = try locate(params), let index else { return .array([]) }
        var anchor: String?
        let target: EditorIndex.NoteSummary?
        if let link = span(at: offset, in: document) {
            target = index.resolve(link.link, fromPath: path).target
        } else {
            target = index.note(atPath: path)
            let line = document.position(of: offset, encoding: .utf8).line
            if let heading = SourceHeading.all(in: document).first(where: { $0.line == line }) { anchor = heading.text }
        }
        guard let target else { return .array([]) }
        var sources = Set(try index.linkingNotes(to: target.id))
        for open in documents.values { if let openPath = corpusPath(of: open.uri) { sources.insert(openPath) } }
        var locations: [Location] = []
        for source in sources.sorted() {
            guard let text = text(ofCorpusPath: source) else { continue }
            let sourceDocument = self.document(atCorpusPath: source) ?? TextDocument(uri: uri(ofCorpusPath: source), version: 0, text: text)
            for link in LinkSpanScanner.spans(in: text) where index.resolve(link.link, fromPath: source).target?.id == target.id {
                if let anchor {
                    guard let written = link.anchor, TextNormalizer.anchor(anchor) == written || TextNormalizer.key(anchor) == TextNormalizer.key(written) else { continue }
                }
                if source == target.path, link.anchor == nil, anchor == nil { continue }
                locations.append(Location(uri: uri(ofCorpusPath: source), range: sourceDocument.range(of: link.range, encoding: encoding)))
            }
        }
        return try JSONValue(encoding: locations)
    }

    /// Headings, glossary terms and questions of a document.
    func documentSymbols(_ params: JSONValue) throws -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let document = documents[uri] else { return .array([]) }
        var symbols: [JSONValue] = []
        func symbol(_ name: String, kind: Int, _ range: Range<Int>, detail: String? = nil) throws -> JSONValue {
            let lspRange = try JSONValue(encoding: document.range(of: range, encoding: encoding))
            var object: [String: JSONValue] = ["name": .string(name), "kind": .number(Double(kind)), "range": lspRange, "selectionRange": lspRange]
            if let detail { object["detail"] = .string(detail) }
            return .object(object)
        }
        let headings = SourceHeading.all(in: document)
        for heading in headings where !heading.text.isEmpty {
            let isQuestion = Question.isQuestionHeading(heading.text)
            symbols.append(try symbol(heading.text, kind: isQuestion ? 24 : 15, heading.lineRange, detail: isQuestion ? "question" : "h\(heading.level)"))
        }
        let parsed = index?.parse(document.text, path: corpusPath(of: uri) ?? "note.md")
        let bytes = Array(document.text.utf8)
        for term in parsed?.terms ?? [] {
            guard let found = Self.firstOccurrence(of: Array(term.name.utf8), in: bytes) else { continue }
            symbols.append(try symbol(term.name, kind: 14, found, detail: "term"))
        }
        return .array(symbols)
    }

    static func firstOccurrence(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return start..<start + needle.count }
        }
        return nil
    }

    /// Notes and terms whose names contain the query.
    func workspaceSymbols(_ params: JSONValue) throws -> JSONValue {
        guard let index else { return .array([]) }
        let query = TextNormalizer.key(params["query"]?.stringValue ?? "")
        let origin = try JSONValue(encoding: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)))
        var out: [JSONValue] = []
        for note in index.notes.values.sorted(by: { $0.path < $1.path }) where out.count < 200 {
            guard query.isEmpty || TextNormalizer.key(note.title).contains(query) || note.path.lowercased().contains(query) else { continue }
            out.append(.object(["name": .string(note.title), "kind": .number(1), "containerName": .string(note.path),
                                "location": .object(["uri": .string(uri(ofCorpusPath: note.path)), "range": origin])]))
        }
        for (key, entries) in index.terms.sorted(by: { $0.key < $1.key }) where out.count < 200 && !query.isEmpty && key.contains(query) {
            guard let entry = entries.first else { continue }
            out.append(.object(["name": .string(entry.name), "kind": .number(14), "containerName": .string(entry.title),
                                "location": .object(["uri": .string(uri(ofCorpusPath: entry.path)), "range": origin])]))
        }
        return .array(out)
    }
}
