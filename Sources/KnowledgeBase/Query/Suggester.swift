import GRDB

/// "Did you mean": for each query word that is rare or absent in the corpus (missing from the
/// vocabulary of titles, terms and headings, and in fewer than `commonFrom` notes), the closest
/// words by edit distance, most common first.
struct Suggester {
    let db: Database

    /// A word in this many notes is no typo: `rest` in 40 notes is not corrected to `reset`.
    static let commonFrom = 3

    func suggest(_ words: [String]) throws -> [String] {
        var corrected: [String] = []
        var changed = false
        // As many words as a query keeps (`QueryText.maximumUnits`): each costs look-ups.
        for word in words.prefix(QueryText.maximumUnits) where !QueryText.stopWords.contains(word) {
            if try Int.fetchOne(db, sql: "SELECT doc FROM nameVocabulary WHERE term = ?", arguments: [word]) != nil
                || (try notesContaining(word)) >= Self.commonFrom {
                corrected.append(word)
                continue
            }
            if let best = try closest(to: word) {
                corrected.append(best)
                changed = true
            } else {
                corrected.append(word)
            }
        }
        return changed ? [corrected.joined(separator: " ")] : []
    }

    /// How many notes hold the word anywhere (stemmed, as search matches it), counted up to
    /// `commonFrom` only.
    private func notesContaining(_ word: String) throws -> Int {
        guard let pattern = FTS5Query.phrase([word]) else { return 0 }
        return try Int.fetchOne(db, sql: """
            SELECT count(*) FROM (SELECT rowid FROM noteSearch WHERE noteSearch MATCH ? LIMIT ?)
            """, arguments: [pattern, Self.commonFrom]) ?? 0
    }

    private func closest(to word: String) throws -> String? {
        guard let first = word.first, word.count >= 3 else { return nil }
        let budget = word.count <= 4 ? 1 : 2
        let rows = try Row.fetchAll(db, sql: """
            SELECT term, doc FROM nameVocabulary WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?
            """, arguments: [String(first), String(first) + "\u{10FFFF}", word.count - budget, word.count + budget])
        var best: (term: String, distance: Int, docs: Int)?
        for row in rows {
            let term: String = row["term"]
            let distance = EditDistance.between(word, term, limit: budget)
            guard distance <= budget else { continue }
            let docs: Int = row["doc"]
            if best == nil || distance < best!.distance || (distance == best!.distance && docs > best!.docs) {
                best = (term, distance, docs)
            }
        }
        return best?.term
    }
}
