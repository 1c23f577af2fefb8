import ArgumentParser
import Foundation
import KnowledgeBase

/// The `kb` command: one small subcommand type per verb.
struct KB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "A knowledge base over a folder of Markdown notes: search, glossary, related notes, graph.",
        discussion: """
            The corpus is --corpus DIR, else $KB_CORPUS, else ./corpus. \
            The index lives in <corpus>/.kb/ unless --db FILE is given, and every query refreshes it first \
            (skip with --no-refresh), unless a `kb watch` on the same index answers that it is current.
            Exit codes: 0 found or ok, 1 nothing found or problems found, 2 usage or runtime error.
            Shell completion: kb --generate-completion-script bash|zsh|fish

            Examples:
              kb search origin
              kb define "edge location"
              kb related cloudfront --explain
              kb export --format dot -o graph.dot
            """,
        subcommands: [
            IndexCommand.self, SearchCommand.self, DefineCommand.self, RelatedCommand.self, ShowCommand.self,
            ParseCommand.self, LinksCommand.self, BacklinksCommand.self, PathCommand.self, TagsCommand.self,
            QuestionsCommand.self, CheckCommand.self, StatsCommand.self, ExportCommand.self, REPLCommand.self, WatchCommand.self,
            BenchQueryCommand.self,
        ]
    )
}

/// Runs `kb`, mapping every failure onto the documented exit codes: usage and runtime errors
/// exit 2 with a message on stderr; a note that is not there, or a command that finds
/// nothing, exits 1.
@main
enum Main {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty, isatty(0) == 1, isatty(1) == 1 { arguments = ["repl"] }
        do {
            var command = try KB.parseAsRoot(arguments)
            try command.run()
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch let error as KBError {
            Terminal.error(error.description)
            // No note by that name is "nothing found" (1), as the README's table says; every
            // other KBError is a usage or runtime error (2).
            if case .noteNotFound = error { exit(1) }
            exit(2)
        } catch {
            let code = KB.exitCode(for: error)
            if code == .success {
                print(KB.fullMessage(for: error))
                exit(0)
            }
            Terminal.error(KB.fullMessage(for: error))
            exit(2)
        }
    }
}
