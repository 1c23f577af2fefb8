import Foundation
import KnowledgeBase

/// Completion: notes after `[[` and `](`, headings after `#` inside a link, tags after `#`.
extension LanguageServer {
    /// Items past this many are left for the client to ask again with more typed.
    static let completionLimit = 100

    func completion(_ params: JSONValue) throws -> JSONValue {
        guard let (document, path, offset) = try locate(params), let index else { return .null }
        let position = document.position(of: offset, encoding: .utf8)
        let lineStart = document.lineRange(position.line).lowerBound
        let before = String(decoding: Array(document.text.utf8)[lineStart..<offset], as: UTF8.self)
        var items: [JSONValue] = []
        var typedStart = offset
        if let open = before.range(of: "[[", options: .backwards), !before[open.upperBound...].contains("]]") {
            let typed = String(before[open.upperBound...])
            typedStart = offset - typed.utf8.count
            if let hash = typed.lastIndex(of: "#") {
                let name = String(typed[..<hash])
                typedStart = offset - typed[typed.index(after: hash)...].utf8.count
                let link = Link(label: name, target: name, kind: .wiki)
                items = headingItems(index.resolve(link, fromPath: path).target, typed: String(typed[typed.index(after: hash)...]), wiki: true)
            } else {
                items = noteItems(typed: typed, query: typed) { index.wikiName(for: $0) }
            }
        } else if let open = before.range(of: "](", options: .backwards), !before[open.upperBound...].contains(")") {
            let typed = String(before[open.upperBound...])
            typedStart = offset - typed.utf8.count
            if let hash = typed.lastIndex(of: "#") {
                let target = String(typed[..<hash])
                typedStart = offset - typed[typed.index(after: hash)...].utf8.count
                let resolved = target.isEmpty ? index.note(atPath: path) : index.resolve(Link(label: "", target: target, kind: .internal), fromPath: path).target
                items = headingItems(resolved, typed: String(typed[typed.index(after: hash)...]), wiki: false)
            } else {
                // `../dyn` looks for notes by what follows the climb.
                let query = typed.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
                items = noteItems(typed: typed, query: query) { index.markdownDestination(to: $0, fromPath: path) }
            }
        } else if let tag = typedTag(before) {
            typedStart = offset - tag.utf8.count
            items = index.tags.values.sorted { $0.name < $1.name }
                .filter { tag.isEmpty || $0.name.lowercased().hasPrefix(tag.lowercased()) }
                .prefix(Self.completionLimit)
                .map { .object(["label": .string($0.name), "kind": .number(14), "detail": .string("\($0.notes) notes")]) }
        } else {
            return .null
        }
        let range = try JSONValue(encoding: document.range(of: typedStart..<offset, encoding: encoding))
        let withEdits: [JSONValue] = items.map { item in
            guard case .object(var object) = item else { return item }
            let insert = object["insertText"] ?? object["label"] ?? .string("")
            object["textEdit"] = .object(["range": range, "newText": insert])
            object["insertText"] = nil
            return .object(object)
        }
        return .object(["isIncomplete": .bool(withEdits.count >= Self.completionLimit), "items": .array(withEdits)])
    }

    /// Notes (and their aliases) whose title, alias or path holds `query`; `typed` is the text
    /// the items replace, which the client filters them by.
    private func noteItems(typed: String, query: String, insert: (EditorIndex.NoteSummary) -> String) -> [JSONValue] {
        guard let index else { return [] }
        let wanted = TextNormalizer.key(query.removingPercentEncoding ?? query)
        let wantedPath = (query.removingPercentEncoding ?? query).lowercased()
        var items: [JSONValue] = []
        for (note, keys, lowerPath) in index.completionOrder {
            if items.count >= Self.completionLimit { break }
            let names = [note.title] + note.aliases
            let matches = wanted.isEmpty || keys.contains { $0.contains(wanted) } || lowerPath.contains(wantedPath)
            guard matches else { continue }
            let text = insert(note)
            for name in names {
                items.append(.object(["label": .string(name), "kind": .number(17), "detail": .string(note.path),
                                      "filterText": .string(typed.isEmpty ? name : typed + " " + name + " " + text), "insertText": .string(text)]))
            }
        }
        return items
    }

    /// A note's headings: their text for a wikilink, their anchor for a Markdown link.
    private func headingItems(_ note: EditorIndex.NoteSummary?, typed: String, wiki: Bool) -> [JSONValue] {
        guard let note, let headings = index?.headings[note.id] else { return [] }
        return headings.filter { typed.isEmpty || $0.text.lowercased().contains(typed.lowercased()) || $0.anchor.hasPrefix(typed.lowercased()) }
            .prefix(Self.completionLimit)
            .map { .object(["label": .string($0.text), "kind": .number(15), "detail": .string("h\($0.level) in \(note.title)"),
                            "filterText": .string(typed + " " + $0.text), "insertText": .string(wiki ? $0.text : $0.anchor)]) }
    }

    /// The tag being typed: after `#` at a word's start, or in a front-matter `tags` line.
    private func typedTag(_ before: String) -> String? {
        if let hash = before.lastIndex(of: "#") {
            let tag = before[before.index(after: hash)...]
            let atWordStart = hash == before.startIndex || before[before.index(before: hash)] == " "
            if atWordStart, !tag.contains(" "), !(hash == before.startIndex && tag.isEmpty) { return String(tag) }
        }
        if before.hasPrefix("tags:") {
            let word = before.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "[" }).last.map(String.init) ?? ""
            return before.hasSuffix(" ") || before.hasSuffix("[") || before.hasSuffix(",") ? "" : (word == "tags:" ? "" : word)
        }
        return nil
    }
}
