import GRDB

/// Which notes a search looks in (`tag:`, `path:`, `--tag`), as SQL with parameters: a tag
/// matches itself and the tags nested under it, a path matches as a prefix.
struct SearchFilter: Sendable {
    /// Tag keys; a note must carry each (or a tag under it).
    var tags: [String] = []
    /// Path prefixes; a note's path must start with one of them.
    var paths: [String] = []

    /// Front-matter fields; a note must have each with the value, or the value among a list.
    var fields: [(key: String, value: String)] = []

    var isEmpty: Bool { tags.isEmpty && paths.isEmpty && fields.isEmpty }

    /// ` AND …` conditions on `note.id` and `note.path`, and their arguments.
    func sql() -> (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments = StatementArguments()
        for tag in tags {
            sql += " AND note.id IN (SELECT noteId FROM tag WHERE \(TagFilter.condition()))"
            _ = arguments.append(contentsOf: StatementArguments(TagFilter.arguments(tag)))
        }
        if !paths.isEmpty {
            sql += " AND (" + paths.map { _ in "substr(note.path, 1, length(?)) = ?" }.joined(separator: " OR ") + ")"
            for path in paths { _ = arguments.append(contentsOf: [path, path]) }
        }
        for field in fields {
            // json_each walks a list's items or yields a scalar once; true and false compare
            // as the words, not as 1 and 0.
            sql += """
                 AND EXISTS (SELECT 1 FROM json_each(note.frontMatter, '$."' || ? || '"') WHERE \
                CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE lower(CAST(value AS TEXT)) END = lower(?))
                """
            _ = arguments.append(contentsOf: [field.key, field.value])
        }
        return (sql, arguments)
    }
}
