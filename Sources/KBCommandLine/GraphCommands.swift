import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb links NOTE`: where a note's links go.
struct LinksCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "links", abstract: "List a note's links and how each resolved.",
        discussion: "Examples:\n  kb links cloudfront\n  kb links cloudfront --internal --json")

    @Argument(help: "The note: a path, slug, title or alias.")
    var note: String

    @Flag(name: .customLong("internal"), help: "Leave out external links.")
    var internalOnly = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> [LinkInfo] {
        Array(try base.graph.links(from: try base.note(named: note, language: output.lang), includeExternal: !internalOnly).prefix(output.limit))
    }

    func show(_ links: [LinkInfo]) throws {
        try LinkListRenderer.render(links, json: output.json, showSource: false)
        if links.isEmpty { throw nothingFound("no links") }
    }
}

/// `kb backlinks NOTE`: which notes link here.
struct BacklinksCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlinks", abstract: "List the notes that link to a note.",
        discussion: "Example: kb backlinks dynamodb")

    @Argument(help: "The note: a path, slug, title or alias.")
    var note: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> [LinkInfo] {
        Array(try base.graph.backlinks(to: try base.note(named: note, language: output.lang)).prefix(output.limit))
    }

    func show(_ links: [LinkInfo]) throws {
        try LinkListRenderer.render(links, json: output.json, showSource: true)
        if links.isEmpty { throw nothingFound("no backlinks") }
    }
}

enum LinkListRenderer {
    static func render(_ links: [LinkInfo], json: Bool, showSource: Bool) throws {
        if json { return try JSONOutput.print(links) }
        for link in links {
            let end = showSource ? link.source : (link.targetPath ?? link.target)
            let how = Terminal.dim("[\(link.resolution.rawValue)]")
            print("\(showSource ? "←" : "→") \(link.label.isEmpty ? link.target : link.label)  \(end)  \(how)")
        }
    }
}

/// `kb path A B`: the shortest chain of links between two notes.
struct PathCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Show the shortest chain of links from one note to another.",
        discussion: "Example: kb path s3 appsync")

    @Argument(help: "The first note.") var from: String
    @Argument(help: "The second note.") var to: String
    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> [NoteRef]? {
        try base.graph.path(from: try base.note(named: from, language: output.lang),
                            to: try base.note(named: to, language: output.lang))
    }

    func show(_ path: [NoteRef]?) throws {
        if output.json { try JSONOutput.print(path ?? []) }
        guard let path else { throw nothingFound("no chain of links joins \(from) and \(to)") }
        if !output.json { print(path.map(\.title).joined(separator: " → ")) }
    }
}

/// `kb tags [TAG]`: the tags, or the notes with one tag.
struct TagsCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags", abstract: "List tags with their note counts, or the notes carrying TAG.",
        discussion: "Examples:\n  kb tags\n  kb tags serverless --json")

    @Argument(help: "A tag (case does not matter).") var tag: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    /// The notes with `tag` when one is given, else the tags.
    enum Answer {
        case notes(tag: String, [NoteRef])
        case tags([TagCount])
    }

    func answer(from base: KnowledgeBase) throws -> Answer {
        if let tag { return .notes(tag: tag, try base.graph.notes(taggedWith: tag)) }
        return .tags(Array(try base.graph.tags().prefix(output.limit)))
    }

    func show(_ answer: Answer) throws {
        switch answer {
        case .notes(let tag, let notes):
            if output.json { try JSONOutput.print(notes.map { ["path": $0.path, "title": $0.title] }) }
            if notes.isEmpty { throw nothingFound("no note is tagged \(Terminal.quoted(tag)): see kb tags") }
            if !output.json { for note in notes { print("\(Terminal.bold(note.title))  \(Terminal.dim(note.path))") } }
        case .tags(let tags):
            if output.json { try JSONOutput.print(tags) }
            if tags.isEmpty { throw nothingFound("no tags") }
            if !output.json { for tag in tags { print("\(tag.tag)  \(Terminal.dim(String(tag.notes)))") } }
        }
    }
}

/// `kb check`: broken and ambiguous links, orphans and parse warnings.
struct CheckCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Report broken and ambiguous links, orphan notes and parse warnings.",
        discussion: "Exits 1 when it finds a broken or ambiguous link.\nExample: kb check --json")

    @Flag(help: "Print JSON on stdout.") var json = false
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> CheckReport { try base.checkReport() }

    func show(_ report: CheckReport) throws {
        if json {
            try JSONOutput.print(report)
        } else {
            for link in report.broken { print("broken     \(link.source): \(link.target)  (\(link.label))") }
            for link in report.ambiguous {
                print("ambiguous  \(link.source): \(link.target) could be \((link.candidates ?? []).joined(separator: ", "))")
            }
            for link in report.brokenAnchors { print("anchor     \(link.source): \(link.target)  (no such heading or block)") }
            for orphan in report.orphans { print("orphan     \(orphan)") }
            for warning in report.warnings { print("warning    \(warning)") }
            for hint in report.hints { print("hint       \(hint)") }
            print("\(report.broken.count) broken, \(report.ambiguous.count) ambiguous, \(report.brokenAnchors.count) broken anchors, \(report.orphans.count) orphans, \(report.warnings.count) warnings")
        }
        if report.hasProblems { throw ExitCode(1) }
    }
}

/// `kb stats`: counts of what the index holds.
struct StatsCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Count notes, sections, terms, links, mentions, tags and questions.",
        discussion: "Example: kb stats --json")

    @Flag(help: "Print JSON on stdout.") var json = false
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> IndexStats { try base.graph.stats() }

    func show(_ stats: IndexStats) throws {
        if json { return try JSONOutput.print(stats) }
        let rows: [(String, Int)] = [
            ("notes", stats.notes), ("sections", stats.sections), ("terms", stats.terms), ("links", stats.links),
            ("internal links", stats.internalLinks), ("external links", stats.externalLinks), ("broken links", stats.brokenLinks),
            ("ambiguous links", stats.ambiguousLinks), ("mentions", stats.mentions), ("tags", stats.tags),
            ("questions", stats.questions), ("facts", stats.facts), ("warnings", stats.warnings),
        ]
        for (name, value) in rows { print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(value)) }
    }
}
