import Foundation
import GRDB

/// One search result.
public struct SearchHit: Sendable, Codable, Equatable {
    enum CodingKeys: String, CodingKey { case kind, path, title, section, score, snippet, line, highlights }

    /// What in the note matched best.
    public var kind: SearchEngine.Kind
    /// The note's path from the corpus root.
    public var path: String
    /// The note's title.
    public var title: String
    /// The heading, term or question label the match sits in.
    public var section: String?
    /// The rank: higher is better; comparable only within one search.
    public var score: Double
    /// A short excerpt as plain text: no Markdown markup, no highlight markers.
    public var snippet: String
    /// The line of the note's file the best match is on (1-based), when the file was read.
    public var line: Int? = nil
    /// The matched words in `snippet`, as `[start, end)` offsets in Unicode scalars.
    public var highlights: [[Int]] = []
}

/// What one search found.
public struct SearchResult: Sendable {
    /// The hits, best first.
    public var hits: [SearchHit]
    /// Spelling corrections worth trying when nothing (or little) matched.
    public var suggestions: [String]
    /// Only the start of the query was searched (`QueryText.isShortened`).
    public var queryShortened = false
}

/// Field-weighted BM25 over notes: all words first, then any word with a bonus for covering
/// more of the query; exact titles and terms lifted; versions and translations of one page
/// collapsed into the preferred one.
public struct SearchEngine: Sendable {
    /// What a hit is: the note as a whole, one of its sections, a glossary term or a quiz
    /// question. The raw value is what `--json` prints and `kind:` in a query names.
    public enum Kind: String, Sendable, Codable, CaseIterable { case note, section, term, question }

    /// Column weights of `noteSearch`: title, aliases, tags, terms, headings, body, summary.
    static let weights = "10.0, 6.0, 3.0, 5.0, 3.0, 1.0, 5.0"

    /// How much a candidate whose title and summary hold every word of a query of several
    /// words gains, as a share of the best candidate's score (`liftSummaries`). The gain grows
    /// with the cube of the share held, so a summary holding one word of three barely moves:
    /// on the task questions of `tools/eval/tasks-hugo.tsv` this lifts the page that does the
    /// task without costing any kind of query in `tools/eval/queries.tsv`.
    static let summaryLift = 1.0

    let database: DatabaseQueue
    /// The language whose copy of a translated page a result shows (nil: the unmarked one).
    public var language: String?
    /// Take a candidate's coverage of the query from its rank where ranking reported it; off,
    /// it is always found by querying each unit (the reference the fast path is tested against).
    var readsCoverageFromRank = true
    /// Ranks a large match on a second connection too; nil ranks on `database` alone.
    let split: SplitRanking?

    package init(database: DatabaseQueue, language: String? = nil) {
        self.init(database: database, language: language, split: nil)
    }

    init(database: DatabaseQueue, language: String?, split: SplitRanking?) {
        self.database = database
        self.language = language
        self.split = split
    }

