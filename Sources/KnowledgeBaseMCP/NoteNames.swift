import Foundation
import KnowledgeBase

/// Finds the note a `note`, `from` or `to` argument names, refusing first any path that leads
/// outside the corpus folder, so no name an assistant passes makes kb look beyond it.
enum NoteNames {
    /// The note `name` finds: a path (relative, absolute within the corpus, or a `kb://note/`
    /// address), a title or an alias.
    static func find(_ name: String, in base: KnowledgeBase) throws -> NoteRef {
        let relative = try insideCorpus(name, corpus: base.corpus)
        do {
            return try base.note(named: relative)
        } catch let error as KBError {
            if case .noteNotFound = error { throw KBError.noteNotFound(name) }
            throw error
        }
    }

    /// `name` as a name relative to the corpus; throws when it is a path that leaves it.
    static func insideCorpus(_ name: String, corpus: URL) throws -> String {
        var text = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let path = NoteURI.notePath(of: text) { text = path }
        if text.hasPrefix("file://"), let url = URL(string: text) { text = url.path }
        if text.hasPrefix("~") { throw outside(name) }
        if text.hasPrefix("/") {
            let root = corpus.standardizedFileURL.path
            let absolute = URL(fileURLWithPath: text).standardizedFileURL.path
            guard absolute.hasPrefix(root + "/") else { throw outside(name) }
            text = String(absolute.dropFirst(root.count + 1))
        }
        var depth = 0
        for component in text.split(separator: "/", omittingEmptySubsequences: true) {
            if component == ".." { depth -= 1 } else if component != "." { depth += 1 }
            if depth < 0 { throw outside(name) }
        }
        return text
    }

    private static func outside(_ name: String) -> ToolFailure {
        ToolFailure("'\(name)' is outside the corpus folder, which is all kb reads: pass a path relative to the corpus (as search results show it), a title or an alias")
    }
}
