import Foundation
import KnowledgeBase
import MCP

/// Notes as resources (`kb://note/<path>`, the Markdown file) and glossary terms
/// (`kb://term/<term>`), listed a page at a time.
extension KnowledgeBaseService {
    /// How many notes one `resources/list` page holds.
    public static let resourcePageSize = 200

    /// One page of notes; `cursor` is the previous page's `nextCursor`.
    public func listResources(cursor: String?) throws -> ListResources.Result {
        let start: Int
        if let cursor {
            guard let offset = Int(cursor), offset >= 0 else {
                throw MCPError.invalidParams("the cursor '\(cursor)' is not one this server gave: list again without a cursor")
            }
            start = offset
        } else {
            start = 0
        }
        let notes = try answer { try $0.graph.allNotes() }
        let page = notes.dropFirst(start).prefix(Self.resourcePageSize)
        let resources = page.map { note in
            Resource(name: note.path, uri: NoteURI.note(note.path), title: note.title, description: "The note \(note.title) (\(note.path))",
                     mimeType: Self.mimeType(of: note.path))
        }
        let next = start + page.count < notes.count ? String(start + page.count) : nil
        return ListResources.Result(resources: resources, nextCursor: next)
    }

    /// The templates a client fills in to read any note or term.
    public var resourceTemplates: [Resource.Template] {
        [
            Resource.Template(uriTemplate: NoteURI.notePrefix + "{path}", name: "note", title: "A note by path",
                              description: "A note's file, by its path relative to the corpus (as search results give it).",
                              mimeType: "text/markdown"),
            Resource.Template(uriTemplate: NoteURI.termPrefix + "{term}", name: "term", title: "A glossary term",
                              description: "The definitions of a term, alias or acronym, as Markdown.", mimeType: "text/markdown"),
        ]
    }

    /// The text at `uri`: a note's file as it is on disk, or a term's definitions.
    public func readResource(_ uri: String) throws -> ReadResource.Result {
        do {
            if let path = NoteURI.notePath(of: uri) {
                let relative = try NoteNames.insideCorpus(path, corpus: base.corpus)
                let (note, text) = try answer { base -> (NoteRef, String) in
                    let note = try base.note(named: relative)
                    return (note, try base.text(of: note))
                }
                return ReadResource.Result(contents: [.text(text, uri: NoteURI.note(note.path), mimeType: Self.mimeType(of: note.path))])
            }
            if let term = NoteURI.termName(of: uri) {
                let result = try answer { try $0.glossary.define(term, limit: 10) }
                guard !result.definitions.isEmpty else {
                    let hint = result.suggestions.isEmpty ? "" : " Did you mean: \(result.suggestions.joined(separator: ", "))?"
                    throw ToolFailure("no term '\(term)' in the glossary.\(hint)")
                }
                return ReadResource.Result(contents: [.text(Self.markdown(result.definitions), uri: uri, mimeType: "text/markdown")])
            }
        } catch let error as MCPError {
            throw error
        } catch {
            throw MCPError.invalidParams(ToolFailure.from(error).message)
        }
        throw MCPError.invalidParams("'\(uri)' is not a kb resource: use kb://note/<path> or kb://term/<term>")
    }

    static func markdown(_ definitions: [Definition]) -> String {
        definitions.map { definition in
            var lines = ["## \(definition.term)", "", definition.definition, "", "Defined in [\(definition.title)](\(NoteURI.note(definition.path)))."]
            if !definition.aliases.isEmpty { lines.append("Also: \(definition.aliases.joined(separator: ", ")).") }
            if let parent = definition.parent { lines.append("Part of: \(parent).") }
            if !definition.children.isEmpty { lines.append("Kinds: \(definition.children.joined(separator: ", ")).") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    static func mimeType(of path: String) -> String {
        let lower = path.lowercased()
        return lower.hasSuffix(".html") || lower.hasSuffix(".htm") ? "text/html" : "text/markdown"
    }
}
