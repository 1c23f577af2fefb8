import ArgumentParser
import CInterrupt
import Foundation
import KnowledgeBase

extension SearchEngine.Kind: ExpressibleByArgument {}

/// `kb search QUERY`: ranked full-text search.
struct SearchCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search notes, sections, terms and questions.",
        discussion: """
            Results that contain every word come first, then those that contain most of them. \
            The query syntax:
              origin cache          both words
              "edge location"       the words together
              cache OR cdn          either word
              -cache, NOT cache     leave out notes with that word (or "phrase")
              orig*                 a word starting with orig
              tag:aws               tagged aws, or a tag under it (aws/s3)
              path:aws/cloudfront   notes whose path starts with this
              title:origin          the word (or "phrase") in the title
              kind:term             only results of a kind: note, section, term, question
              draft:false           a front-matter field with that value (or in its list)
            A query may start with -word; a misspelt --option is refused, so put text that starts \
            with -- after --. Syntax that means nothing (tag: with no tag, kind:page) exits 2; OR and NOT \
            out of place are words.
            Examples:
              kb search origin
              kb search "edge location" --kind term
              kb search cache --tag cloudfront --json
              kb search -cache origin tag:aws
              kb search --json -- -cache origin
            """
    )

    // allUnrecognized: `-word` (leave out word) is query syntax, not an unknown option.
    @Argument(parsing: .allUnrecognized, help: "What to look for, in the query syntax below.")
    var query: [String] = []

    @Option(help: "Only notes with this tag.")
    var tag: String?

    @Option(help: "Only results of this kind: note, section, term or question.")
    var kind: SearchEngine.Kind?

    @Flag(help: "Match the last word as a prefix (orig finds origin); the REPL always does.")
    var prefix = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    /// The query's words: those after `--` as typed, those before it except a misspelt option.
    func queryText() throws -> String {
        var words: [String] = []
        var afterTerminator = false
        for word in query {
            if word == "--" && !afterTerminator { afterTerminator = true; continue }
            if !afterTerminator, word.hasPrefix("--"), word.dropFirst(2).first?.isLetter == true, !word.contains(" ") {
                throw KBError.invalidArgument("unknown option \(word); to search for text starting with -, put it after --: kb search -- \(word)")
            }
            words.append(word)
        }
        return words.joined(separator: " ")
    }

    func answer(from base: KnowledgeBase) throws -> SearchResult {
        var result = try base.search(language: output.lang).search(try queryText(), kind: kind, tag: tag, limit: output.limit, prefixLastWord: prefix)
        base.locateLines(of: &result.hits)
        return result
    }

    func show(_ result: SearchResult) throws {
        let text = (try? queryText()) ?? query.joined(separator: " ")
        if result.queryShortened {
            Terminal.note("the query is long: only its first \(QueryText.maximumUnits) words (and \(QueryText.maximumLength) characters) were searched")
        }
        if output.json { try JSONOutput.print(result.hits) }
        if result.hits.isEmpty {
            let hint = result.suggestions.first.map { " Did you mean: \($0)?" } ?? ""
            throw nothingFound(text.trimmingCharacters(in: .whitespaces).isEmpty
                ? "nothing to search for: give some words, e.g. kb search origin"
                : "no results for \(Terminal.quoted(text)).\(hint)")
        }
        if output.json { return }
        SearchRenderer.render(result.hits)
        if let suggestion = result.suggestions.first { Terminal.note("Did you mean: \(suggestion)?") }
    }
}

enum SearchRenderer {
    static func render(_ hits: [SearchHit]) {
        for (index, hit) in hits.enumerated() {
            // Ctrl-C in the REPL stops a long listing too, not only the query behind it.
            if kb_interrupt_pending() != 0 { return }
            let place = hit.section.map { " › \($0)" } ?? ""
            let location = hit.line.map { "\(hit.path):\($0)" } ?? hit.path
            print("\(index + 1). \(Terminal.bold(hit.title))\(place)  \(Terminal.dim("[\(hit.kind.rawValue)] \(location)"))")
            if !hit.snippet.isEmpty { print("   " + Terminal.highlight(hit.snippet, ranges: hit.highlights)) }
        }
    }
}

