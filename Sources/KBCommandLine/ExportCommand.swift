import ArgumentParser
import Foundation
import KnowledgeBase
import KnowledgeBaseStudy

extension ExportFormat: ExpressibleByArgument {}
extension EdgeSelection: ExpressibleByArgument {}

/// `kb export`: the link graph in a format other tools read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the knowledge graph (json, dot, graphml, gexf, mermaid, csv, svg), or the study cards for Anki.",
        discussion: """
            json is networkx's node-link form; graphml and gexf open in Gephi, yEd and networkx; dot and \
            svg go through Graphviz; mermaid pastes into Markdown; csv is an edge list.
            Examples:
              kb export --format dot -o graph.dot
              kb export --format gexf --include terms,tags -o graph.gexf
              kb export --format svg --from cloudfront --depth 1 -o cloudfront.svg
              kb export --format svg --edges links -o links.svg
              kb export --format anki -o deck.apkg --with-history
            SVG is drawn by Graphviz: dot's layered layout for small graphs, sfdp's force-directed one \
            (overlaps removed) above 60 nodes or 150 edges.
            anki writes an .apkg of the notes' questions and glossary terms (--from NOTE: that note's only; \
            --tag: the tagged notes), one deck per note \
            (--decks tag: one per tag); re-importing a newer export updates the cards in Anki \
            instead of copying them. --with-history adds kb's review history and schedule.
            """
    )

    @Option(help: "json, dot, graphml, gexf, mermaid, csv, svg or anki.")
    var format: ExportTarget = .graph(.json)

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of stdout.")
    var output: String?

    @Option(help: "Only notes with this tag.")
    var tag: String?

    @Option(help: "Only notes within --depth links of this note.")
    var from: String?

    @Option(help: "How many links away from --from to go.")
    var depth = 1

    @Option(help: "Also export: terms, tags, broken (comma-separated).")
    var include: String = ""

    @Option(help: "Which edges between notes: links, mentions or all.")
    var edges: EdgeSelection = .all

    @Option(help: "Seconds Graphviz may take to lay out an SVG drawing.")
    var timeLimit: Double = 60

    func validate() throws {
        guard depth >= 0 else { throw ValidationError("--depth must be 0 or more") }
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    @Flag(help: "With --format anki: include the review history and schedule from kb quiz.")
    var withHistory = false

    @Option(help: "With --format anki: one deck per note (note) or per tag (tag).")
    var decks: AnkiDeckGrouping = .note

    @OptionGroup var study: ReviewOptions
    @OptionGroup var options: CorpusOptions

    func run() throws {
        guard case .graph(let format) = format else { return try exportAnki() }
        let extras = Set(include.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let unknown = extras.subtracting(["terms", "tags", "broken"])
        guard unknown.isEmpty else {
            throw ValidationError("--include takes terms, tags and broken; not \(unknown.sorted().joined(separator: ", "))")
        }
        let base = try options.open()
        let scope = GraphScope(tag: tag, from: try from.map { try base.note(named: $0) }, depth: depth,
                               includeTerms: extras.contains("terms"), includeTags: extras.contains("tags"),
                               includeBroken: extras.contains("broken"), edges: edges)
        let graph = try base.snapshots.build(scope)
        let text: String
        do {
            text = try GraphExporter.render(graph, as: format, timeLimit: timeLimit)
        } catch let error as ExportError {
            throw KBError.invalidArgument(error.description)
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            Terminal.note("wrote \(graph.nodes.count) nodes and \(graph.edges.count) edges to \(output)")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
        if graph.nodes.isEmpty { throw ExitCode(1) }
    }
}

/// What `--format` names: one of the graph formats, or the Anki package of the study cards.
enum ExportTarget: ExpressibleByArgument, Equatable {
    case graph(ExportFormat)
    case anki

    init?(argument: String) {
        if argument.lowercased() == "anki" { self = .anki; return }
        guard let format = ExportFormat(rawValue: argument.lowercased()) else { return nil }
        self = .graph(format)
    }

    static var allValueStrings: [String] { ExportFormat.allCases.map(\.rawValue) + ["anki"] }
}
