import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb mv OLD NEW`: moves a note, folder or attachment and rewrites every link to it.
struct MoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv", abstract: "Move or rename a note, a folder of notes or an attachment, rewriting every link to it.",
        discussion: """
            Each link keeps its style: relative or root URL, file path with or without .md, wikilink by name or \
            by path, anchors and labels. The moved notes' own relative links are rewritten too. Paths are \
            relative to the corpus (or to the current folder when they lie inside the corpus). \
            A NEW that is a folder (or ends in /) receives OLD under its own name.
            Examples:
              kb mv aws/dynamodb/_index.md aws/databases/dynamodb/_index.md
              kb mv aws/lambda aws/compute/ --dry-run
            """)

    @Argument(help: "The note, folder or attachment to move.") var old: String
    @Argument(help: "Where it goes.") var new: String
    @Flag(help: "Print the edits as a unified diff and change nothing.") var dryRun = false
    @Flag(help: "Print JSON on stdout: the moves, every edit and any warnings.") var json = false
    @OptionGroup var options: CorpusOptions

    func run() throws {
        let base = try options.open()
        let mover = NoteMover(base: base)
        let plan = try mover.plan(from: corpusRelative(old, base: base), to: corpusRelative(new, base: base))
        if !dryRun { try MoveApplier(base: base).apply(plan) }
        if json {
            try JSONOutput.print(MoveReport(plan, applied: !dryRun))
        } else if dryRun {
            print(plan.unifiedDiff, terminator: "")
        } else {
            print("moved \(plan.moves.count) file\(plan.moves.count == 1 ? "" : "s"), rewrote \(plan.editCount) link\(plan.editCount == 1 ? "" : "s") in \(plan.changes.count) note\(plan.changes.count == 1 ? "" : "s")")
        }
        for warning in plan.warnings { Terminal.note("warning: \(warning)") }
    }

    /// A path the user typed, as a path inside the corpus.
    private func corpusRelative(_ path: String, base: KnowledgeBase) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let root = base.corpus.standardizedFileURL.path
        guard absolute.hasPrefix(root + "/") else { return path }
        let inside = String(absolute.dropFirst(root.count + 1))
        return path.hasSuffix("/") ? inside + "/" : inside
    }
}

/// `kb mv --json`: what moved and which links changed.
struct MoveReport: Encodable {
    struct Change: Encodable {
        var path: String
        var newPath: String
        var edits: [MovePlan.Edit]
    }
    var applied: Bool
    var moves: [MovePlan.FileMove]
    var changes: [Change]
    var warnings: [String]

    init(_ plan: MovePlan, applied: Bool) {
        self.applied = applied
        moves = plan.moves
        changes = plan.changes.map { Change(path: $0.path, newPath: $0.newPath, edits: $0.edits) }
        warnings = plan.warnings
    }
}
