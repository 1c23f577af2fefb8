/// A user's search text taken apart: quoted phrases kept whole, other words split, common
/// words dropped when anything else is left. Builds only valid FTS5 expressions (`FTS5Query`),
/// so no input can cause a syntax error.
public struct QueryText: Sendable {
    /// The words the user typed, lower-cased, stop words included.
    public let words: [String]
    /// Every kept word and phrase must match.
    public let all: String?
    /// Any kept word or phrase may match.
    public let any: String?
    /// `all`, restricted to the `name` column of the terms table.
    let allInName: String?
    private let keptWords: [String]
    /// The quoted phrases, each as an FTS5 phrase.
    private let phrases: [String]
    /// The last word is matched as a prefix (the REPL searches as you type).
    private let prefixLast: Bool
    /// The text was longer than `maximumLength` characters or held more than `maximumUnits`
    /// words and phrases, and only its start is searched.
    public let isShortened: Bool

    /// The longest text read, in characters: the rest of a longer one is ignored.
    public static let maximumLength = 1_000
    /// The most words and phrases a query keeps. Every one costs an FTS5 lookup when the
    /// coverage of a note is measured, so a query of thousands of words took minutes.
    public static let maximumUnits = 32

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
    public init(_ fullText: String, prefixLastWord: Bool = false, completions: [String] = []) {
        let text = fullText.count > Self.maximumLength ? String(fullText.prefix(Self.maximumLength)) : fullText
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
        let allPhrases = phrases.compactMap { FTS5Query.phrase(TextNormalizer.words($0.lowercased())) }
        self.phrases = Array(allPhrases.prefix(Self.maximumUnits))
        let wordRoom = Self.maximumUnits - self.phrases.count
        let allKept = kept.isEmpty ? looseWords : kept
        keptWords = Array(allKept.prefix(wordRoom))
        isShortened = text.count < fullText.count || allPhrases.count > self.phrases.count || allKept.count > keptWords.count
        let prefixLast = prefixLastWord && !keptWords.isEmpty && !inQuote
            && text.last.map { !$0.isWhitespace && $0 != "\"" } == true
        self.prefixLast = prefixLast
        let wholeWords = (prefixLast ? keptWords.dropLast() : keptWords[...]).compactMap { FTS5Query.phrase([$0]) }
        let prefix = prefixLast ? keptWords.last.flatMap { Self.prefixPattern($0, completions) } : nil
        self.completions = completions
        let parts = wholeWords + [prefix].compactMap { $0 } + self.phrases
        all = FTS5Query.all(parts)
        any = FTS5Query.any(parts)
        allInName = all.map { FTS5Query.inColumn("name", $0) }
    }

    /// The whole words searched for the unfinished last word, if any.
    private let completions: [String]

    /// The last word when it is matched as a prefix.
    public var unfinishedWord: String? { prefixLast ? keptWords.last : nil }

    /// Any of the completions (the typed word itself among them), or an FTS5 prefix query
    /// when there are none.
    private static func prefixPattern(_ word: String, _ completions: [String]) -> String? {
        guard !completions.isEmpty else { return FTS5Query.prefix(word) }
        var seen = Set<String>()
        let words = ([word] + completions).filter { seen.insert($0).inserted }
        return FTS5Query.any(words.compactMap { FTS5Query.phrase([$0]) })
    }

    public var isEmpty: Bool { all == nil }

    /// How many words and phrases the query has.
    public var unitCount: Int { keptWords.count + phrases.count }

    /// One pattern per word or phrase, for measuring how much of the query a note covers.
    public var units: [String] {
        keptWords.enumerated().compactMap { index, word in
            prefixLast && index == keptWords.count - 1 ? Self.prefixPattern(word, completions) : FTS5Query.phrase([word])
        } + phrases
    }
}
