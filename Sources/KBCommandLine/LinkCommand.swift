import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb link --unlinked NOTE`: plain-text mentions of a note that are not links yet.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "List (or link) the plain-text mentions of a note's title or aliases.",
        discussion: """
            Mentions inside links, code, headings and front matter are left out. --apply turns each mention \
            into a link in the corpus's style: a wikilink in an Obsidian vault, else a Markdown link with a \
            relative destination. Exits 1 when there are none.
            Examples:
              kb link --unlinked dynamodb
              kb link --unlinked "Amazon S3" --apply
            """)

    @Flag(help: "List the mentions that are not links (the only mode for now).") var unlinked = false
    @Argument(help: "The note: a path, slug, title or alias.") var note: String
    @Flag(help: "Turn the mentions into links.") var apply = false
    @Flag(help: "Print JSON on stdout.") var json = false
    @OptionGroup var options: CorpusOptions

    func validate() throws {
        guard unlinked else { throw ValidationError("say what to list: kb link --unlinked NOTE") }
    }

    func run() throws {
        let base = try options.open()
        let target = try base.note(named: note)
        let finder = UnlinkedMentions(base: base)
        let mentions = try finder.find(for: target)
        if apply, !mentions.isEmpty {
            try MoveApplier(base: base).apply(try finder.plan(linking: mentions, to: target))
        }
        if json {
            try JSONOutput.print(mentions)
        } else {
            for mention in mentions { print("\(mention.path):\(mention.line):\(mention.column)  \(mention.context)") }
            if apply, !mentions.isEmpty { print("linked \(mentions.count) mention\(mentions.count == 1 ? "" : "s") of \(target.title)") }
        }
        if mentions.isEmpty { throw nothingFound("no unlinked mentions of \(target.title)") }
    }
}
