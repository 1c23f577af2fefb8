import Foundation

/// Everything kb knows about one note, as `kb show --json` and the MCP `read_note` tool give it:
/// the parsed note with each link's resolution and the links that point to it.
public struct NoteCard: Encodable {
    /// The note as its file parses now.
    public var note: ParsedNote
    /// Its links, in order, each with where it resolved.
    public var links: [LinkInfo]
    /// The links in other notes that reach it.
    public var backlinks: [LinkInfo]

    /// A card of `note` with its links out and in.
    public init(note: ParsedNote, links: [LinkInfo], backlinks: [LinkInfo]) {
        self.note = note
        self.links = links
        self.backlinks = backlinks
    }

    enum Keys: String, CodingKey {
        case path, url, title, description, tags, categories, aliases, keywords, date, weight, draft
        case sections, terms, links, backlinks, questions, facts, tables, warnings
    }

    /// Lists every key, optional ones as `null`, like the rest of the JSON contract.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(note.path, forKey: .path)
        try c.encode(note.url, forKey: .url)
        try c.encode(note.title, forKey: .title)
        try c.encode(note.description, forKey: .description)
        try c.encode(note.tags.map(\.name), forKey: .tags)
        try c.encode(note.categories.map(\.name), forKey: .categories)
        try c.encode(note.aliases, forKey: .aliases)
        try c.encode(note.keywords, forKey: .keywords)
        try c.encode(note.date, forKey: .date)
        try c.encode(note.weight, forKey: .weight)
        try c.encode(note.draft, forKey: .draft)
        try c.encode(note.sections, forKey: .sections)
        try c.encode(note.terms, forKey: .terms)
        try c.encode(links, forKey: .links)
        try c.encode(backlinks, forKey: .backlinks)
        try c.encode(note.questions, forKey: .questions)
        try c.encode(note.facts, forKey: .facts)
        try c.encode(note.tables, forKey: .tables)
        try c.encode(note.warnings, forKey: .warnings)
    }
}

/// One quiz question with the note it belongs to, as `kb questions --json` lists them.
public struct QuestionEntry: Encodable, Sendable {
    /// The note's path from the corpus root.
    public var path: String
    /// The note's title.
    public var title: String
    /// The question with its options and which are correct.
    public var question: Question
}

extension KnowledgeBase {
    /// The card of `note`: its parsed file, where its links go and which notes link to it.
    public func card(of note: NoteRef) throws -> NoteCard {
        NoteCard(note: try document(of: note), links: try graph.links(from: note), backlinks: try graph.backlinks(to: note))
    }

    /// The quiz questions of `note`, or of every note (at most `limit` then, in path order).
    public func questions(of note: NoteRef?, limit: Int) throws -> [QuestionEntry] {
        let notes = try note.map { [$0] } ?? graph.allNotes()
        var entries: [QuestionEntry] = []
        for ref in notes {
            for question in try document(of: ref).questions {
                entries.append(QuestionEntry(path: ref.path, title: ref.title, question: question))
            }
            if note == nil, entries.count >= limit { break }
        }
        return note == nil ? Array(entries.prefix(limit)) : entries
    }

    /// The whole `kb check` report: the index's broken and ambiguous links and orphans, with
    /// what the walk of the folder skips, broken anchors and hints about the corpus folder.
    public func checkReport() throws -> CheckReport {
        var report = try graph.check()
        // What the walk skips (names kb cannot store, symlinks that lead out) has no row in the
        // index; a walk of the folder finds it again.
        report.warnings = CorpusScanner(root: corpus).scan().warnings + report.warnings
        report.brokenAnchors = try brokenAnchors()
        report.hints = CheckHints.hints(broken: report.broken, internalLinks: try graph.linksToOtherNotes(), corpus: corpus)
        return report
    }

    /// The file of `note` as it is on disk, read only within the corpus folder.
    public func text(of note: NoteRef) throws -> String {
        switch CorpusFile(root: corpus).read(note.path) {
        case .success(let data): return String(decoding: data, as: UTF8.self)
        case .failure(.outsideRoot): throw KBError.noteFileOutsideCorpus(note.path)
        case .failure: throw KBError.noteFileUnreadable(note.path)
        }
    }
}
