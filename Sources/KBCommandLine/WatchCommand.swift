import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb watch`: keep the index current as notes change, and let queries skip their own check.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep the index up to date while notes change (runs until interrupted).",
        discussion: """
            Refreshes the index whenever a file in the corpus changes. While it runs, every query on \
            the same index asks it instead of checking each file itself, which makes queries on a large \
            corpus several times faster; without it, queries still refresh on their own. Linux only (inotify). \
            Stop it with Ctrl-C.
            Examples:
              kb watch
              kb watch --corpus ~/notes &
            """
    )

    @OptionGroup var options: CorpusOptions

    @Flag(help: "Print each refresh's summary as a line of JSON on stdout.")
    var json = false

    func run() throws {
        // A long-running command must stop when asked, whatever signal mask it inherited (a
        // parent's thread may have blocked SIGTERM, and posix_spawn passes the mask on).
        var stoppers = sigset_t()
        sigemptyset(&stoppers)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stoppers, signal) }
        pthread_sigmask(SIG_UNBLOCK, &stoppers, nil)
        let base = try options.makeBase()
        let watcher = try IndexWatcher(base: base)
        Terminal.note("watching \(watcher.folderCount) folders of \(base.corpus.path); Ctrl-C stops")
        var first = true
        try watcher.run { result in
            switch result {
            case .success(let summary):
                defer { first = false }
                guard first || summary.added + summary.updated + summary.removed > 0 else { return }
                if json {
                    try? JSONOutput.printLine(summary)
                } else {
                    print("\(summary.notes) notes: \(summary.added) added, \(summary.updated) updated, \(summary.removed) removed")
                }
                fflush(nil)  // a line per refresh, even into a pipe
            case .failure(let error):
                Terminal.error("refresh failed: \(error); the watch goes on")
            }
        }
    }
}
