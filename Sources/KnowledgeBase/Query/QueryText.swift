import GRDB

/// A user's search text taken apart: quoted phrases kept whole, other words split, common
/// words dropped when anything else is left. Builds only valid FTS5 expressions, from GRDB's
/// `FTS5Pattern`, so no input can cause a syntax error.
public struct QueryText: Sendable {
    /// Each unit is one FTS5 phrase pattern (a single word is a one-word phrase).
    public private(set) var units: [FTS5Pattern] = []
    /// The words the user typed, lower-cased, stop words included.
    public private(set) var words: [String] = []

    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "is", "are",
        "was", "be", "do", "does", "did", "i", "you", "we", "my", "how", "what", "which", "who", "when",
        "where", "why", "can", "could", "should", "would", "it", "its", "this", "that", "these", "those",
        "as", "into", "about", "use", "using", "make", "get", "there", "their", "me", "if", "so", "not",
        "between", "vs", "versus", "difference", "mean", "means", "meaning", "way", "ways", "s",
    ]

    public init(_ text: String) {
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
        for word in (kept.isEmpty ? looseWords : kept) {
            if let pattern = FTS5Pattern(matchingPhrase: word) { units.append(pattern) }
        }
        for phrase in phrases {
            if let pattern = FTS5Pattern(matchingPhrase: phrase) { units.append(pattern) }
        }
    }

    public var isEmpty: Bool { units.isEmpty }

    /// All units must match.
    public var all: FTS5Pattern? { combine(units, "AND") }
    /// Any unit may match.
    public var any: FTS5Pattern? { combine(units, "OR") }

    /// The units, restricted to one column (`title: "x" AND title: "y"`).
    func all(in column: String) -> FTS5Pattern? {
        guard !units.isEmpty else { return nil }
        return try? FTS5Pattern(rawPattern: "\(column) : (" + units.map(\.rawPattern).joined(separator: " AND ") + ")",
                                allowedColumns: [column])
    }

    private func combine(_ patterns: [FTS5Pattern], _ op: String) -> FTS5Pattern? {
        guard !patterns.isEmpty else { return nil }
        // Every part is a valid phrase, so the combination is valid; FTS5Pattern checks it again.
        return try? FTS5Pattern(rawPattern: patterns.map(\.rawPattern).joined(separator: " \(op) "))
    }
}
