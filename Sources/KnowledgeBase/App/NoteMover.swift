import Foundation
import GRDB

/// Plans a move of a note, a folder of notes or an attachment, and the rewrite of every link
/// that reaches a moved file (and of the moved notes' own relative links). The index says which
/// notes link to the moved files; each such note's source is scanned for the links' exact byte
/// ranges (`LinkSpanScanner`), each link is resolved as the index would, and a new destination
/// is written in the link's own style and kept only when the resolver, over the names the
/// notes will have after the move, finds the same note with it.
package struct NoteMover {
    let base: KnowledgeBase
    /// Text of files open in an editor, by corpus path: used in place of the file on disk.
    package var buffers: [String: String] = [:]

    package init(base: KnowledgeBase, buffers: [String: String] = [:]) {
        self.base = base
        self.buffers = buffers
    }

    /// The plan for moving `from` to `to` (corpus-relative paths). A `to` that is an existing
    /// folder, or ends in `/`, receives `from` under its own name.
    package func plan(from: String, to: String) throws -> MovePlan {
        let moves = try MoveTargets(corpus: base.corpus).moves(from: from, to: to)
        let layout = CorpusLayout.detect(base.corpus)
        let (before, movedIds, sources) = try base.database.read { db -> (NoteDirectory, [Int64: String], [String]) in
            let directory = try NoteDirectory.load(db)
            let byPath = Dictionary(directory.entries.values.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
            var moved: [Int64: String] = [:]
            for move in moves { if let id = byPath[move.from] { moved[id] = move.to } }
            return (directory, moved, try Self.linkingNotes(db, moved: Array(moved.keys), moves: moves))
        }
        let newPaths = Dictionary(moves.map { ($0.from, $0.to) }, uniquingKeysWith: { first, _ in first })
        var context = RewriteContext(before: before, layout: layout, newPaths: newPaths)
        context.after = try afterDirectory(before: before, moved: movedIds, layout: layout)
        var changes: [MovePlan.FileChange] = []
        var warnings: [String] = []
        for source in sources {
            guard let text = try text(of: source) else { continue }
            let (edits, problems) = context.edits(in: text, sourcePath: source)
            warnings += problems
            let newPath = newPaths[source] ?? source
            if !edits.isEmpty {
                changes.append(MovePlan.FileChange(path: source, newPath: newPath, edits: edits, original: text,
                                                   fromBuffer: buffers[source] != nil))
            }
        }
        return MovePlan(moves: moves, changes: changes, warnings: warnings)
    }

    /// Notes that link to a moved note, or whose links name a moved file, plus the moved notes.
    private static func linkingNotes(_ db: Database, moved: [Int64], moves: [MovePlan.FileMove]) throws -> [String] {
        var keys = Set<String>()
        for move in moves {
            let parts = move.from.slashComponents()
            var name = NoteIdentity.stripExtension(parts.last.map(String.init) ?? move.from)
            if ["index", "_index"].contains(name.lowercased()), parts.count > 1 { name = String(parts[parts.count - 2]) }
            keys.insert(TextNormalizer.key(name))
        }
        let ids = moved.map(String.init)
        let rows = try String.fetchAll(db, sql: """
            SELECT DISTINCT note.path FROM link JOIN note ON note.id = link.noteId
            WHERE link.targetId IN (SELECT value FROM json_each(?)) OR link.lookupKey IN (SELECT value FROM json_each(?))
            UNION SELECT path FROM note WHERE id IN (SELECT value FROM json_each(?))
            """, arguments: [Self.json(ids), Self.json(Array(keys)), Self.json(ids)])
        return rows.filter { NoteIdentity.isNoteFile($0.slashComponents().last.map(String.init) ?? $0) }.sorted()
    }

    private static func json(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }

    /// A note's text: its editor buffer, else its file.
    private func text(of path: String) throws -> String? {
        if let buffer = buffers[path] { return buffer }
        guard case .success(let data) = CorpusFile(root: base.corpus).read(path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The names every note will have after the move: moved notes parsed again at their new path.
    private func afterDirectory(before: NoteDirectory, moved: [Int64: String], layout: CorpusLayout) throws -> NoteDirectory {
        var after = NoteDirectory()
        for entry in before.entries.values where moved[entry.id] == nil {
            after.add(id: entry.id, path: entry.path, title: entry.title, url: entry.url)
        }
        for (id, names) in before.namesByNote where moved[id] == nil {
            for name in names { after.add(name: name.key, kind: name.kind, for: id) }
        }
        for (id, newPath) in moved {
            guard let oldPath = before.path(of: id) else { continue }
            var note: ParsedNote
            let name = newPath.slashComponents().last.map(String.init) ?? newPath
            if NoteIdentity.isNoteFile(name), let text = try text(of: oldPath) {
                note = NoteParser.parse(Data(text.utf8), path: newPath)
            } else {
                note = ParsedNote(path: newPath)
            }
            layout.apply(to: &note)
            after.add(id: id, path: newPath, title: note.title, url: note.url)
            for (kind, key) in NoteDirectory.names(of: note) { after.add(name: key, kind: kind, for: id) }
        }
        return after
    }
}

/// The links of one note to rewrite, resolved before and checked after the move.
struct RewriteContext {
    let before: NoteDirectory
    let layout: CorpusLayout
    let newPaths: [String: String]
    var after = NoteDirectory()
    /// Note ids by path before the move.
    private let ids: [String: Int64]

    init(before: NoteDirectory, layout: CorpusLayout, newPaths: [String: String]) {
        self.before = before
        self.layout = layout
        self.newPaths = newPaths
        ids = Dictionary(before.entries.values.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
    }

    /// The page URL of the note at `path` (before the move), or the one a note there would have.
    private func url(of path: String) -> String {
        if let id = ids[path], let entry = before.entries[id] { return entry.url }
        var note = ParsedNote(path: path)
        layout.apply(to: &note)
        return note.url
    }

    /// The Hugo content folder `path` lies in, which a root-relative content path leaves out.
    private func contentRoot(of path: String) -> String? {
        layout.contentRoots.map(\.folder).filter { !$0.isEmpty && path.hasPrefix($0 + "/") }.max(by: { $0.count < $1.count })
    }

    private func id(of path: String) -> Int64? { ids[path] }

    /// The edits to `text` (the note at `sourcePath`), and the links it could not keep.
    func edits(in text: String, sourcePath: String) -> ([MovePlan.Edit], [String]) {
        let resolverBefore = LinkResolver(directory: before, layout: layout)
        let resolverAfter = LinkResolver(directory: after, layout: layout)
        let sourceId = id(of: sourcePath) ?? -1
        let oldURL = url(of: sourcePath)
        let newSource = newPaths[sourcePath] ?? sourcePath
        let newURL = sourceId >= 0 ? (after.entries[sourceId]?.url ?? oldURL) : oldURL
        let sourceMoves = newSource != sourcePath
        let bytes = Array(text.utf8)
        var edits: [MovePlan.Edit] = []
        var warnings: [String] = []
        for span in LinkSpanScanner.spans(in: text) {
            let found = resolverBefore.resolve(span.link, fromPath: sourcePath, url: oldURL, selfId: sourceId)
            guard let target = found.targetId, target != sourceId, let targetPath = before.path(of: target) else { continue }
            let targetMoves = newPaths[targetPath] != nil
            guard targetMoves || sourceMoves else { continue }
            let check = resolverAfter.resolve(span.link, fromPath: newSource, url: newURL, selfId: sourceId)
            // The link as written still reaches its note, the same way, from where the note will be.
            if check.targetId == target, check.method == found.method { continue }
            let newTarget = newPaths[targetPath] ?? targetPath
            let rewriter = LinkRewriter(sourcePath: newSource, sourceURL: newURL, targetPath: newTarget,
                                        targetURL: after.entries[target]?.url ?? url(of: newTarget),
                                        targetSlug: NoteIdentity.slug(forPath: newTarget), oldTargetSlug: NoteIdentity.slug(forPath: targetPath),
                                        contentRoot: contentRoot(of: newTarget))
            let writtenRaw = String(decoding: bytes[span.pathRange], as: UTF8.self)
            let written = LinkTarget.strip(writtenRaw)
            guard let options = rewriter.candidates(written: written, method: found.method, style: span.style) else {
                if check.targetId != target { warnings.append("\(sourcePath): the link to \(span.target) may no longer reach \(newTarget)") }
                continue
            }
            let suffix = String(decoding: bytes[span.pathRange.upperBound..<span.targetRange.upperBound], as: UTF8.self)
            let chosen = options.map { LinkRewriter.encoded($0, style: span.style, writtenWasEncoded: writtenRaw.contains("%")) }.first { option in
                var link = span.link
                link.target = option + suffix
                return resolverAfter.resolve(link, fromPath: newSource, url: newURL, selfId: sourceId).targetId == target
            }
            guard let chosen else {
                warnings.append("\(sourcePath): found no way to write the link \(span.target) so that it reaches \(newTarget)")
                continue
            }
            if chosen == writtenRaw { continue }
            let line = bytes[..<span.pathRange.lowerBound].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            edits.append(MovePlan.Edit(start: span.pathRange.lowerBound, end: span.pathRange.upperBound, line: line,
                                       old: writtenRaw, new: chosen))
        }
        return (edits, warnings)
    }
}
