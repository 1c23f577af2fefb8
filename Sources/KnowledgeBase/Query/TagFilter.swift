import GRDB

/// How a tag given by the user matches stored tags: case aside, with or without a leading `#`,
/// and a nested tag under it too (`area` matches `area/sub`, as Obsidian's tag search does).
enum TagFilter {
    /// The condition on a `tag` table's key column, with its three arguments.
    static func condition(_ column: String = "key") -> String {
        "(\(column) = ? OR substr(\(column), 1, length(?) + 1) = ? || '/')"
    }

    static func arguments(_ tag: String) -> [DatabaseValueConvertible] {
        let key = self.key(tag)
        return [key, key, key]
    }

    static func key(_ tag: String) -> String {
        var trimmed = tag.trimmingSpaces()
        while trimmed.hasPrefix("#") { trimmed.removeFirst() }
        return TextNormalizer.key(trimmed)
    }
}
