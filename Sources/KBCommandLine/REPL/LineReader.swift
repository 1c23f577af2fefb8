import CEditLine
import CInterrupt
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where REPL lines come from: libedit on a terminal (editing, history, Tab completion,
/// Ctrl-C), plain `readLine()` otherwise so `printf '…' | kb repl` works as a script.
///
/// libedit's `readline()` is used rather than `el_gets`, because its readline emulation already
/// binds Tab to completion and Up/Down to history, and its completion hook is the one
/// `Completion.swift` plugs into.
package final class LineReader {
    /// What one read produced.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was abandoned, the REPL goes on.
        case interrupted
        /// Ctrl-D on an empty line, or the end of piped input.
        case end
    }

    /// True when reading from a terminal through libedit.
    let interactive: Bool
    private let historyFile: URL?
    private var lastHistoryLine: String?
    /// The lines still to hand out when a caller supplied them instead of stdin.
    private var scriptedLines: ArraySlice<String>?

    /// How many lines the history file keeps; older ones are dropped when it is written.
    static let historyLimit = 1000

    /// - Parameters:
    ///   - interactive: use libedit (stdin is a terminal); else read lines with `readLine()`.
    ///   - historyFile: where history is loaded from and saved to; nil keeps no history.
    package init(interactive: Bool, historyFile: URL?) {
        self.interactive = interactive
        self.historyFile = interactive ? historyFile : nil
        guard interactive else { return }
        // For `$if kb` sections in ~/.editrc. libedit keeps the pointer, so it must outlive the call.
        kb_set_readline_name(strdup("kb"))
        // libedit's own signal handling would re-raise SIGINT with the previous disposition
        // (default: terminate); with it off, our handler gets Ctrl-C and readline() returns NULL.
        kb_set_catch_signals(0)
        _ = kb_install_sigint_handler()
        stifle_history(Int32(Self.historyLimit))
        if let historyFile {
            try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: historyFile.path) { _ = read_history(historyFile.path) }
        }
    }

    /// A reader that hands out `lines` in order, then the end of input, as a pipe would; it
    /// keeps no history. Lets a REPL session run in process without touching stdin.
    package init(lines: [String]) {
        interactive = false
        historyFile = nil
        scriptedLines = lines[...]
    }

    /// Reads one line, showing `prompt` on a terminal only (a script's output stays clean).
    func read(prompt: String) -> Input {
        // Everything printed so far must be out before we wait: piped stdout is block-buffered,
        // and a quiz question has to appear before its answer is read.
        fflush(nil)
        if scriptedLines != nil {
            return scriptedLines?.popFirst().map(Input.line) ?? .end
        }
        guard interactive else { return Swift.readLine().map(Input.line) ?? .end }
        _ = kb_take_interrupt()  // a Ctrl-C pressed while a command ran must not cancel this line
        guard let raw = readline(prompt) else {
            // NULL is both Ctrl-D and an interrupted read; only the flag tells them apart.
            // Either way the cursor is still on the prompt line, so move off it.
            print("")
            return kb_take_interrupt() != 0 ? .interrupted : .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Remembers a line for Up-arrow recall, skipping blanks and immediate repeats (as shells do).
    func remember(_ line: String) {
        guard interactive else { return }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != lastHistoryLine else { return }
        lastHistoryLine = trimmed
        _ = add_history(trimmed)
    }

    /// Writes the history file; called once when the REPL ends.
    func saveHistory() {
        guard interactive, let historyFile else { return }
        if write_history(historyFile.path) != 0 {
            Terminal.note("kb: could not save the history to \(historyFile.path)")
        }
    }

    /// `$XDG_STATE_HOME/kb/history`, else `~/.local/state/kb/history` (the XDG default).
    /// A relative `XDG_STATE_HOME` is invalid by the spec and ignored.
    static func defaultHistoryFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("kb/history")
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".local/state/kb/history")
    }
}
