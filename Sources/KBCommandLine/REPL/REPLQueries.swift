import ArgumentParser
import Foundation
import KnowledgeBase

/// The query commands of the REPL. Each parses its words with the CLI command's type, asks the
/// session's one open `KnowledgeBase`, and prints through the same renderer as the CLI, so a
/// REPL answer looks exactly like the `kb …` answer.
extension REPLSession {
    /// Runs a CLI query command on this session's open knowledge base: its words are parsed by
    /// the command's own type and it prints exactly as `kb …` does. Commands about a note fall
    /// back to the current one (the session adds it to the words before parsing).
    func query<Command: QueryCommand>(_ type: Command.Type, _ arguments: [String], aboutNote: Bool = false,
                                      adjust: (inout Command) -> Void = { _ in }) throws {
        var command = try parsed(type, aboutNote ? try withNote(arguments, command: type.configuration.commandName ?? "") : arguments)
        adjust(&command)
        try command.execute(on: base)
    }

    /// `terms [NOTE]`: the glossary of one note, parents before their kinds. REPL-only (the CLI
    /// has `kb show` and `kb define`), so it has its own short rendering.
    func terms(_ arguments: [String]) throws {
        let note = try noteArgument(arguments, command: "terms")
        let terms = try base.document(of: note).terms
        guard !terms.isEmpty else { throw nothingFound("\(note.title) defines no terms") }
        for term in terms {
            let indent = term.parent == nil ? "" : "  "
            let also = term.aliases.isEmpty ? "" : Terminal.dim("  (\(term.aliases.joined(separator: ", ")))")
            print(indent + Terminal.bold(term.name) + also)
            for line in term.definition.split(separator: "\n") { print(indent + "  " + line) }
        }
    }

    /// `quiz [NOTE]`: the note's questions, asked one at a time on this session's input, as a
    /// practice run that records nothing. With any of `kb quiz`'s options (`--due`, `--new N`,
    /// `--terms`, `--stats`…) it is `kb quiz` itself: scheduled cards, saved reviews.
    func quiz(_ arguments: [String]) throws {
        if arguments.contains(where: { $0.hasPrefix("--") }) {
            let command = try parsed(QuizCommand.self, arguments)
            return try command.study(on: base) { [reader] prompt in
                guard case .line(let line) = reader.read(prompt: prompt) else { return nil }
                return line.trimmingCharacters(in: .whitespaces)
            }
        }
        let note = try noteArgument(arguments, command: "quiz")
        let questions = try base.document(of: note).questions.filter { !$0.options.isEmpty }
        guard !questions.isEmpty else { throw nothingFound("\(note.title) has no quiz questions") }
        QuizRunner(reader: reader).run(title: note.title, questions: questions)
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
            if let type = command.name.cliType {
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
}
