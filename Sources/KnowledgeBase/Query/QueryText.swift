/// A user's search text taken apart (`SearchSyntax`): quoted phrases kept whole, other words
/// split, common words dropped when anything else is left, `OR`, `-word` and `title:` compiled
/// in. Builds only valid FTS5 expressions (`FTS5Query`), so no input can cause a syntax error.
package struct QueryText: Sendable {
    /// The words the user typed, lower-cased, stop words included.
    package let words: [String]
    /// Every kept word and phrase must match.
    package let all: String?
    /// Any kept word or phrase may match.
    package let any: String?
    /// `all`, restricted to the `name` column of the terms table.
    let allInName: String?
    /// `all` for the terms table, which has no title column: words, phrases and exclusions.
    let termPattern: String?
    private let keptWords: [String]
    /// One FTS5 pattern per clause (a word, phrase, or words joined by OR).
    private let clausePatterns: [String]
    /// How many FTS5 phrases each of `clausePatterns` holds.
    private let clausePhraseCounts: [Int]
    /// How many FTS5 phrases `all` and `any` hold: the clauses' phrases first, in order, then
    /// the title words' and the excluded ones'.
    let phraseCount: Int
    /// The last word is matched as a prefix (the REPL searches as you type).
    private let prefixLast: Bool
    /// The text was longer than `maximumLength` characters or held more than `maximumUnits`
    /// words and phrases, and only its start is searched.
    package let isShortened: Bool

    /// The longest text read, in characters: the rest of a longer one is ignored.
    package static let maximumLength = 1_000
    /// The most words and phrases a query keeps. Every one costs an FTS5 lookup when the
    /// coverage of a note is measured, so this bounds the work one query can cause.
    package static let maximumUnits = 32

    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "is", "are",
        "was", "be", "do", "does", "did", "i", "you", "we", "my", "how", "what", "which", "who", "when",
        "where", "why", "can", "could", "should", "would", "it", "its", "this", "that", "these", "those",
        "as", "into", "about", "use", "using", "make", "get", "there", "their", "me", "if", "so", "not",
        "between", "vs", "versus", "difference", "mean", "means", "meaning", "way", "ways", "s",
    ]

    /// - Parameter prefixLastWord: match the last word as a prefix (`orig` finds "origin"),
    ///   unless the text ends with a space or a closing quote.
    /// - Parameter completions: whole words the unfinished last word stands for (its most
    ///   frequent completions), searched instead of an FTS5 prefix scan.
    package init(_ fullText: String, prefixLastWord: Bool = false, completions: [String] = []) {
        let text = fullText.count > Self.maximumLength ? String(fullText.prefix(Self.maximumLength)) : fullText
        let syntax = (try? SearchSyntax.parse(text)) ?? SearchSyntax.literal(text)
        self.init(syntax: syntax, shortened: text.count < fullText.count, prefixLastWord: prefixLastWord, completions: completions)
    }

    /// The typed query compiled to FTS5: the one place its words, phrases, alternatives,
    /// exclusions and title words become FTS5 text.
    init(syntax: SearchSyntax, shortened: Bool = false, prefixLastWord: Bool = false, completions: [String] = []) {
        words = syntax.clauses.flatMap { $0.flatMap(Self.words(of:)) }
        let isStopWord: ([SearchSyntax.Unit]) -> Bool = { $0.count == 1 && $0[0].isStopWord }
        let kept = syntax.clauses.contains { !isStopWord($0) } ? syntax.clauses.filter { !isStopWord($0) } : syntax.clauses
        let clauses = Array(kept.prefix(Self.maximumUnits))
        isShortened = shortened || kept.count > clauses.count
        let lastTyped = syntax.clauses.last
        let prefixLast = prefixLastWord && syntax.endsInWord && !clauses.isEmpty && clauses.count == kept.count
            && clauses.last == lastTyped && clauses.last?.count == 1 && clauses.last?.first?.isWord == true
        self.prefixLast = prefixLast
        self.completions = completions
        let compiled: [(pattern: String, phrases: Int)] = clauses.enumerated().compactMap { index, clause in
            let alternatives: [(pattern: String, phrases: Int)] = clause.compactMap { unit in
                if prefixLast, index == clauses.count - 1, case .word(let word) = unit { return Self.prefixPattern(word, completions) }
                return Self.pattern(unit).map { ($0, 1) }
            }
            return FTS5Query.any(alternatives.map(\.pattern)).map { ($0, alternatives.reduce(0) { $0 + $1.phrases }) }
        }
        let patterns = compiled.map(\.pattern)
        keptWords = clauses.flatMap { $0.flatMap(Self.words(of:)) }
        clausePatterns = patterns
        clausePhraseCounts = compiled.map(\.phrases)
        let titled = syntax.inTitle.compactMap { Self.pattern($0).map { FTS5Query.inColumn("title", $0) } }
        let excludedPatterns = syntax.excluded.compactMap(Self.pattern)
        let excluded = FTS5Query.any(excludedPatterns)
        phraseCount = clausePhraseCounts.reduce(0, +) + titled.count + excludedPatterns.count
        let positive = FTS5Query.all(patterns + titled)
        let anyOf = FTS5Query.any(patterns).map { FTS5Query.all([$0] + titled) } ?? positive
        all = positive.map { Self.excluding(excluded, from: $0) }
        any = anyOf.map { Self.excluding(excluded, from: $0) }
        allInName = FTS5Query.all(patterns).map { FTS5Query.inColumn("name", $0) }
        termPattern = FTS5Query.all(patterns).map { Self.excluding(excluded, from: $0) }
    }

    /// The words a unit holds.
    private static func words(of unit: SearchSyntax.Unit) -> [String] {
        switch unit {
        case .word(let word), .prefix(let word): return [word]
        case .phrase(let words): return words
        }
    }

    private static func pattern(_ unit: SearchSyntax.Unit) -> String? {
        switch unit {
        case .word(let word): return FTS5Query.phrase([word])
        case .phrase(let words): return FTS5Query.phrase(words)
        case .prefix(let word): return FTS5Query.prefix(word)
        }
    }

    private static func excluding(_ excluded: String?, from pattern: String) -> String {
        guard let excluded else { return pattern }
        return "(\(pattern)) NOT (\(excluded))"
    }

    /// The whole words searched for the unfinished last word, if any.
    private let completions: [String]

    /// The last word when it is matched as a prefix.
    package var unfinishedWord: String? { prefixLast ? keptWords.last : nil }

    /// Any of the completions (the typed word itself among them), or an FTS5 prefix query
    /// when there are none; with the number of phrases it holds.
    private static func prefixPattern(_ word: String, _ completions: [String]) -> (pattern: String, phrases: Int)? {
        guard !completions.isEmpty else { return FTS5Query.prefix(word).map { ($0, 1) } }
        var seen = Set<String>()
        let phrases = ([word] + completions).filter { seen.insert($0).inserted }.compactMap { FTS5Query.phrase([$0]) }
        return FTS5Query.any(phrases).map { ($0, phrases.count) }
    }

    package var isEmpty: Bool { all == nil }

    /// How many words and phrases the query has.
    package var unitCount: Int { clausePatterns.count }

    /// One pattern per word or phrase, for measuring how much of the query a note covers.
    package var units: [String] { clausePatterns }

    /// The range of FTS5 phrase numbers (in `all` and `any`) of each of `units`.
    var unitPhrases: [Range<Int>] {
        var start = 0
        return clausePhraseCounts.map { count in
            defer { start += count }
            return start..<start + count
        }
    }
}

extension SearchSyntax.Unit {
    var isStopWord: Bool {
        if case .word(let word) = self { return QueryText.stopWords.contains(word) }
        return false
    }

    var isPrefix: Bool {
        if case .prefix = self { return true }
        return false
    }

    var isWord: Bool {
        if case .word = self { return true }
        return false
    }
}
