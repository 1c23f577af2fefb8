import Foundation
import GRDB

/// Narrows a prefix search's pattern to the completions each hit holds, for describing it.
///
/// An unfinished word is searched as any of its most frequent completions, and describing a hit
/// (its snippet, its highlights, its matching term) runs the hit's pattern again, with every
/// completion in it. A hit holds only a few of them, so it is described with those alone: the
/// same snippet and highlights, since a completion the note lacks marks nothing, for a fraction
/// of the work at a large `--limit`.
struct PrefixNarrowing {
    private let syntax: SearchSyntax
    private let query: QueryText
    private let typedWord: String
    private let completions: [String]
    /// The candidates holding each completion.
    private var holders: [String: Set<Int64>] = [:]

    init(db: Database, syntax: SearchSyntax, query: QueryText, typedWord: String, completions: [String],
         candidates: [SearchEngine.Candidate]) throws {
        self.syntax = syntax
        self.query = query
        self.typedWord = typedWord
        self.completions = completions
        guard !candidates.isEmpty else { return }
        // One pass over each completion's doclist: a `rowid IN (…)` list would look every
        // candidate up in it again.
        let ids = Set(candidates.map(\.id))
        let statement = try db.cachedStatement(sql: "SELECT rowid FROM noteSearch WHERE noteSearch MATCH ?")
        for word in completions where word != typedWord {
            guard let phrase = FTS5Query.phrase([word]) else { continue }
            holders[word] = Set(try Int64.fetchAll(statement, arguments: [phrase]).filter(ids.contains))
        }
    }

    /// The query and candidate to describe `candidate` with: its pattern keeps the typed word
    /// and the completions the note holds.
    func narrowed(_ candidate: SearchEngine.Candidate) -> (QueryText, SearchEngine.Candidate) {
        let held = completions.filter { holders[$0]?.contains(candidate.id) == true }
        guard held.count < completions.filter({ $0 != typedWord }).count else { return (query, candidate) }
        let narrow = QueryText(syntax: syntax, shortened: query.isShortened, prefixLastWord: true,
                               completions: held.isEmpty ? [typedWord] : held)
        var described = candidate
        if candidate.pattern == query.all, let all = narrow.all {
            described.pattern = all
        } else if candidate.pattern == query.any, let any = narrow.any {
            described.pattern = any
        } else {
            return (query, candidate)
        }
        return (narrow, described)
    }
}
