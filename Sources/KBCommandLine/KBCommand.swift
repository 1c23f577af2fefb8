import ArgumentParser
import CInterrupt
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
        version: KnowledgeBase.version,
        subcommands: [
            IndexCommand.self, SearchCommand.self, DefineCommand.self, RelatedCommand.self, ShowCommand.self,
            ParseCommand.self, LinksCommand.self, BacklinksCommand.self, PathCommand.self, TagsCommand.self,
            QuestionsCommand.self, QuizCommand.self, CheckCommand.self, StatsCommand.self, ExportCommand.self, REPLCommand.self, WatchCommand.self,
            MCPCommand.self, BenchQueryCommand.self, StudyCommand.self, MoveCommand.self, LinkCommand.self, LSPCommand.self,
        ]
    )
}

/// Runs `kb`, mapping every failure onto the documented exit codes: usage and runtime errors
/// exit 2 with a message on stderr; a note that is not there, or a command that finds
/// nothing, exits 1. The `kb` executable's entry point calls `KBMain.main()` and nothing else.
package enum KBMain {
    /// Parses the process's arguments, runs the command they name and exits.
    package static func main() -> Never {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty, isatty(0) == 1, isatty(1) == 1 { arguments = ["repl"] }
        do {
            var command = try KB.parseAsRoot(arguments)
            // The REPL handles Ctrl-C itself: it cancels the running command, not the shell.
            TerminationWatch.start(handlingInterrupt: !(command is REPLCommand))
            try command.run()
            KBMain.exit(0)
        } catch let code as ExitCode {
            KBMain.exit(code.rawValue)
        } catch let error as KBError {
            // No note by that name is "nothing found" (1), as the README's table says; every
            // other KBError is a usage or runtime error (2).
            if case .noteNotFound = error {
                if !CleanupRegistry.isEnding { Terminal.error(error.description) }
                KBMain.exit(1)
            }
            fail(error.description)
        } catch {
            let code = KB.exitCode(for: error)
            if code == .success {
                print(KB.fullMessage(for: error))
                KBMain.exit(0)
            }
            fail(KB.fullMessage(for: error))
        }
    }
}

extension KBMain {
    /// Exits with `code`, unless a signal is ending kb: then the signal's thread, cleaning up,
    /// ends the process, and an error that its cleanup caused (Graphviz killed) goes unsaid.
    /// Reports a usage or runtime error and exits 2.
    static func fail(_ message: String) -> Never {
        if !CleanupRegistry.isEnding { Terminal.error(message) }
        exit(2)
    }

    static func exit(_ code: Int32) -> Never {
        if CleanupRegistry.isEnding {
            while true { pause() }
        }
        Foundation.exit(code)
    }
}

/// Ends kb's child processes and removes its temporary folders (`CleanupRegistry`) when a
/// signal ends kb, then ends kb by that signal, so the parent sees how it ended.
enum TerminationWatch {
    static func start(handlingInterrupt: Bool) {
        guard kb_install_termination_handlers(handlingInterrupt ? 1 : 0) == 0 else { return }
        let thread = Thread {
            let signal = kb_wait_for_termination()
            guard signal > 0 else { return }
            CleanupRegistry.cleanUp()
            kb_end_by_signal(signal)
        }
        thread.start()
    }
}