    /// - Parameter text: the query, in the syntax `SearchSyntax` reads; text it cannot read
    ///   throws `KBError.invalidArgument` with the reason.
    /// - Parameter prefixLastWord: match the last word as a prefix, for search as you type.
    public func search(_ text: String, kind: Kind? = nil, tag: String? = nil, limit: Int = 10,
                       prefixLastWord: Bool = false) throws -> SearchResult {
        let clipped = text.count > QueryText.maximumLength ? String(text.prefix(QueryText.maximumLength)) : text
        var syntax: SearchSyntax
        do { syntax = try SearchSyntax.parse(clipped) } catch { throw KBError.invalidArgument("cannot read the query: \(error.description)") }
        if !syntax.fields.isEmpty { syntax = try database.read { try Self.resolveFields(syntax, db: $0) } }
        let typed = QueryText(syntax: syntax, shortened: clipped.count < text.count, prefixLastWord: prefixLastWord)
        var filter = SearchFilter(tags: syntax.tags, paths: syntax.paths, fields: syntax.fields.map { ($0.key, $0.value) })
        if let tag { filter.tags.append(TextNormalizer.key(tag)) }
        var kinds = Set(syntax.kinds)
        if let kind { kinds = kinds.isEmpty ? [kind] : kinds.intersection([kind]) }
        let limit = ResultLimit.clamp(limit)
        let nothing = SearchResult(hits: [], suggestions: [], queryShortened: typed.isShortened)
        guard limit > 0, syntax.kinds.isEmpty || kind == nil || !kinds.isEmpty else { return nothing }
        guard !typed.isEmpty else {
            guard !filter.isEmpty, kinds.isEmpty || kinds.contains(.note) else { return nothing }
            return SearchResult(hits: try database.read { try list(filter, limit: limit, db: $0) }, suggestions: [])
        }
        // Exact titles are lifted for plain text only: with operators the text is no name.
        let nameText = syntax.isPlain ? clipped : typed.words.joined(separator: " ")
        return try database.read { db in
            var query = typed
            var completions: [String] = []
            if let unfinished = typed.unfinishedWord {
                completions = try Self.completions(of: unfinished, db: db)
                if !completions.isEmpty {
                    query = QueryText(syntax: syntax, shortened: typed.isShortened, prefixLastWord: true, completions: completions)
                }
            }
            if kinds == [.term] {
                let hits = try TermSearch(db: db).search(query, filter: filter, limit: limit)
                return SearchResult(hits: hits, suggestions: hits.isEmpty ? try Suggester(db: db).suggest(query.words) : [],
                                    queryShortened: query.isShortened)
            }
            let ranked = try rank(query, text: nameText, filter: filter, limit: limit, db: db)
            var hits: [SearchHit] = []
            let narrowing = try query.unfinishedWord.flatMap { word in
                completions.isEmpty ? nil : try PrefixNarrowing(db: db, syntax: syntax, query: query, typedWord: word,
                                                                completions: completions, candidates: ranked)
            }
            for candidate in ranked {
                let (described, shown) = narrowing?.narrowed(candidate) ?? (query, candidate)
                let hit = try HitDescriber(db: db, query: described).describe(shown)
                if kinds.isEmpty || kinds.contains(hit.kind) { hits.append(hit) }
                if hits.count == limit { break }
            }
            let suggestions = hits.count < min(limit, 3) ? try Suggester(db: db).suggest(query.words) : []
            return SearchResult(hits: hits, suggestions: suggestions, queryShortened: query.isShortened)
        }
    }

