/// Enum values written into SQL text. The tables store an enum's raw value; a query that names
/// one spells it through the enum, so the query and the rows it reads cannot drift apart.
extension RawRepresentable where RawValue == String {
    /// The raw value as a quoted SQL string literal: `'broken'`.
    var sqlLiteral: String { "'" + rawValue.replacingOccurrences(of: "'", with: "''") + "'" }
}

extension Sequence where Element: RawRepresentable, Element.RawValue == String {
    /// The raw values as a parenthesised list of SQL literals, for `IN`: `('internal', 'wiki')`.
    var sqlList: String { "(" + map(\.sqlLiteral).joined(separator: ", ") + ")" }
}

/// What a row of the `tag` table records: a front-matter tag or a category. Only tags count as
/// tags in the graph, the stats and `kb tags`.
enum TagKind: String {
    case tag, category
}
