import Foundation
import GRDB

/// What an editor asks of the corpus many times a second, read from the index once (and again
/// after each save): every note's names, headings, glossary terms and tags, and a resolver
/// that reads links in an unsaved buffer the way the index reads them in files.
package final class EditorIndex: @unchecked Sendable {
    /// One note as completion and hover show it.
    package struct NoteSummary: Sendable {
        package var id: Int64
        package var path: String
        package var url: String
        package var title: String
        package var description: String?
        package var aliases: [String]
    }

    /// A heading of a note.
    package struct Heading: Sendable {
        package var level: Int
        package var text: String
        package var anchor: String
    }

    /// A glossary term and where it is defined.
    package struct TermEntry: Sendable {
        package var name: String
        package var definition: String
        package var path: String
        package var title: String
    }

    /// Where a link in a buffer leads.
    package struct Resolved: Sendable {
        package var method: Link.Resolution
        package var target: NoteSummary?
        package var candidates: [String]
    }

    package let base: KnowledgeBase
    let layout: CorpusLayout
    package private(set) var notes: [Int64: NoteSummary] = [:]
    /// Every note by path, with the normalised names completion matches typed text against.
    package private(set) var completionOrder: [(note: NoteSummary, keys: [String], path: String)] = []
    package private(set) var byPath: [String: Int64] = [:]
    package private(set) var headings: [Int64: [Heading]] = [:]
    /// Terms by normalised name or alias.
    package private(set) var terms: [String: [TermEntry]] = [:]
    /// The longest term, in words: how far a hover looks around the cursor.
    package private(set) var longestTerm = 1
    /// Tag spellings and how many notes carry each, by normalised key.
    package private(set) var tags: [String: (name: String, notes: Int)] = [:]
    private var directory = NoteDirectory()

    /// Whether `path` lies in an Obsidian vault of the corpus, where a link may name a note
    /// without its folder.
    package func isInVault(_ path: String) -> Bool { layout.isInVault(path) }

    package init(base: KnowledgeBase) throws {
        self.base = base
        layout = CorpusLayout.detect(base.corpus)
        try reload()
    }

    /// Reads everything again from the index (after a refresh).
    package func reload() throws {
        try base.database.read { db in
            directory = try NoteDirectory.load(db)
            var notes: [Int64: NoteSummary] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, path, url, title, description FROM note") {
                notes[row["id"]] = NoteSummary(id: row["id"], path: row["path"], url: row["url"], title: row["title"],
                                               description: row["description"], aliases: [])
            }
            for row in try Row.fetchAll(db, sql: "SELECT noteId, key FROM noteName WHERE kind = 'alias'") {
                notes[row["noteId"]]?.aliases.append(row["key"])
            }
            self.notes = notes
            completionOrder = notes.values.sorted { $0.path < $1.path }.map { note in
                (note, ([note.title] + note.aliases).map(TextNormalizer.key), note.path.lowercased())
            }
            byPath = Dictionary(notes.values.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
            var headings: [Int64: [Heading]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT noteId, level, heading, anchor FROM section ORDER BY noteId, position") {
                headings[row["noteId"], default: []].append(Heading(level: row["level"], text: row["heading"], anchor: row["anchor"]))
            }
            self.headings = headings
            var terms: [String: [TermEntry]] = [:]
            var longest = 1
            for row in try Row.fetchAll(db, sql: "SELECT term.id, term.name, term.key, term.definition, note.path, note.title FROM term JOIN note ON note.id = term.noteId") {
                let entry = TermEntry(name: row["name"], definition: row["definition"], path: row["path"], title: row["title"])
                terms[row["key"], default: []].append(entry)
                longest = max(longest, TextNormalizer.words(row["key"] as String).count)
            }
            for row in try Row.fetchAll(db, sql: "SELECT termAlias.key, term.name, term.definition, note.path, note.title FROM termAlias JOIN term ON term.id = termAlias.termId JOIN note ON note.id = term.noteId") {
                terms[row["key"], default: []].append(TermEntry(name: row["name"], definition: row["definition"], path: row["path"], title: row["title"]))
            }
            self.terms = terms
            longestTerm = min(longest, 8)
            var tags: [String: (String, Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, MIN(name) AS name, COUNT(DISTINCT noteId) AS n FROM tag WHERE kind = 'tag' GROUP BY key") {
                tags[row["key"]] = (row["name"], row["n"])
            }
            self.tags = tags
        }
    }

    /// The note a corpus path names.
    package func note(atPath path: String) -> NoteSummary? { byPath[path].flatMap { notes[$0] } }

    /// Where `link`, written in the note at `path`, leads.
    package func resolve(_ link: Link, fromPath path: String) -> Resolved {
        let source = note(atPath: path)
        let url = source?.url ?? {
            var note = ParsedNote(path: path)
            layout.apply(to: &note)
            return note.url
        }()
        let found = LinkResolver(directory: directory, layout: layout).resolve(link, fromPath: path, url: url, selfId: source?.id ?? -1)
        return Resolved(method: found.method, target: found.targetId.flatMap { notes[$0] }, candidates: found.candidates)
    }

    /// Whether `anchor` names a heading of the note (as a GitHub anchor or, for wikilinks, by
    /// its words), or a block id.
    package func hasHeading(_ anchor: String, in id: Int64) -> Bool {
        if anchor.hasPrefix("^") { return true }
        let wanted = (anchor.removingPercentEncoding ?? anchor)
        let last = wanted.split(separator: "#").last.map(String.init) ?? wanted
        return (headings[id] ?? []).contains { $0.anchor == last || AnchorCheck.headingKey($0.text) == AnchorCheck.headingKey(last) }
    }

    /// How a Markdown link from the note at `path` names `note`: a relative file path in a
    /// vault, a relative page URL elsewhere (`../dynamodb`).
    package func markdownDestination(to note: NoteSummary, fromPath path: String) -> String {
        if layout.isInVault(path) || NoteIdentity.isAttachment(note.path) {
            let folder = path.slashComponents().dropLast().map(String.init)
            return LinkRewriter.relative(from: folder, to: note.path.slashComponents().map(String.init))
                .replacingOccurrences(of: " ", with: "%20")
        }
        let from = (self.note(atPath: path)?.url ?? "/").slashComponents().map(String.init)
        return LinkRewriter.relative(from: from, to: note.url.slashComponents().map(String.init))
    }

    /// How a wikilink names `note`: its file name, or its path when another file shares the
    /// name; outside a vault, its title.
    package func wikiName(for note: NoteSummary) -> String {
        guard layout.isInVault(note.path) else { return note.title }
        let slug = NoteIdentity.slug(forPath: note.path)
        let stem = NoteIdentity.stripExtension(note.path)
        return Set(directory.notes(.slug, TextNormalizer.key(slug))).count > 1 ? stem : slug
    }

    /// A buffer's text as the index would read it from a file at `path`.
    package func parse(_ text: String, path: String) -> ParsedNote {
        var note = NoteParser.parse(Data(text.utf8), path: path)
        layout.apply(to: &note)
        return note
    }

    /// A note's file, as text; nil when it cannot be read or leads outside the corpus.
    package func fileText(_ path: String) -> String? {
        guard case .success(let data) = CorpusFile(root: base.corpus).read(path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Terms named `key` (normalised), exactly.
    package func terms(named key: String) -> [TermEntry] { terms[key] ?? [] }

    /// The notes that carry a tag, by path.
    package func notes(taggedWith key: String) throws -> [String] {
        try base.database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT note.path FROM tag JOIN note ON note.id = tag.noteId WHERE tag.key = ? AND tag.kind = 'tag' ORDER BY note.path",
                                arguments: [key])
        }
    }

    /// The notes that link to note `id`, by path.
    package func linkingNotes(to id: Int64) throws -> [String] {
        try base.database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT note.path FROM link JOIN note ON note.id = link.noteId WHERE link.targetId = ? ORDER BY note.path",
                                arguments: [id])
        }
    }
}
