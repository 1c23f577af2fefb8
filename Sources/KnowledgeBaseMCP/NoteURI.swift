import Foundation

/// The `kb://` addresses the server hands out: `kb://note/<path>` for a note's file and
/// `kb://term/<term>` for a glossary entry. Paths are percent-encoded, so a space or `#` in a
/// file name survives the round trip.
public enum NoteURI {
    public static let notePrefix = "kb://note/"
    public static let termPrefix = "kb://term/"

    /// The address of the note at `path` (relative to the corpus).
    public static func note(_ path: String) -> String { notePrefix + encode(path) }

    /// The address of the glossary entry `term`.
    public static func term(_ term: String) -> String { termPrefix + encode(term) }

    /// The path a `kb://note/` address names, or nil for any other address.
    public static func notePath(of uri: String) -> String? { decode(uri, prefix: notePrefix) }

    /// The term a `kb://term/` address names, or nil for any other address.
    public static func termName(of uri: String) -> String? { decode(uri, prefix: termPrefix) }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "#?%;")
        return set
    }()

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func decode(_ uri: String, prefix: String) -> String? {
        guard uri.hasPrefix(prefix) else { return nil }
        let rest = String(uri.dropFirst(prefix.count))
        guard !rest.isEmpty, let decoded = rest.removingPercentEncoding, !decoded.isEmpty else { return nil }
        return decoded
    }
}
