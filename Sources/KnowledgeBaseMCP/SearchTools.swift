import Foundation
import KnowledgeBase
import MCP

/// The tools that find things by their words: search, define, related and read_note.
extension ToolCatalog {
    static let search = ToolSpec(
        name: "search", title: "Search notes",
        description: """
            Full-text search over the notes, their sections, glossary terms and quiz questions, best first. \
            Results with every word come first. Query syntax: words (all of them), "a phrase", a OR b, \
            -word or NOT word (leave out), orig* (prefix), tag:aws, path:aws/cloudfront, title:origin, \
            kind:term, field:value for front matter. Each result has its path, kb:// uri, title, section, \
            snippet and line. Use read_note on a result's path for the whole note.
            """,
        parameters: [
            .init(name: "query", kind: .string, description: "What to look for, in the query syntax above.", required: true, example: "origin"),
            .init(name: "kind", kind: .string, description: "Only results of this kind.", example: "term", choices: SearchEngine.Kind.allCases.map(\.rawValue)),
            .init(name: "tag", kind: .string, description: "Only notes with this tag (or a tag under it, aws/s3 for aws).", example: "aws"),
            .limit(),
        ],
        answer: { arguments, base in
            let query = try arguments.required("query")
            let kind = try arguments.string("kind").map { name -> SearchEngine.Kind in
                guard let kind = SearchEngine.Kind(rawValue: name.lowercased()) else {
                    throw ToolFailure("kind must be one of \(SearchEngine.Kind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
                }
                return kind
            }
            var result = try base.search.search(query, kind: kind, tag: try arguments.string("tag"), limit: try arguments.limit())
            base.locateLines(of: &result.hits)
            return .object([
                "query": .string(query), "results": try ResultShape.value(result.hits),
                "suggestions": try ResultShape.value(result.suggestions), "queryShortened": .bool(result.queryShortened),
            ])
        })

    static let define = ToolSpec(
        name: "define", title: "Define a term",
        description: """
            Look a term up in the glossary the notes define (definition lists, bold-term paragraphs, \
            acronyms). Tries the exact term, then aliases and acronyms (cdn finds Content Delivery Network), \
            then a search over terms; when nothing matches, suggestions lists the closest terms. Each \
            definition has the note's path and uri, the parent term and sub-terms.
            """,
        parameters: [
            .init(name: "term", kind: .string, description: "The term, an alias or an acronym.", required: true, example: "cdn"),
            .limit(),
        ],
        answer: { arguments, base in
            let term = try arguments.required("term")
            let result = try base.glossary.define(term, limit: try arguments.limit())
            return .object([
                "term": .string(term), "match": .string(result.match.rawValue),
                "definitions": try ResultShape.value(result.definitions), "suggestions": try ResultShape.value(result.suggestions),
            ])
        })

    static let related = ToolSpec(
        name: "related", title: "Related notes",
        description: """
            The notes most related to one note, best first, each with its score, the points each signal \
            gave (signals) and an explanation of every signal: links out and in, shared tags (rarer count \
            more), co-citation, bibliographic coupling, mentions of each other's names, and appearing \
            together in quiz questions.
            """,
        parameters: [.note("The note to find related notes for"), .limit()],
        answer: { arguments, base in
            let note = try NoteNames.find(try arguments.required("note"), in: base)
            let related = try base.relatedScorer.related(to: note, limit: try arguments.limit())
            let explained: [Value] = try related.map { item in
                guard case .object(var fields) = try ResultShape.value(item) else { return .null }
                fields["explanation"] = .array(RelatedExplanation.explain(item))
                return .object(fields)
            }
            return .object(["note": ResultShape.note(path: note.path, title: note.title), "related": .array(explained)])
        })

    static let readNote = ToolSpec(
        name: "read_note", title: "Read a note",
        description: """
            Everything kb knows about one note: front matter (title, description, tags, aliases, date), \
            its sections with their text, the terms it defines, its links out (with where each resolved) \
            and in, its quiz questions, facts and parse warnings. Pass section to get only that section \
            (by heading or anchor).
            """,
        parameters: [
            .note("The note to read"),
            .init(name: "section", kind: .string, description: "Only this section: its heading or anchor.", example: "Origins"),
        ],
        answer: { arguments, base in
            let note = try NoteNames.find(try arguments.required("note"), in: base)
            var card = try base.card(of: note)
            if let wanted = try arguments.string("section") {
                let key = wanted.trimmingCharacters(in: .whitespaces).lowercased()
                let matching = card.note.sections.filter { $0.heading.lowercased() == key || $0.anchor.lowercased() == key }
                guard !matching.isEmpty else {
                    let headings = card.note.sections.map(\.heading).filter { !$0.isEmpty }
                    throw ToolFailure("\(note.path) has no section '\(wanted)'; its sections are: \(headings.joined(separator: "; "))")
                }
                card.note.sections = matching
            }
            return try ResultShape.value(card)
        })
}

/// What each `related` signal means, with its share of the score.
enum RelatedExplanation {
    static let meanings: [RelatedNote.Signal: String] = [
        .linksOut: "the note links to this one",
        .linksIn: "this one links to the note",
        .sharedTags: "they share tags (rarer tags count more)",
        .coCitation: "other notes link to both",
        .coupling: "both link to the same notes",
        .mentions: "one names the other in its text",
        .quiz: "they appear together in quiz questions",
    ]

    static func explain(_ note: RelatedNote) -> [Value] {
        note.signalShares.map { share in
            .object([
                "signal": .string(share.signal.rawValue), "points": .double(share.points), "share": .int(share.percent),
                "meaning": .string(meanings[share.signal] ?? share.signal.rawValue),
            ])
        }
    }
}
