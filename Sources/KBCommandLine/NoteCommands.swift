import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb show NOTE`: a card with everything kb knows about one note.
struct ShowCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a note: title, description, tags, terms, links out and in, questions.",
        discussion: "Examples:\n  kb show cloudfront\n  kb show aws/dynamodb/_index.md --json"
    )

    @Argument(help: "The note: a path, slug, title or alias.")
    var note: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> NoteCard {
        let ref = try base.note(named: note, language: output.lang)
        return NoteCard(note: try base.document(of: ref), links: try base.graph.links(from: ref),
                        backlinks: try base.graph.backlinks(to: ref))
    }

    func show(_ card: NoteCard) throws {
        if output.json { return try JSONOutput.print(card) }
        NoteCardRenderer.render(card.note, links: card.links, backlinks: card.backlinks)
    }
}

/// The JSON of `kb show`: the parsed note with each link's resolution and the backlinks.
struct NoteCard: Encodable {
    var note: ParsedNote
    var links: [LinkInfo]
    var backlinks: [LinkInfo]

    enum Keys: String, CodingKey {
        case path, url, title, description, tags, categories, aliases, keywords, date, weight, draft
        case sections, terms, links, backlinks, questions, facts, tables, warnings
    }

    func encode(to encoder: Encoder) throws {
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

enum NoteCardRenderer {
    static func render(_ note: ParsedNote, links: [LinkInfo], backlinks: [LinkInfo]) {
        print(Terminal.bold(note.title) + "  " + Terminal.dim(note.path))
        if let description = note.description { print(description) }
        if !note.tags.isEmpty { print(Terminal.dim("tags: ") + note.tags.map(\.name).joined(separator: ", ")) }
        for fact in note.facts { print(Terminal.dim("\(fact.key): ") + fact.value) }
        if !note.terms.isEmpty {
            print("\n" + Terminal.accent("Terms"))
            for term in note.terms {
                let indent = term.parent == nil ? "  " : "    "
                print(indent + Terminal.bold(term.name) + ": " + (term.definition.split(separator: "\n").first.map(String.init) ?? ""))
            }
        }
        let noteLinks = links.filter { $0.kind != .external && $0.kind != .image }
        if !noteLinks.isEmpty {
            print("\n" + Terminal.accent("Links"))
            for link in noteLinks { print("  → \(link.targetTitle ?? link.target)  \(Terminal.dim(link.targetPath ?? link.resolution.rawValue))") }
        }
        if !backlinks.isEmpty {
            print("\n" + Terminal.accent("Linked from"))
            var seen = Set<String>()
            for link in backlinks where seen.insert(link.source).inserted { print("  ← \(link.source)") }
        }
        if !note.questions.isEmpty {
            print("\n" + Terminal.accent("Questions"))
            for question in note.questions { print("  \(question.label): \(question.stem.split(separator: "\n").last ?? "")") }
        }
        for warning in note.warnings { Terminal.note("warning: \(warning)") }
    }
}

/// `kb questions [NOTE]`: the quiz questions with their options and answers.
struct QuestionsCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "questions",
        abstract: "List quiz questions, of one note or of all notes.",
        discussion: "Examples:\n  kb questions cloudfront\n  kb questions --json"
    )

    @Argument(help: "The note (default: every note).")
    var note: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    struct Entry: Encodable {
        var path: String
        var title: String
        var question: Question
    }

    func answer(from base: KnowledgeBase) throws -> [Entry] {
        let notes = try note.map { [try base.note(named: $0)] } ?? base.graph.allNotes()
        var entries: [Entry] = []
        for ref in notes {
            for question in try base.document(of: ref).questions {
                entries.append(Entry(path: ref.path, title: ref.title, question: question))
            }
        }
        return note == nil ? Array(entries.prefix(output.limit)) : entries
    }

    func show(_ entries: [Entry]) throws {
        if output.json { try JSONOutput.print(entries) }
        if entries.isEmpty { throw nothingFound("no questions found") }
        if output.json { return }
        for entry in entries {
            print(Terminal.bold("\(entry.title) · \(entry.question.label)"))
            print(entry.question.stem)
            for option in entry.question.options {
                print("  \(option.correct ? "✓" : " ") \(option.label)) \(option.text)")
            }
            print("")
        }
    }
}

/// `kb parse FILE`: what the parsers see in one file, without touching any index.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one note file and print what kb extracts from it (no index involved).",
        discussion: "Example: kb parse corpus/aws/cloudfront/_index.md --json"
    )

    @Argument(help: "The Markdown or HTML file to parse.")
    var file: String

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw KBError.invalidArgument("cannot read \(file): check the path and its permissions")
        }
        let note = NoteParser.parse(data, path: URL(fileURLWithPath: file).lastPathComponent)
        if json {
            try JSONOutput.print(note)
        } else {
            NoteCardRenderer.render(note, links: note.links.map {
                LinkInfo(source: note.path, label: $0.label, target: $0.target, kind: $0.kind, section: $0.section,
                         resolution: .unresolved, targetPath: nil, targetTitle: nil, candidates: nil)
            }, backlinks: [])
        }
    }
}
