import ArgumentParser
import Foundation
import KnowledgeBase

/// The query commands of the REPL. Each parses its words with the CLI command's type, asks the
/// session's one open `KnowledgeBase`, and prints through the same renderer as the CLI, so a
/// REPL answer looks exactly like the `kb …` answer.
extension REPLSession {
    func search(_ arguments: [String]) throws {
        let command = try parsed(SearchCommand.self, arguments)
        let text = command.query.joined(separator: " ")
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KBError.invalidArgument("search for what? e.g. search origin")
        }
        // The REPL searches as you type: the last word may be unfinished.
        let result = try base.search.search(text, kind: command.kind, tag: command.tag, limit: command.output.limit,
                                            prefixLastWord: true)
        if command.output.json { return try JSONOutput.print(result.hits) }
        guard !result.hits.isEmpty else {
            let hint = result.suggestions.first.map { " Did you mean: \($0)?" } ?? ""
            throw nothingFound("no results for '\(text)'.\(hint)")
        }
        SearchRenderer.render(result.hits)
        if let suggestion = result.suggestions.first { Terminal.note("Did you mean: \(suggestion)?") }
    }

    func define(_ arguments: [String]) throws {
        let command = try parsed(DefineCommand.self, arguments)
        let text = command.term.joined(separator: " ")
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw KBError.invalidArgument("define what? e.g. define cdn")
        }
        let result = try base.glossary.define(text, limit: command.output.limit)
        if command.output.json { return try JSONOutput.print(result.definitions) }
        guard !result.definitions.isEmpty else {
            let hint = result.suggestions.isEmpty ? " Try search \(text)." : " Did you mean: \(result.suggestions.joined(separator: ", "))?"
            throw nothingFound("no term '\(text)'.\(hint)")
        }
        DefinitionRenderer.render(result.definitions)
    }

    func related(_ arguments: [String]) throws {
        let command = try parsed(RelatedCommand.self, try withNote(arguments, command: "related"))
        let note = try base.note(named: command.note)
        let related = try base.relatedScorer.related(to: note, limit: command.output.limit)
        if command.output.json { return try JSONOutput.print(related) }
        guard !related.isEmpty else { throw nothingFound("nothing is related to \(note.path) yet: it has no links, shared tags or mentions") }
        RelatedRenderer.render(related, explain: command.explain)
    }

    func show(_ arguments: [String]) throws {
        let command = try parsed(ShowCommand.self, try withNote(arguments, command: "show"))
        let note = try base.note(named: command.note)
        let document = try base.graph.document(of: note)
        let links = try base.graph.links(from: note)
        let backlinks = try base.graph.backlinks(to: note)
        if command.output.json { return try JSONOutput.print(NoteCard(note: document, links: links, backlinks: backlinks)) }
        NoteCardRenderer.render(document, links: links, backlinks: backlinks)
    }

    func links(_ arguments: [String]) throws {
        let command = try parsed(LinksCommand.self, try withNote(arguments, command: "links"))
        let note = try base.note(named: command.note)
        let links = Array(try base.graph.links(from: note, includeExternal: !command.internalOnly).prefix(command.output.limit))
        try LinkListRenderer.render(links, json: command.output.json, showSource: false)
        if links.isEmpty { throw nothingFound("no links") }
    }

    func backlinks(_ arguments: [String]) throws {
        let command = try parsed(BacklinksCommand.self, try withNote(arguments, command: "backlinks"))
        let links = Array(try base.graph.backlinks(to: try base.note(named: command.note)).prefix(command.output.limit))
        try LinkListRenderer.render(links, json: command.output.json, showSource: true)
        if links.isEmpty { throw nothingFound("no backlinks") }
    }

    /// `terms [NOTE]`: the glossary of one note, parents before their kinds. REPL-only (the CLI
    /// has `kb show` and `kb define`), so it has its own short rendering.
    func terms(_ arguments: [String]) throws {
        let note = try noteArgument(arguments, command: "terms")
        let terms = try base.graph.document(of: note).terms
        guard !terms.isEmpty else { throw nothingFound("\(note.title) defines no terms") }
        for term in terms {
            let indent = term.parent == nil ? "" : "  "
            let also = term.aliases.isEmpty ? "" : Terminal.dim("  (\(term.aliases.joined(separator: ", ")))")
            print(indent + Terminal.bold(term.name) + also)
            for line in term.definition.split(separator: "\n") { print(indent + "  " + line) }
        }
    }

    /// `quiz [NOTE]`: the note's questions, asked one at a time on this session's input.
    func quiz(_ arguments: [String]) throws {
        let note = try noteArgument(arguments, command: "quiz")
        let questions = try base.graph.document(of: note).questions.filter { !$0.options.isEmpty }
        guard !questions.isEmpty else { throw nothingFound("\(note.title) has no quiz questions") }
        QuizRunner(reader: reader).run(title: note.title, questions: questions)
    }

    /// Runs a CLI command whose printing lives inside its `run()` (questions, path, tags, check,
    /// stats), so the output cannot drift from `kb …`. It opens its own read connection to the
    /// same index file with `--no-refresh`, which costs a few milliseconds and no folder walk.
    /// (If those renderers are factored out like `SearchRenderer`, call them on `base` instead.)
    func delegate<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) throws
    where Command: REPLDelegatable {
        var command = try parsed(Command.self, arguments)
        command.corpusOptions = options
        try command.run()
    }

    /// A note argument is required by the CLI parser; with none and no current note, say what to do.
    private func withNote(_ arguments: [String], command: String) throws -> [String] {
        guard current == nil, !Self.hasPositional(arguments) else { return arguments }
        throw KBError.invalidArgument("\(command) which note? Name one (\(command) NOTE) or open one first (open NOTE)")
    }

    // MARK: - Help

    /// `:help` lists the commands; `help COMMAND` prints that command's options (the CLI's own
    /// help for the commands the CLI shares).
    func help(_ topic: String?) {
        if let topic {
            guard let command = REPLCommandTable.command(named: topic) else {
                return Terminal.error("no command '\(topic)'. Type :help for the list.")
            }
            if let type = Self.cliType(for: command.name) {
                print(type.helpMessage())
            } else {
                print("\(command.usage)\n  \(command.summary)")
            }
            return
        }
        print("Commands (as on the command line, without \"kb\"):")
        let width = REPLCommandTable.commands.map(\.usage.count).max() ?? 0
        for command in REPLCommandTable.commands {
            print("  " + command.usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Terminal.dim(command.summary))
        }
        print("""

            NOTE is a path, slug, title or alias. After `open NOTE`, commands showing [NOTE] act on it.
            Quote phrases: define "edge location". help COMMAND shows its options.
            """)
        if reader.interactive {
            print("Tab completes commands, notes and terms; Up recalls; Ctrl-C cancels a line; Ctrl-D leaves.")
        }
    }

    /// The CLI command behind each REPL command that has one, for `help COMMAND`.
    static func cliType(for name: String) -> (any ParsableCommand.Type)? {
        switch name {
        case "search": SearchCommand.self
        case "define": DefineCommand.self
        case "related": RelatedCommand.self
        case "show": ShowCommand.self
        case "links": LinksCommand.self
        case "backlinks": BacklinksCommand.self
        case "path": PathCommand.self
        case "tags": TagsCommand.self
        case "questions": QuestionsCommand.self
        case "check": CheckCommand.self
        case "stats": StatsCommand.self
        default: nil
        }
    }
}

/// CLI commands the REPL runs as they are, pointed at the REPL's corpus and index.
protocol REPLDelegatable: ParsableCommand {
    var corpusOptions: CorpusOptions { get set }
}

extension QuestionsCommand: REPLDelegatable { var corpusOptions: CorpusOptions { get { options } set { options = newValue } } }
extension PathCommand: REPLDelegatable { var corpusOptions: CorpusOptions { get { options } set { options = newValue } } }
extension TagsCommand: REPLDelegatable { var corpusOptions: CorpusOptions { get { options } set { options = newValue } } }
extension CheckCommand: REPLDelegatable { var corpusOptions: CorpusOptions { get { options } set { options = newValue } } }
extension StatsCommand: REPLDelegatable { var corpusOptions: CorpusOptions { get { options } set { options = newValue } } }