/// `kb define TERM`: the glossary.
struct DefineCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "define",
        abstract: "Show the definition of a term.",
        discussion: """
            Looks for the exact term, then an alias or acronym, then a search over terms, then suggests \
            the closest names.
            Examples:
              kb define "edge location"
              kb define cdn --json
            """
    )

    @Argument(help: "The term.")
    var term: [String] = []

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    /// Nil when no term was given.
    func answer(from base: KnowledgeBase) throws -> DefinitionResult? {
        let text = term.joined(separator: " ")
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try base.glossary(language: output.lang).define(text, limit: output.limit)
    }

    func show(_ result: DefinitionResult?) throws {
        let text = term.joined(separator: " ")
        guard let result else { throw KBError.invalidArgument("nothing to define: name a term, e.g. kb define cdn") }  // usage: exit 2
        if output.json { try JSONOutput.print(result.definitions) }
        if result.definitions.isEmpty {
            let hint = result.suggestions.isEmpty ? " Try kb search \(Terminal.quoted(text))." : " Did you mean: \(result.suggestions.joined(separator: ", "))?"
            throw nothingFound("no term \(Terminal.quoted(text)).\(hint)")
        }
        if output.json { return }
        DefinitionRenderer.render(result.definitions)
    }
}

/// How `define` prints definitions, shared by `kb define` and the REPL.
enum DefinitionRenderer {
    static func render(_ definitions: [Definition]) {
        for definition in definitions {
            print("\(Terminal.bold(definition.term))  \(Terminal.dim("\(definition.title) — \(definition.path)"))")
            for line in definition.definition.split(separator: "\n") { print("  \(line)") }
            if !definition.aliases.isEmpty { print(Terminal.dim("  also: \(definition.aliases.joined(separator: ", "))")) }
            if let parent = definition.parent { print(Terminal.dim("  part of: \(parent)")) }
            if !definition.children.isEmpty { print(Terminal.dim("  kinds: \(definition.children.joined(separator: ", "))")) }
        }
    }
}

/// `kb related NOTE`: notes that belong with this one.
struct RelatedCommand: AnsweringCommand {
    static let configuration = CommandConfiguration(
        commandName: "related",
        abstract: "List the notes most related to a note.",
        discussion: """
            Signals: links out and in, shared tags (rarer tags count more), co-citation, bibliographic \
            coupling, mentions of each other's names, and appearing together in quiz questions.
            Examples:
              kb related cloudfront
              kb related aws/dynamodb --explain
            """
    )

    @Argument(help: "The note: a path, slug, title or alias.")
    var note: String

    @Flag(help: "Show each signal's share of the score.")
    var explain = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: CorpusOptions

    func answer(from base: KnowledgeBase) throws -> (note: NoteRef, related: [RelatedNote]) {
        let ref = try base.note(named: note, language: output.lang)
        return (ref, try base.relatedScorer.related(to: ref, limit: output.limit))
    }

    func show(_ answer: (note: NoteRef, related: [RelatedNote])) throws {
        let (ref, related) = answer
        if output.json { try JSONOutput.print(related) }
        if related.isEmpty { throw nothingFound("nothing is related to \(ref.path) yet: it has no links, shared tags or mentions") }
        if output.json { return }
        RelatedRenderer.render(related, explain: explain)
    }
}

/// How `related` prints its ranking, shared by `kb related` and the REPL.
enum RelatedRenderer {
    /// - Parameter explain: also print each signal's share of the score.
    static func render(_ related: [RelatedNote], explain: Bool) {
        for (index, item) in related.enumerated() {
            print("\(index + 1). \(Terminal.bold(item.title))  \(Terminal.dim(item.path))  score \(item.score)")
            if explain {
                let shares = item.signalShares.map { "\($0.signal.rawValue) \($0.percent)%" }
                print("   " + Terminal.dim(shares.joined(separator: ", ")))
            }
        }
    }
}
