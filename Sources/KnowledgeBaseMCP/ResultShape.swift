import Foundation
import MCP

/// Turns the engines' answers into the JSON values tools return. The engines' own `Encodable`
/// shapes (those `kb --json` prints) are kept, and every note in them gains its `kb://` address.
enum ResultShape {
    /// `value` as JSON, through the same encoder settings as the CLI's `--json`.
    static func value<T: Encodable>(_ value: T) throws -> Value {
        withURIs(try JSONValueReader.read(encoded(value)))
    }

    /// `value` through Foundation's encoder, with the CLI's `--json` settings: compact, keys
    /// sorted, slashes as they are.
    static func encoded<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Adds `uri` beside every `path`, `sourceUri` beside a link's `source` and `targetUri`
    /// beside `targetPath`, at any depth.
    static func withURIs(_ value: Value) -> Value {
        switch value {
        case .array(let items):
            return .array(items.map(withURIs))
        case .object(var fields):
            // Only nested values can change: rewriting every field cost a dictionary write each.
            for (key, field) in fields {
                switch field {
                case .array, .object: fields[key] = withURIs(field)
                default: continue
                }
            }
            if case .string(let path)? = fields["path"] { fields["uri"] = .string(NoteURI.note(path)) }
            if case .string(let path)? = fields["targetPath"] { fields["targetUri"] = .string(NoteURI.note(path)) }
            if case .string(let path)? = fields["source"], fields["resolution"] != nil {
                fields["sourceUri"] = .string(NoteURI.note(path))
            }
            return .object(fields)
        default:
            return value
        }
    }

    /// A note named in a result: its path, title and address.
    static func note(path: String, title: String) -> Value {
        .object(["path": .string(path), "title": .string(title), "uri": .string(NoteURI.note(path))])
    }
}
