import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb bench-query QUERY`: how long a query takes inside one process, for `tools/bench`.
struct BenchQueryCommand: QueryCommand {
    enum Query: String, ExpressibleByArgument, CaseIterable { case search, define, related }

    static let configuration = CommandConfiguration(
        commandName: "bench-query",
        abstract: "Time a query inside one process: median and 99th percentile over many runs.",
        discussion: """
            Opens the index once, runs the query a few times to warm up, then --runs times, and \
            prints p50 and p99. A whole kb search adds process start and the freshness check on \
            top; tools/bench measures both.
            Examples:
              kb bench-query origin
              kb bench-query cdn --query define --runs 500 --json
              kb bench-query valodene --server
            """,
        shouldDisplay: false
    )

    @Argument(help: "The search text, term or note.")
    var text: [String] = []

    @Option(help: "What to time: search, define or related.")
    var query: Query = .search

    @Option(help: "Timed runs after the warm-up.")
    var runs = 200

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Flag(help: "Time it as kb mcp, kb lsp and the REPL run it (large page cache, two connections).")
    var server = false

    @OptionGroup var options: CorpusOptions

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be a positive number") }
        guard !text.isEmpty else { throw ValidationError("give a query, e.g. kb bench-query origin") }
    }

    func execute(on base: KnowledgeBase) throws {
        if server { base.answersManyQueries = true }
        let joined = text.joined(separator: " ")
        let run: () throws -> Int = switch query {
        case .search: { try base.search.search(joined).hits.count }
        case .define: { try base.glossary.define(joined).definitions.count }
        case .related: { try base.relatedScorer.related(to: try base.note(named: joined), limit: 10).count }
        }
        var hits = 0
        for _ in 0..<5 { hits = try run() }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try run()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let p50 = times[times.count / 2], p99 = times[min(times.count - 1, times.count * 99 / 100)]
        if json {
            try JSONOutput.print(["p50_ms": p50, "p99_ms": p99, "runs": Double(runs), "hits": Double(hits)])
        } else {
            let ms = { String(format: "%.3f ms", $0) }
            print("\(query.rawValue) '\(joined)': p50 \(ms(p50)), p99 \(ms(p99)) over \(runs) runs (\(hits) hits)")
        }
    }
}
