import ArgumentParser
import Foundation
import KnowledgeBase
#if canImport(Glibc)
import Glibc
#endif

/// `kb repl`: a small shell over the query engine (also what `kb` alone opens on a terminal).
struct REPLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Open an interactive shell: every query command without \"kb\", plus open, back and quiz.",
        discussion: """
            On a terminal: line editing, history kept between sessions, Tab completion of commands, \
            notes and terms; Ctrl-C cancels a line, Ctrl-D or :quit leaves. With piped input it runs \
            one command per line, prints no prompt and no colour, and exits 0 at the end. The index is \
            refreshed once when the shell starts (not at all with --no-refresh).

            Examples:
              kb repl
              printf 'define cdn\\nopen cloudfront\\nrelated\\n' | kb repl --corpus corpus
            """
    )

    @Option(help: "The history file (default: $XDG_STATE_HOME/kb/history, else ~/.local/state/kb/history).")
    var history: String?

    @Flag(help: "Neither read nor write a history file.")
    var noHistory = false

    @OptionGroup var options: CorpusOptions

    func run() throws {
        let interactive = isatty(0) == 1
        if interactive {
            // libedit decodes typed bytes with the C locale; without this, é or → is dropped.
            setlocale(LC_CTYPE, "")
        } else {
            // A script's output is for files and diffs: no colour even when stdout is a terminal.
            // Terminal.colour reads NO_COLOR, so this covers the CLI renderers too.
            setenv("NO_COLOR", "1", 1)
        }
        // Refreshed once here; every line then asks this same open knowledge base.
        let base = try options.open()
        base.answersManyQueries = true

        let historyFile = noHistory ? nil : history.map { URL(fileURLWithPath: $0) } ?? LineReader.defaultHistoryFile()
        let reader = LineReader(interactive: interactive, historyFile: historyFile)
        let session = REPLSession(base: base, reader: reader)
        if interactive {
            CompletionBridge.install(Completer { Completer.vocabulary(of: base) })
            let notes = (try? base.graph.allNotes().count) ?? 0
            print(Terminal.dim("kb — \(notes) notes in \(base.corpus.path). :help lists the commands, Tab completes, Ctrl-D leaves."))
        }
        session.run()
    }
}
