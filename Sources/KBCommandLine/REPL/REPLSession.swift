import ArgumentParser
import Foundation
import KnowledgeBase

/// One REPL run: the open knowledge base, the current note and the notes visited before it,
/// and the loop that reads a line, runs it and carries on whatever happens.
///
/// A line is split with `CommandLineSplitter` and its arguments are parsed by the CLI
/// command's own `ParsableCommand` type, so `search x --kind term --limit 3` means exactly
/// what `kb search x --kind term --limit 3` means, and errors read the same.
package final class REPLSession {
    /// Refreshed once when the REPL starts: a refresh per line would make every command wait
    /// on a folder walk.
    let base: KnowledgeBase
    let reader: LineReader

    /// The note that `related`, `links`, … act on when no note is named.
    private(set) var current: NoteRef?
    /// What was current before each `open`, most recent last, for `back`; nil is "no note",
    /// so `back` from the first note opened returns to the plain `kb> ` prompt.
    private(set) var visited: [NoteRef?] = []

    /// A session over `base` that reads its lines from `reader`, with no note open.
    package init(base: KnowledgeBase, reader: LineReader) {
        self.base = base
        self.reader = reader
    }

    /// `kb> `, or `kb:cloudfront> ` with a current note: where you are, by its short name.
    package var prompt: String {
        current.map { "kb:\(NoteIdentity.slug(forPath: $0.path))> " } ?? "kb> "
    }

    /// Reads and runs lines until `:quit`, Ctrl-D or the end of piped input.
    package func run() {
        loop: while true {
            switch reader.read(prompt: prompt) {
            case .end:
                break loop
            case .interrupted:
                continue
            case .line(let line):
                reader.remember(line)
                let keepGoing = handle(line)
                // Piped stdout is block-buffered while stderr is not: flush so a script's
                // combined output keeps each command's results next to its messages.
                fflush(nil)
                if !keepGoing { break loop }
            }
        }
        reader.saveHistory()
    }

    /// Runs one line; false when it asks to leave. Every error is reported and swallowed: a
    /// typo or an unknown note must never end the session.
    @discardableResult
    func handle(_ line: String) -> Bool {
        var words = CommandLineSplitter.split(line)
        // `kb search x` out of habit means `search x`.
        if words.count > 1, words[0] == "kb" { words.removeFirst() }
        guard let verb = words.first else { return true }
        guard let command = REPLCommandTable.command(named: verb) else {
            let hint = REPLCommandTable.suggestion(for: verb).map { " Did you mean \($0)?" } ?? ""
            Terminal.error("unknown command '\(verb)'.\(hint) Type :help for the list.")
            return true
        }
        let watch = InterruptWatch(base: base)
        defer { watch.stop() }
        do {
            let goOn = try execute(command, arguments: Array(words.dropFirst()))
            // Ctrl-C while the answer was printed: the listing stopped early.
            if watch.interrupted {
                print("")
                Terminal.note("interrupted")
            }
            return goOn
        } catch where watch.interrupted {
            // The terminal echoed ^C on the command's line; the prompt starts a new one.
            print("")
            Terminal.note("interrupted")
        } catch let error as KBError {
            Terminal.error(error.description)
        } catch let usage as UsageMessage {
            if usage.isHelp { print(usage.text) } else { Terminal.note(usage.text) }
        } catch is ExitCode {
            // A command that found nothing has already said so on stderr.
        } catch {
            Terminal.error(String(describing: error))
        }
        return true
    }

    /// A usage error or `--help` output from a CLI command's parser.
    struct UsageMessage: Error {
        let text: String
        let isHelp: Bool
    }

    private func execute(_ command: REPLCommandTable.Command, arguments: [String]) throws -> Bool {
        var arguments = arguments
        if command.name.defaultsToCurrentNote, let current, !Self.hasPositional(arguments) {
            arguments.insert(current.path, at: 0)
        }
        switch command.name {
        // The REPL searches as you type: the last word may be unfinished.
        case .search: try query(SearchCommand.self, arguments) { $0.prefix = true }
        case .define: try query(DefineCommand.self, arguments)
        case .related: try query(RelatedCommand.self, arguments, aboutNote: true)
        case .show: try query(ShowCommand.self, arguments, aboutNote: true)
        case .links: try query(LinksCommand.self, arguments, aboutNote: true)
        case .backlinks: try query(BacklinksCommand.self, arguments, aboutNote: true)
        case .open: try open(arguments)
        case .back: back()
        case .terms: try terms(arguments)
        case .quiz: try quiz(arguments)
        case .questions: try query(QuestionsCommand.self, arguments)
        case .path: try query(PathCommand.self, arguments)
        case .tags: try query(TagsCommand.self, arguments)
        case .check: try query(CheckCommand.self, arguments)
        case .stats: try query(StatsCommand.self, arguments)
        case .help: help(arguments.first)
        case .quit: return false
        }
        return true
    }

    // MARK: - State

    private func open(_ arguments: [String]) throws {
        guard !arguments.isEmpty else { throw KBError.invalidArgument("open which note? e.g. open cloudfront") }
        // Several words name one note (`open elastic beanstalk`), as a title has spaces.
        let note = try base.note(named: arguments.joined(separator: " "))
        if current != note { visited.append(current) }
        current = note
        try describeCurrent()
    }

    private func back() {
        guard let previous = visited.popLast() else {
            Terminal.note(current == nil ? "no note is open: open NOTE first" : "nothing to go back to")
            return
        }
        current = previous
        if current == nil { print(Terminal.dim("no note is open")) }
        try? describeCurrent()
    }

    /// One line about the note just made current, so `open` and `back` confirm where you are.
    private func describeCurrent() throws {
        guard let current else { return }
        let document = try base.document(of: current)
        var counts: [String] = []
        if !document.terms.isEmpty { counts.append("\(document.terms.count) terms") }
        if !document.questions.isEmpty { counts.append("\(document.questions.count) questions") }
        let detail = ([current.path] + counts).joined(separator: " · ")
        print("\(Terminal.bold(current.title))  \(Terminal.dim(detail))")
    }

    /// The note a REPL-only command acts on: the named one, else the current one.
    func noteArgument(_ arguments: [String], command: String) throws -> NoteRef {
        if arguments.isEmpty {
            guard let current else {
                throw KBError.invalidArgument("\(command) which note? Name one (\(command) NOTE) or open one first (open NOTE)")
            }
            return current
        }
        return try base.note(named: arguments.joined(separator: " "))
    }

    // MARK: - Parsing

    /// Parses REPL words with a CLI command's parser, turning its errors into messages.
    func parsed<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) throws -> Command {
        do {
            return try Command.parse(arguments)
        } catch {
            throw UsageMessage(text: Command.fullMessage(for: error), isHelp: Command.exitCode(for: error) == .success)
        }
    }

    /// Whether the words name something (a note, a query) besides options and their values,
    /// so a bare `related --explain` still gets the current note.
    static func hasPositional(_ arguments: [String]) -> Bool {
        let takesValue: Set<String> = ["--limit", "--tag", "--kind"]
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if takesValue.contains(argument) { skipNext = true; continue }
            if argument.hasPrefix("-"), argument.count > 1 { continue }
            return true
        }
        return false
    }
}
