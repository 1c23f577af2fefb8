import Foundation
import GRDB

/// Says what in a matching note matched: its title (a note hit), one of its terms, a quiz
/// question, or a section, with a highlighted snippet.
struct HitDescriber {
    let db: Database
    let query: QueryText

    static let open = "\u{2}", close = "\u{3}"

    // The statements are cached: a search describes up to a page of hits, and preparing a
    // statement (GRDB runs its authorizer over it) costs more than running it.
    func describe(_ candidate: SearchEngine.Candidate) throws -> SearchHit {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT highlight(noteSearch, 0, char(2), char(3)) AS title,
                   highlight(noteSearch, 1, char(2), char(3)) AS aliases,
                   snippet(noteSearch, 5, char(2), char(3), '…', 14) AS body
            FROM noteSearch WHERE noteSearch MATCH ? AND rowid = ?
            """), arguments: [candidate.pattern, candidate.id])
        let titleHit = (row?["title"] as String?)?.contains(Self.open) == true
            || (row?["aliases"] as String?)?.contains(Self.open) == true
        let snippet = row?["body"] as String? ?? ""
        let plain = SnippetText.plain(snippet)
        var hit = SearchHit(kind: .note, path: candidate.path, title: candidate.title, section: nil,
                            score: candidate.score, snippet: plain.text, highlights: plain.highlights)
        if titleHit { return hit }
        if let term = try matchingTerm(candidate.id) {
            hit.kind = .term
            hit.section = term.name
            hit.snippet = SnippetText.stripMarkup(term.name + ": " + Self.shorten(term.definition))
            hit.highlights = [[0, SnippetText.stripMarkup(term.name).unicodeScalars.count]]
            return hit
        }
        if let section = try section(containing: snippet, noteId: candidate.id) {
            hit.kind = section.isQuestion ? .question : .section
            hit.section = section.heading
        }
        return hit
    }

    /// A term of the note whose name holds every query word, the shortest first. The pattern is
    /// matched only over the rowids of the note's own terms (a note's terms are written
    /// together, so their ids form a short range): matching it against every term of the
    /// corpus and then keeping this note's would cost as much as the corpus has matching terms,
    /// for every hit.
    private func matchingTerm(_ noteId: Int64) throws -> (name: String, definition: String)? {
        guard let pattern = query.allInName else { return nil }
        let terms = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, name, definition FROM term WHERE noteId = ? ORDER BY length(name), id
            """), arguments: [noteId])
        let ids = terms.map { $0["id"] as Int64 }
        guard let low = ids.min(), let high = ids.max() else { return nil }
        let matched = Set(try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT rowid FROM termSearch WHERE termSearch MATCH ? AND rowid BETWEEN ? AND ?
            """), arguments: [pattern, low, high]))
        return terms.first { matched.contains($0["id"]) }.map { ($0["name"], $0["definition"]) }
    }

    /// The section whose text holds the snippet's words: the snippet's longest line is found
    /// in the note's body, and sections know where in the body they start.
    private func section(containing snippet: String, noteId: Int64) throws -> (heading: String, isQuestion: Bool)? {
        let plain = String(String.UnicodeScalarView(snippet.unicodeScalars.filter { $0 != "\u{2}" && $0 != "\u{3}" }))
        guard let probe = plain.split(whereSeparator: { $0 == "…" }).max(by: { $0.count < $1.count })?
            .trimmingCharacters(in: .whitespacesAndNewlines), probe.count >= 3 else { return nil }
        let lines: [Substring] = probe.split(whereSeparator: \.isNewline)
        let firstLine = lines.max(by: { $0.count < $1.count }).map { String($0) } ?? probe
        // instr over BLOBs counts bytes, as the stored starts do.
        guard let found = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT instr(CAST(body AS BLOB), CAST(? AS BLOB)) FROM noteSearch WHERE rowid = ?
            """), arguments: [firstLine, noteId]), found > 0 else { return nil }
        let offset = found - 1
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT heading, start FROM section WHERE noteId = ? ORDER BY position"),
                                       arguments: [noteId])
        var inQuestions = false
        var containing: (heading: String, isQuestion: Bool)?
        while let row = try rows.next() {
            let heading: String = row[0]
            let start: Int = row[1]
            if start > offset { break }
            if Question.isQuestionsSection(heading) { inQuestions = true }
            if start >= 0 { containing = (heading, inQuestions || Question.isQuestionHeading(heading)) }
        }
        return containing
    }

    static func shorten(_ text: String, to limit: Int = 160) -> String {
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 }))
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }
}

/// Search restricted to glossary terms (`--kind term`).
struct TermSearch {
    let db: Database

    func search(_ query: QueryText, filter: SearchFilter, limit: Int) throws -> [SearchHit] {
        guard let pattern = query.termPattern else { return [] }
        let (conditions, filterArguments) = filter.sql()
        var sql = """
            SELECT term.name, term.definition, note.path, note.title, bm25(termSearch, 10.0, 5.0, 1.0) AS rank
            FROM termSearch JOIN term ON term.id = termSearch.rowid JOIN note ON note.id = term.noteId
            WHERE termSearch MATCH ?
            """ + conditions
        var arguments: StatementArguments = [pattern]
        _ = arguments.append(contentsOf: filterArguments)
        sql += " ORDER BY rank, note.path, term.id LIMIT ?"
        _ = arguments.append(contentsOf: [limit])
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            SearchHit(kind: .term, path: row["path"], title: row["title"], section: row["name"],
                      score: -(row["rank"] as Double),
                      snippet: SnippetText.stripMarkup((row["name"] as String) + ": " + HitDescriber.shorten(row["definition"])),
                      highlights: [[0, SnippetText.stripMarkup(row["name"]).unicodeScalars.count]])
        }
    }
}
