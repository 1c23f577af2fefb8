import GRDB

/// A user's search text taken apart: quoted phrases kept whole, other words split, common
/// words dropped when anything else is left. Builds only valid FTS5 expressions, from GRDB's
/// `FTS5Pattern`, so no input can cause a syntax error.
///
/// GRDB checks every pattern it builds against a scratch in-memory database, so the patterns
/// a search always needs are built once here, from whole word lists rather than word by word.
public struct QueryText: Sendable {
    /// The words the user typed, lower-cased, stop words included.
    public let words: [String]
    /// Every kept word and phrase must match.
    public let all: FTS5Pattern?
    /// Any kept word or phrase may match.
    public let any: FTS5Pattern?
    /// `all`, restricted to the `name` column of the terms table.
    let allInName: FTS5Pattern?
    private let keptWords: [String]
    private let phrases: [String]
    /// The last word is matched as a prefix (the REPL searches as you type).
    private let prefixLast: Bool

    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "is", "are",
        "was", "be", "do", "does", "did", "i", "you", "we", "my", "how", "what", "which", "who", "when",
        "where", "why", "can", "could", "should", "would", "it", "its", "this", "that", "these", "those",
        "as", "into", "about", "use", "using", "make", "get", "there", "their", "me", "if", "so", "not",
        "between", "vs", "versus", "difference", "mean", "means", "meaning", "way", "ways", "s",
    ]

    /// - Parameter prefixLastWord: match the last word as a prefix (`orig` finds "origin"),
    ///   unless the text ends with a space or a closing quote.
    public init(_ text: String, prefixLastWord: Bool = false) {
        var phrases: [String] = []
        var loose = ""
        var inQuote = false
        var current = ""
        for ch in text {
            if ch == "\"" {
                if inQuote { phrases.append(current) } else { loose += " " + current }
                current = ""
                inQuote.toggle()
            } else {
                current.append(ch)
            }
        }
        loose += " " + current
        let looseWords = TextNormalizer.words(loose.lowercased()).map(String.init)
        words = looseWords + phrases.flatMap { TextNormalizer.words($0.lowercased()).map(String.init) }
        let kept = looseWords.filter { !Self.stopWords.contains($0) }
        keptWords = kept.isEmpty ? looseWords : kept
        let phrasePatterns = phrases.compactMap { FTS5Pattern(matchingPhrase: $0) }
        self.phrases = phrases.filter { FTS5Pattern(matchingPhrase: $0) != nil }
        let prefixLast = prefixLastWord && !keptWords.isEmpty && !inQuote
            && text.last.map { !$0.isWhitespace && $0 != "\"" } == true
        self.prefixLast = prefixLast
        let wholeWords = (prefixLast ? keptWords.dropLast() : keptWords[...]).joined(separator: " ")
        let prefix = prefixLast ? keptWords.last.flatMap { FTS5Pattern(matchingAllPrefixesIn: $0) } : nil
        all = Self.combine([FTS5Pattern(matchingAllTokensIn: wholeWords), prefix].compactMap { $0 } + phrasePatterns, "AND")
        any = Self.combine([FTS5Pattern(matchingAnyTokenIn: wholeWords), prefix].compactMap { $0 } + phrasePatterns, "OR")
        allInName = all.flatMap { try? FTS5Pattern(rawPattern: "name : (\($0.rawPattern))", allowedColumns: ["name"]) }
    }

    public var isEmpty: Bool { all == nil }

    /// How many words and phrases the query has.
    public var unitCount: Int { keptWords.count + phrases.count }

    /// One pattern per word or phrase, for measuring how much of the query a note covers.
    /// Built on demand: only the any-word fallback needs them.
    public var units: [FTS5Pattern] {
        keptWords.enumerated().compactMap { index, word in
            prefixLast && index == keptWords.count - 1 ? FTS5Pattern(matchingAllPrefixesIn: word) : FTS5Pattern(matchingPhrase: word)
        } + phrases.compactMap { FTS5Pattern(matchingPhrase: $0) }
    }

    /// Parts that are each valid, joined by an operator; FTS5Pattern checks the whole again.
    private static func combine(_ patterns: [FTS5Pattern], _ op: String) -> FTS5Pattern? {
        guard patterns.count > 1 else { return patterns.first }
        return try? FTS5Pattern(rawPattern: patterns.map { "(\($0.rawPattern))" }.joined(separator: " \(op) "))
    }
}
