import Foundation

/// Reads a Hugo site configuration (`hugo.toml|yaml|json`, `config.*`) into a tree of values;
/// the layout needs a handful of keys (`contentDir`, the languages, the content mounts). A file
/// that does not parse gives no keys, as Hugo would not build the site from it either.
enum SiteConfigReader {
    static func read(_ text: String, format: String) -> [String: FrontMatterValue] {
        switch format {
        case "toml": return (try? TOMLReader.fields(text)) ?? [:]
        case "yaml", "yml": return (try? FrontMatterParser.composedFields(text)) ?? [:]
        case "json":
            if case .object(let fields)? = try? JSONDecoder().decode(FrontMatterValue.self, from: Data(text.utf8)) { return fields }
            return [:]
        default: return [:]
        }
    }
}
