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
        try base.card(of: try base.note(named: note, language: output.lang))
    }

    func show(_ card: NoteCard) throws {
        if output.json { return try JSONOutput.print(card) }
        NoteCardRenderer.render(card.note, links: card.links, backlinks: card.backlinks)
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

    func answer(from base: KnowledgeBase) throws -> [QuestionEntry] {
        try base.questions(of: note.map { try base.note(named: $0) }, limit: output.limit)
    }

    func show(_ entries: [QuestionEntry]) throws {
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
