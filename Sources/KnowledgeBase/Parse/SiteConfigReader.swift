import Foundation

/// Reads a Hugo site configuration (`hugo.toml|yaml|json`, `config.*`) into a tree of values.
/// A configuration that does not parse gives no keys: Hugo would not build such a site either,
/// and the layout then falls back to what the folders show.
enum SiteConfigReader {
    static func read(_ text: String, format: String) -> [String: FrontMatterValue] {
        switch format {
        case "toml": return (try? TOMLReader.read(text)) ?? [:]
        case "yaml", "yml": return (try? FrontMatterParser.composedFields(text)) ?? [:]
        case "json":
            if case .object(let fields)? = try? JSONDecoder().decode(FrontMatterValue.self, from: Data(text.utf8)) { return fields }
            return [:]
        default: return [:]
        }
    }
}
