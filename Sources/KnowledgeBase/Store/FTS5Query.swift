/// FTS5 query text made only of double-quoted strings and the operators FTS5 defines, so it is
/// valid for any input by construction. GRDB's `FTS5Pattern` instead checks each pattern
/// against a scratch in-memory database with an FTS5 table, which cost more than the search
/// itself when a query needs five patterns.
enum FTS5Query {
    /// The words as one phrase (a single word is a phrase of one); nil without words.
    static func phrase<S: StringProtocol>(_ words: [S]) -> String? {
        guard !words.isEmpty else { return nil }
        // Inside an FTS5 string the only special character is the quote, escaped by doubling.
        let body = words.joined(separator: " ").split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
        return "\"" + body + "\""
    }

    /// The word as a prefix: `"orig" *` matches origin.
    static func prefix<S: StringProtocol>(_ word: S) -> String? {
        phrase([word]).map { $0 + " *" }
    }

    /// Every part must match.
    static func all(_ parts: [String]) -> String? { join(parts, "AND") }

    /// Any part may match.
    static func any(_ parts: [String]) -> String? { join(parts, "OR") }

    /// `query`, matched in one column only.
    static func inColumn(_ column: String, _ query: String) -> String { "\(column) : (\(query))" }

    private static func join(_ parts: [String], _ op: String) -> String? {
        guard parts.count > 1 else { return parts.first }
        return parts.map { "(\($0))" }.joined(separator: " \(op) ")
    }
}
