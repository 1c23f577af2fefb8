import Foundation
import KnowledgeBase
import MCP

/// The tools that walk the link graph and report on the whole corpus.
extension ToolCatalog {
    static let links = ToolSpec(
        name: "links", title: "Links out of a note",
        description: "Where a note's links go, in the order they appear: each with its label, target, kind (internal, wiki, embed, external, image), the section it is in, and how it resolved (resolved, broken, ambiguous with candidates, external), with the target note's path and uri when it is one.",
        parameters: [.note("The note whose links to list"), .limit(50)],
        answer: { arguments, base in
            let note = try NoteNames.find(try arguments.required("note"), in: base)
            let links = Array(try base.graph.links(from: note).prefix(try arguments.limit(fallback: 50)))
            return .object(["note": ResultShape.note(path: note.path, title: note.title), "links": try ResultShape.value(links)])
        })

    static let backlinks = ToolSpec(
        name: "backlinks", title: "Links into a note",
        description: "The links in other notes that point to this note: each with the linking note's path (source) and uri (sourceUri), the label and the section the link is in.",
        parameters: [.note("The note whose backlinks to list"), .limit(50)],
        answer: { arguments, base in
            let note = try NoteNames.find(try arguments.required("note"), in: base)
            let links = Array(try base.graph.backlinks(to: note).prefix(try arguments.limit(fallback: 50)))
            return .object(["note": ResultShape.note(path: note.path, title: note.title), "backlinks": try ResultShape.value(links)])
        })

    static let path = ToolSpec(
        name: "path", title: "Chain of links between two notes",
        description: "The shortest chain of links from one note to another, following links forwards, else in either direction. found is false when no chain joins them.",
        parameters: [
            .init(name: "from", kind: .string, description: "The first note: a path, title or alias.", required: true, example: "aws/s3"),
            .init(name: "to", kind: .string, description: "The last note: a path, title or alias.", required: true, example: "aws/appsync"),
        ],
        answer: { arguments, base in
            let from = try NoteNames.find(try arguments.required("from"), in: base)
            let to = try NoteNames.find(try arguments.required("to"), in: base)
            let chain = try base.graph.path(from: from, to: to)
            return .object([
                "from": ResultShape.note(path: from.path, title: from.title), "to": ResultShape.note(path: to.path, title: to.title),
                "found": .bool(chain != nil), "notes": .array((chain ?? []).map { ResultShape.note(path: $0.path, title: $0.title) }),
            ])
        })

    static let neighbours = ToolSpec(
        name: "neighbours", title: "Notes near a note",
        description: "The notes within depth links of a note, following links either way, nearest first; each with its distance in links.",
        parameters: [
            .note("The note at the centre"),
            .init(name: "depth", kind: .integer, description: "How many links away at most (default 1, at most \(maximumDepth)).",
                  example: "2", minimum: 1, maximum: maximumDepth, fallback: 1),
            .limit(50),
        ],
        answer: { arguments, base in
            let note = try NoteNames.find(try arguments.required("note"), in: base)
            let depth = min(try arguments.integer("depth", fallback: 1), maximumDepth)
            let found = try base.graph.neighbours(of: note, depth: depth, limit: try arguments.limit(fallback: 50))
            return .object([
                "note": ResultShape.note(path: note.path, title: note.title), "depth": .int(depth), "neighbours": try ResultShape.value(found),
            ])
        })

    /// The deepest `neighbours` walk; beyond a few links it is most of the corpus anyway.
    static let maximumDepth = 10

    static let tags = ToolSpec(
        name: "tags", title: "Tags",
        description: "Without tag: every tag with how many notes carry it, most used first. With tag: the notes carrying that tag (or a tag under it), by path.",
        parameters: [
            .init(name: "tag", kind: .string, description: "List the notes with this tag (case does not matter).", example: "aws"),
            .limit(100),
        ],
        answer: { arguments, base in
            let limit = try arguments.limit(fallback: 100)
            if let tag = try arguments.string("tag") {
                let notes = try base.graph.notes(taggedWith: tag).prefix(limit)
                return .object(["tag": .string(tag), "notes": .array(notes.map { ResultShape.note(path: $0.path, title: $0.title) })])
            }
            return .object(["tags": try ResultShape.value(Array(try base.graph.tags().prefix(limit)))])
        })

    static let questions = ToolSpec(
        name: "questions", title: "Quiz questions",
        description: "The quiz questions of one note, or of every note when note is left out: each with its label, stem, options and which options are correct.",
        parameters: [.note("Only this note's questions", required: false), .limit(50)],
        answer: { arguments, base in
            let note = try arguments.string("note").map { try NoteNames.find($0, in: base) }
            let entries = try base.questions(of: note, limit: try arguments.limit(fallback: 50))
            return .object(["questions": try ResultShape.value(entries)])
        })

    static let check = ToolSpec(
        name: "check", title: "Check the notes",
        description: "Problems in the corpus: broken and ambiguous links, anchors that name no heading, orphan notes nobody links to and that link nowhere, parse warnings, and hints. problems is true when a link is broken or ambiguous.",
        parameters: [.limit(100)],
        answer: { arguments, base in
            let limit = try arguments.limit(fallback: 100)
            var report = try base.checkReport()
            let counts: Value = .object([
                "broken": .int(report.broken.count), "ambiguous": .int(report.ambiguous.count), "brokenAnchors": .int(report.brokenAnchors.count),
                "orphans": .int(report.orphans.count), "warnings": .int(report.warnings.count),
            ])
            let problems = report.hasProblems
            let orphans = report.orphans.prefix(limit).map { path -> Value in .object(["path": .string(path), "uri": .string(NoteURI.note(path))]) }
            report.broken = Array(report.broken.prefix(limit))
            report.ambiguous = Array(report.ambiguous.prefix(limit))
            report.brokenAnchors = Array(report.brokenAnchors.prefix(limit))
            report.warnings = Array(report.warnings.prefix(limit))
            guard case .object(var fields) = try ResultShape.value(report) else { return .null }
            fields["orphans"] = .array(orphans)
            fields["counts"] = counts
            fields["problems"] = .bool(problems)
            return .object(fields)
        })

    static let stats = ToolSpec(
        name: "stats", title: "Index statistics",
        description: "How many notes, sections, terms, links (internal, external, broken, ambiguous), mentions, tags, questions, facts and warnings the index holds.",
        parameters: [],
        answer: { _, base in try ResultShape.value(try base.graph.stats()) })
}
