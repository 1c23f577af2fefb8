import Foundation
import KnowledgeBase

/// Renaming a heading (below the title): its text, and the `#anchor` of every link to it, in
/// this note and in every note that links here.
extension LanguageServer {
    /// The heading on the line of the request, when it is not the note's title.
    func headingToRename(_ params: JSONValue) throws -> (document: TextDocument, path: String, heading: SourceHeading)? {
        guard let (document, path, offset) = try locate(params), span(at: offset, in: document) == nil else { return nil }
        let line = document.position(of: offset, encoding: .utf8).line
        guard let heading = SourceHeading.all(in: document).first(where: { $0.line == line && $0.level > 1 }),
              !heading.text.isEmpty else { return nil }
        return (document, path, heading)
    }

    /// Whether a link's written anchor names `heading` (a GitHub anchor or, for wikilinks, the words).
    static func anchor(_ written: String, names heading: String) -> Bool {
        let last = written.split(separator: "#").last.map(String.init) ?? written
        let decoded = last.removingPercentEncoding ?? last
        return decoded == TextNormalizer.anchor(heading) || TextNormalizer.key(decoded) == TextNormalizer.key(heading)
    }

    func renameHeading(_ found: (document: TextDocument, path: String, heading: SourceHeading), to newText: String) throws -> JSONValue {
        guard let index else { return .null }
        let old = found.heading.text
        var edits: [String: [TextEdit]] = [:]
        edits[found.document.uri] = [TextEdit(range: found.document.range(of: found.heading.textRange, encoding: encoding), newText: newText)]
        let target = index.note(atPath: found.path)
        var sources = Set(try target.map { try index.linkingNotes(to: $0.id) } ?? [])
        sources.insert(found.path)
        for open in documents.values { if let path = corpusPath(of: open.uri) { sources.insert(path) } }
        for source in sources.sorted() {
            guard let text = text(ofCorpusPath: source) else { continue }
            let uri = self.document(atCorpusPath: source)?.uri ?? self.uri(ofCorpusPath: source)
            let document = self.document(atCorpusPath: source) ?? TextDocument(uri: uri, version: 0, text: text)
            for link in LinkSpanScanner.spans(in: text) {
                guard let anchor = link.anchor, Self.anchor(anchor, names: old) else { continue }
                let reached = index.resolve(link.link, fromPath: source).target
                let isSelf = source == found.path && link.pathRange.isEmpty
                guard isSelf || (reached != nil && reached?.path == found.path) else { continue }
                let anchorRange = (link.pathRange.upperBound + 1)..<link.targetRange.upperBound
                let replacement = link.style == .wiki ? newText : TextNormalizer.anchor(newText)
                edits[uri, default: []].append(TextEdit(range: document.range(of: anchorRange, encoding: encoding), newText: replacement))
            }
        }
        let changes = try edits.keys.sorted().map { uri in
            try WorkspaceEditBuilder.textDocumentEdit(uri: uri, version: documents[uri]?.version, edits: edits[uri] ?? [])
        }
        return .object(["documentChanges": .array(changes)])
    }
}
