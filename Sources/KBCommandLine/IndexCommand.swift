import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb index [DIR]`: build or refresh the index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or refresh the index of a notes folder.",
        discussion: """
            Only files whose size, mtime and content changed are parsed again. One transaction per run: \
            an interrupted run leaves the previous index intact.
            Examples:
              kb index
              kb index ~/notes --db /tmp/notes.sqlite --json
              kb index --rebuild
            """
    )

    @Argument(help: "The notes folder (default: --corpus, $KB_CORPUS, else ./corpus).")
    var directory: String?

    @OptionGroup var options: CorpusOptions

    @Flag(help: "Build the index anew, replacing the old one only once the new one is complete (use after 'damaged index' errors).")
    var rebuild = false

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func run() throws {
        let base = try options.makeBase(directory: directory, rebuild: rebuild)
        let progress = Terminal.Progress(label: "indexing")
        let summary = try base.refresh(progress: progress.update)
        if json {
            try JSONOutput.print(summary)
        } else {
            print("\(summary.notes) notes: \(summary.added) added, \(summary.updated) updated, \(summary.removed) removed, \(summary.unchanged) unchanged")
            for warning in summary.warnings { Terminal.note("warning: \(warning)") }
        }
    }
}