    /// `key:value` filters on front matter only for keys some note has; others (`https://…`,
    /// `10:30`) are searched as the words they are.
    static func resolveFields(_ syntax: SearchSyntax, db: Database) throws -> SearchSyntax {
        var resolved = syntax
        resolved.fields = []
        for field in syntax.fields {
            let known = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM note WHERE json_type(frontMatter, '$."' || ? || '"') IS NOT NULL)
                """, arguments: [field.key]) ?? false
            if known { resolved.fields.append(field) } else { resolved.clauses += field.asWords.map { [$0] } }
        }
        return resolved
    }

    /// Notes a query of filters alone (`tag:aws`) selects, by path.
    private func list(_ filter: SearchFilter, limit: Int, db: Database) throws -> [SearchHit] {
        let (conditions, arguments) = filter.sql()
        var all = arguments
        _ = all.append(contentsOf: [limit])
        return try Row.fetchAll(db, sql: "SELECT path, title FROM note WHERE 1\(conditions) ORDER BY path LIMIT ?", arguments: all).map {
            SearchHit(kind: .note, path: $0["path"], title: $0["title"], section: nil, score: 0, snippet: "")
        }
    }

    /// How many whole words an unfinished last word is searched as.
    static let completionCount = 12

    /// The most frequent words of titles, terms and headings that start with `prefix`. An
    /// FTS5 prefix query instead expands the prefix again for every hit it describes, and
    /// `the*` with a limit of 1,000 would take seconds.
    static func completions(of prefix: String, db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT term FROM nameVocabulary WHERE term >= ? AND term < ? ORDER BY doc DESC, term LIMIT ?
            """), arguments: [prefix, prefix + "\u{10FFFF}", completionCount])
    }

    struct Candidate {
        var id: Int64
        var path: String
        var title: String
        var score: Double
        /// The FTS5 query that found it.
        var pattern: String
        /// Which phrases of `pattern` it holds, in its title and summary and at all, when
        /// ranking said.
        var phrases: CoveringRank? = nil
    }

    /// Candidates ranked for any limit up to this one are the same, so `--limit k` shows the
    /// first k of what `--limit 100` shows; a larger limit only widens the pool.
    static let stablePool = 200
    /// When fewer notes than this hold every word, notes holding some of them are added. A fixed
    /// number, not the limit: the limit must only cut the ranked list, never change it.
    static let enoughMatchingAll = 10

    static func poolSize(forLimit limit: Int) -> Int {
        limit > stablePool / 2 ? min(limit, ResultLimit.maximum) * 2 : stablePool
    }

    private func rank(_ query: QueryText, text: String, filter: SearchFilter, limit: Int, db: Database) throws -> [Candidate] {
        let poolSize = Self.poolSize(forLimit: limit)
        guard let all = query.all else { return [] }
        // Only a query of several units has its title and summary coverage measured.
        let reportPhrases = query.unitCount > 1
        var candidates = try fetch(all, filter: filter, limit: poolSize, reportPhrases: reportPhrases, db: db)
        if candidates.count < Self.enoughMatchingAll, query.unitCount > 1, let any = query.any {
            let known = Set(candidates.map(\.id))
            var extra = try fetch(any, filter: filter, limit: poolSize, reportPhrases: reportPhrases, db: db).filter { !known.contains($0.id) }
            let coverage = try self.coverage(of: extra, query: query, inTitleAndSummary: false, db: db)
            for index in extra.indices {
                let share = coverage[extra[index].id, default: 0]
                extra[index].score *= share * share * 0.9
            }
            candidates += extra
        }
        try liftSummaries(&candidates, query: query, db: db)
        try boostExactNames(&candidates, text: text, db: db)
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.path < $1.path) }
        return VariantCollapser.collapse(candidates, requested: VariantCollapser.requestedVersion(in: rawWords(text)),
                                         language: language)
    }

    /// The query's words with dots kept, so `1.x` and `v1.4` survive as version numbers.
    private func rawWords(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == ".") })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
    }

    private func fetch(_ pattern: String, filter: SearchFilter, limit: Int, reportPhrases: Bool, db: Database) throws -> [Candidate] {
        if filter.isEmpty, let ranked = try fetchUnfiltered(pattern, limit: limit, reportPhrases: reportPhrases, db: db) { return ranked }
        let (conditions, filterArguments) = filter.sql()
        var sql = """
            SELECT note.id, note.path, note.title, \(IndexDatabase.noteRank)(noteSearch, \(Self.weights)) AS rank
            FROM noteSearch JOIN note ON note.id = noteSearch.rowid WHERE noteSearch MATCH ?
            """ + conditions
        var arguments: StatementArguments = [pattern]
        _ = arguments.append(contentsOf: filterArguments)
        sql += " ORDER BY rank, note.path LIMIT ?"
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
            Candidate(id: $0["id"], path: $0["path"], title: $0["title"], score: -($0["rank"] as Double), pattern: pattern)
        }
    }

    /// The same candidates as the joined query in `fetch`, for a search with no filter: ranked
    /// on the full-text table alone, and only the best looked up in `note`. A word found in
    /// nearly every note is scored for each of them, and joining every match to `note` before
    /// ranking was a fifth of that work. Nil when the last candidate's score is tied beyond
    /// the rows read, where only the joined query's order by path settles which notes are in.
    private func fetchUnfiltered(_ pattern: String, limit: Int, reportPhrases: Bool, db: Database) throws -> [Candidate]? {
        let spare = 20
        // With `reportPhrases`, ranked with the phrases each row holds (in its title and summary,
        // and at all) for the coverage of a query of several units: a blob per row, which a
        // single word's search would not use.
        let rank = reportPhrases
            ? "\(IndexDatabase.coveringNoteRank)(noteSearch, \(CoveringRank.titleAndSummary), \(Self.weights))"
            : "\(IndexDatabase.noteRank)(noteSearch, \(Self.weights))"
        guard let ranked = try split?.ranked(pattern, rank: rank, limit: limit + spare, db: db)
                ?? RankedRow.fetchAll(db, sql: "SELECT rowid, \(rank) AS rank FROM noteSearch WHERE noteSearch MATCH ? ORDER BY rank LIMIT ?",
                                     arguments: [pattern, limit + spare]) else { return nil }
        if ranked.count == limit + spare, ranked[limit - 1].rank == ranked[limit + spare - 1].rank { return nil }
        let notes = try NoteLocator.names(of: ranked.map(\.id), db: db)
        let candidates = ranked.compactMap { item in
            notes[item.id].map { Candidate(id: item.id, path: $0.path, title: $0.title, score: -item.rank, pattern: pattern, phrases: item.phrases) }
        }
        let ordered = candidates.sorted { $0.score > $1.score || ($0.score == $1.score && $0.path < $1.path) }
        return Array(ordered.prefix(limit))
    }

    /// A question in plain words ("add a menu to my site") is best answered by the page that
    /// says it does the task, in its title or summary, rather than by the page repeating the
    /// words most: each candidate gains in proportion to the share of the query's words and
    /// phrases its title and summary hold.
    private func liftSummaries(_ candidates: inout [Candidate], query: QueryText, db: Database) throws {
        guard query.unitCount > 1, let best = candidates.map(\.score).max() else { return }
        let coverage = try self.coverage(of: candidates, query: query, inTitleAndSummary: true, db: db)
        for index in candidates.indices {
            let share = coverage[candidates[index].id, default: 0]
            candidates[index].score += best * Self.summaryLift * share * share * share
        }
    }

    /// Share of the query's units each candidate holds, anywhere or in its title or summary:
    /// read from its rank where ranking reported it (`CoveringRank`), else found by querying.
    private func coverage(of candidates: [Candidate], query: QueryText, inTitleAndSummary: Bool, db: Database) throws -> [Int64: Double] {
        let units = query.unitPhrases
        var shares: [Int64: Double] = [:]
        var unreported: [Int64] = []
        for candidate in candidates {
            // A phrase FTS5 dropped (one of no words) would shift the numbers: then ask FTS5.
            guard readsCoverageFromRank, let phrases = candidate.phrases, phrases.phraseCount == query.phraseCount else {
                unreported.append(candidate.id)
                continue
            }
            let held = units.filter { $0.contains { inTitleAndSummary ? phrases.holds(phrase: $0) : phrases.contains(phrase: $0) } }.count
            if held > 0 { shares[candidate.id] = Double(held) / Double(units.count) }
        }
        if !unreported.isEmpty {
            shares.merge(try coverageByQuery(of: unreported, query: query, columns: inTitleAndSummary ? "{title summary}" : nil, db: db)) { $1 }
        }
        return shares
    }

    /// Share of the query's units each note matches, in every column or in `columns` (an FTS5
    /// column filter such as `{title summary}`).
    private func coverageByQuery(of ids: [Int64], query: QueryText, columns: String?, db: Database) throws -> [Int64: Double] {
        guard !ids.isEmpty else { return [:] }
        let list = ids.map(String.init).joined(separator: ",")
        var counts: [Int64: Int] = [:]
        let units = query.units
        // FTS5 turns `rowid IN (…)` into one seek of the unit's matches per id, which for a pool
        // of 200 took longer than ranking; `+rowid` keeps the list out of FTS5, so it reads the
        // unit's matches once and SQLite checks each against the list.
        let rowid = ids.count > 16 ? "+rowid" : "rowid"
        // A word typed twice is one unit read once and counted twice.
        var repeats: [String: Int] = [:]
        for unit in units { repeats[unit, default: 0] += 1 }
        for (unit, times) in repeats {
            let matched = try Int64.fetchAll(db, sql: "SELECT rowid FROM noteSearch WHERE noteSearch MATCH ? AND \(rowid) IN (\(list))",
                                             arguments: [columns.map { "\($0) : (\(unit))" } ?? unit])
            for id in matched { counts[id, default: 0] += times }
        }
        return counts.mapValues { Double($0) / Double(units.count) }
    }

    /// A query that is exactly a note's title or alias, or a term's name, lifts that note.
    private func boostExactNames(_ candidates: inout [Candidate], text: String, db: Database) throws {
        let key = TextNormalizer.key(text.replacingOccurrences(of: "\"", with: " "))
        guard !key.isEmpty, !candidates.isEmpty else { return }
        let titled = Set(try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT noteId FROM noteName WHERE key = ? AND kind IN \([NoteDirectory.NameKind.title, .alias, .keyword, .slug].sqlList)
            """), arguments: [key]))
        let termed = Set(try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT noteId FROM term WHERE key = ?
            UNION SELECT term.noteId FROM termAlias JOIN term ON term.id = termAlias.termId WHERE termAlias.key = ?
            """), arguments: [key, key]))
        let best = candidates.map(\.score).max() ?? 1
        for index in candidates.indices {
            if titled.contains(candidates[index].id) { candidates[index].score += best * 2 }
            if termed.contains(candidates[index].id) { candidates[index].score += best * 0.75 }
        }
    }
}
