import Foundation
import KnowledgeBase

/// Broken and ambiguous links, broken anchors and malformed front matter in an open buffer,
/// and the code actions that fix the obvious ones.
extension LanguageServer {
    func diagnostics(for document: TextDocument) -> [Diagnostic] {
        guard let index, let path = corpusPath(of: document.uri) else { return [] }
        var out: [Diagnostic] = []
        let ownHeadings = SourceHeading.all(in: document)
        for link in LinkSpanScanner.spans(in: document.text) {
            let found = index.resolve(link.link, fromPath: path)
            let range = document.range(of: link.pathRange.isEmpty ? link.targetRange : link.pathRange, encoding: encoding)
            switch found.method {
            case .broken:
                out.append(Diagnostic(range: range, severity: 1, code: "broken-link",
                                      message: "broken link: no note at '\(link.target)'", data: [suggestedPath(for: link, from: path)]))
            case .ambiguous:
                out.append(Diagnostic(range: range, severity: 2, code: "ambiguous-link",
                                      message: "ambiguous link: '\(link.target)' could be " + found.candidates.joined(separator: ", "),
                                      data: found.candidates))
            case .selfAnchor:
                guard let anchor = link.anchor, !anchor.hasPrefix("^") else { continue }
                let known = ownHeadings.contains { TextNormalizer.anchor($0.text) == anchor || TextNormalizer.key($0.text) == TextNormalizer.key(anchor) }
                if !known {
                    out.append(Diagnostic(range: document.range(of: link.targetRange, encoding: encoding), severity: 2, code: "broken-anchor",
                                          message: "no heading '#\(anchor)' in this note"))
                }
            default:
                guard let target = found.target, let anchor = link.anchor, !NoteIdentity.isAttachment(target.path),
                      !index.hasHeading(anchor, in: target.id) else { continue }
                out.append(Diagnostic(range: document.range(of: link.targetRange, encoding: encoding), severity: 2, code: "broken-anchor",
                                      message: "no heading '#\(anchor)' in \(target.title)"))
            }
        }
        let parsed = index.parse(document.text, path: path)
        for warning in parsed.warnings where warning.contains("front matter") {
            let end = LinkSpanScanner.frontMatterEnd(Array(document.text.utf8))
            out.append(Diagnostic(range: document.range(of: 0..<max(end, document.lineRange(0).upperBound), encoding: encoding),
                                  severity: 1, code: "front-matter", message: warning))
        }
        return out
    }

    func publishDiagnostics(_ uri: String) {
        guard let document = documents[uri] else { return }
        let diagnostics = (try? JSONValue(encoding: diagnostics(for: document))) ?? .array([])
        notify("textDocument/publishDiagnostics", .object(["uri": .string(uri), "version": .number(Double(document.version)),
                                                          "diagnostics": diagnostics]))
    }

    /// Where a note a broken link names would live: beside the linking note for a name, else
    /// where its path leads, as a Markdown file.
    func suggestedPath(for link: LinkSpan, from path: String) -> String {
        let written = LinkTarget.strip(link.target)
        let folder = Array(path.slashComponents.dropLast())
        var parts: [String]
        if link.kind == .wiki || link.kind == .embed {
            parts = written.contains("/") ? written.slashComponents : folder + [written]
        } else {
            // A page URL is read from the page's own folder (`../x` from `/a/b/` is `/a/x/`).
            let pageURL: String = index?.note(atPath: path)?.url ?? "/"
            let isFile = written.hasSuffix(".md") || index?.isInVault(path) == true
            let base = isFile ? Array(folder) : pageURL.slashComponents
            parts = LinkTarget.normalize(written.hasPrefix("/") ? [] : base, written) ?? [written]
        }
        var file = parts.joined(separator: "/")
        if file.hasSuffix("/") { file.removeLast() }
        if !file.lowercased().hasSuffix(".md") { file += ".md" }
        return file
    }

    func codeActions(_ params: JSONValue) throws -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let document = documents[uri],
              case .array(let given)? = params["context"]?["diagnostics"] else { return .array([]) }
        var actions: [JSONValue] = []
        for item in given {
            guard let diagnostic = try? item.decode(Diagnostic.self) else { continue }
            switch diagnostic.code {
            case "broken-link":
                guard let file = diagnostic.data?.first else { continue }
                let newURI = self.uri(ofCorpusPath: file)
                let title = NoteIdentity.slug(forPath: file)
                let edit: JSONValue = .object(["documentChanges": .array([
                    WorkspaceEditBuilder.createFile(newURI),
                    try WorkspaceEditBuilder.textDocumentEdit(uri: newURI, version: nil, edits: [
                        TextEdit(range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)),
                                 newText: "---\ntitle: \(title)\n---\n\n"),
                    ]),
                ])])
                actions.append(.object(["title": .string("Create note \(file)"), "kind": .string("quickfix"),
                                        "diagnostics": .array([item]), "edit": edit]))
            case "ambiguous-link":
                guard let path = corpusPath(of: uri), let index else { continue }
                let start = document.offset(of: diagnostic.range.start, encoding: encoding)
                guard let link = span(at: start, in: document) else { continue }
                for candidate in diagnostic.data ?? [] {
                    guard let note = index.note(atPath: candidate) else { continue }
                    let text = link.style == .wiki ? NoteIdentity.stripExtension(candidate) : index.markdownDestination(to: note, fromPath: path)
                    let edit: JSONValue = .object(["changes": .object([uri: try JSONValue(encoding: [
                        TextEdit(range: document.range(of: link.pathRange, encoding: encoding), newText: text),
                    ])])])
                    actions.append(.object(["title": .string("Link to \(candidate)"), "kind": .string("quickfix"),
                                            "diagnostics": .array([item]), "edit": edit]))
                }
            default:
                continue
            }
        }
        return .array(actions)
    }
}
