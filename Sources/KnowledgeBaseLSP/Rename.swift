import Foundation
import KnowledgeBase

/// Renaming a note from a link to it or from its own title, and rewriting links when the
/// editor renames files, all through the `kb mv` engine (`NoteMover`).
extension LanguageServer {
    /// The note a rename at this place would rename, and the range that names it.
    private func renameTarget(_ params: JSONValue) throws -> (note: EditorIndex.NoteSummary, range: LSPRange, placeholder: String)? {
        guard let (document, path, offset) = try locate(params), let index else { return nil }
        if let link = span(at: offset, in: document) {
            guard let target = index.resolve(link.link, fromPath: path).target else { return nil }
            return (target, document.range(of: link.pathRange, encoding: encoding), Self.name(of: target.path))
        }
        guard let note = index.note(atPath: path) else { return nil }
        let line = document.position(of: offset, encoding: .utf8).line
        if let heading = SourceHeading.all(in: document).first(where: { $0.line == line && $0.level == 1 }) {
            return (note, document.range(of: heading.textRange, encoding: encoding), Self.name(of: path))
        }
        let text = document.line(line)
        if document.lineRange(line).upperBound <= LinkSpanScanner.frontMatterEnd(Array(document.text.utf8)), text.hasPrefix("title:") {
            return (note, document.range(of: document.lineRange(line), encoding: encoding), Self.name(of: path))
        }
        return nil
    }

    /// The name a rename changes: the file's name, or its folder's for a folder's page.
    static func name(of path: String) -> String {
        let parts = path.slashComponents
        let file = NoteIdentity.stripExtension(parts.last ?? path)
        if ["_index", "index"].contains(file), parts.count > 1 { return parts[parts.count - 2] }
        return file
    }

    func prepareRename(_ params: JSONValue) throws -> JSONValue {
        if let heading = try headingToRename(params) {
            return .object(["range": try JSONValue(encoding: heading.document.range(of: heading.heading.textRange, encoding: encoding)),
                            "placeholder": .string(heading.heading.text)])
        }
        if let (document, _, offset) = try locate(params), span(at: offset, in: document) == nil, let tag = tag(at: offset, in: document) {
            let start = tag.range.lowerBound + (document.text.utf8.dropFirst(tag.range.lowerBound).first == UInt8(ascii: "#") ? 1 : 0)
            return .object(["range": try JSONValue(encoding: document.range(of: start..<tag.range.upperBound, encoding: encoding)),
                            "placeholder": .string(tag.name)])
        }
        guard let found = try renameTarget(params) else { return .null }
        return .object(["range": try JSONValue(encoding: found.range), "placeholder": .string(found.placeholder)])
    }

    func rename(_ params: JSONValue) throws -> JSONValue {
        guard let newName = params["newName"]?.stringValue?.trimmingCharacters(in: .whitespaces), !newName.isEmpty else {
            throw RequestError(code: -32602, message: "give the note a new name")
        }
        if let heading = try headingToRename(params) { return try renameHeading(heading, to: newName) }
        if let (document, _, offset) = try locate(params), span(at: offset, in: document) == nil, let tag = tag(at: offset, in: document) {
            return try renameTag(tag.name, to: newName.hasPrefix("#") ? String(newName.dropFirst()) : newName)
        }
        guard let found = try renameTarget(params), let base else { throw RequestError(code: -32602, message: "there is no note to rename here") }
        let (from, to) = Self.renaming(found.note.path, to: newName)
        let plan: MovePlan
        do {
            plan = try NoteMover(base: base, buffers: buffers).plan(from: from, to: to)
        } catch {
            throw RequestError(code: -32602, message: "\(error)")
        }
        // The moves come first: a client that cannot make one stops before any link changes,
        // and the edits then name each moved file at its new place.
        let isFolder = plan.moves.count > 1 || plan.moves.first?.from != from
        let moves = isFolder ? [(from, to)] : plan.moves.map { ($0.from, $0.to) }
        var changes = moves.map { WorkspaceEditBuilder.renameFile(from: uri(ofCorpusPath: $0.0), to: uri(ofCorpusPath: $0.1)) }
        changes += try textEdits(plan, afterMoves: true)
        return .object(["documentChanges": .array(changes)])
    }

    /// What a rename of the note at `path` to `newName` moves: the folder of a folder's page,
    /// else the file; a name with `/` is a new corpus path.
    static func renaming(_ path: String, to newName: String) -> (from: String, to: String) {
        let parts = path.slashComponents
        let file = parts.last ?? path
        if ["_index.md", "index.md"].contains(file), parts.count > 1 {
            let folder = parts.dropLast().joined(separator: "/")
            let parent = parts.dropLast(2).joined(separator: "/")
            let target = newName.contains("/") ? newName : (parent.isEmpty ? newName : parent + "/" + newName)
            return (folder, target)
        }
        var name = newName
        if !name.lowercased().hasSuffix(".md") { name += ".md" }
        if name.contains("/") { return (path, name) }
        let folder = parts.dropLast().joined(separator: "/")
        return (path, folder.isEmpty ? name : folder + "/" + name)
    }

    /// One `TextDocumentEdit` per changed file: at its present URI, or at its new one when the
    /// edit comes after the moves.
    private func textEdits(_ plan: MovePlan, afterMoves: Bool) throws -> [JSONValue] {
        try plan.changes.map { change in
            let open = self.document(atCorpusPath: change.path)
            let document = open ?? TextDocument(uri: uri(ofCorpusPath: change.path), version: 0, text: change.original)
            let edits = change.edits.map { TextEdit(range: document.range(of: $0.start..<$0.end, encoding: encoding), newText: $0.new) }
            if afterMoves, change.newPath != change.path {
                return try WorkspaceEditBuilder.textDocumentEdit(uri: uri(ofCorpusPath: change.newPath), version: nil, edits: edits)
            }
            return try WorkspaceEditBuilder.textDocumentEdit(uri: open?.uri ?? uri(ofCorpusPath: change.path), version: open?.version, edits: edits)
        }
    }

    /// The link rewrites that renaming these files (or folders) needs; the client moves them.
    func willRenameFiles(_ params: JSONValue) throws -> JSONValue {
        guard let base, case .array(let files)? = params["files"] else { return .null }
        var changes: [JSONValue] = []
        for file in files {
            guard let oldURI = file["oldUri"]?.stringValue, let newURI = file["newUri"]?.stringValue,
                  let from = corpusPath(of: oldURI), let to = corpusPath(of: newURI) else { continue }
            guard let plan = try? NoteMover(base: base, buffers: buffers).plan(from: from, to: to) else { continue }
            changes += try textEdits(plan, afterMoves: false)
        }
        return changes.isEmpty ? .null : .object(["documentChanges": .array(changes)])
    }
}
