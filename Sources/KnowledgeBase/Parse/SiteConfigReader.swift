import Foundation

/// Reads a Hugo site configuration (`hugo.toml|yaml|json`, `config.*`) into a tree of values,
/// keeping only what it can read: the layout needs a handful of keys (`contentDir`, the
/// languages, the content mounts), and a site's configuration uses far more TOML than front
/// matter does (arrays of tables, dotted and quoted keys), so this reader skips what it does not
/// understand instead of rejecting the file.
enum SiteConfigReader {
    static func read(_ text: String, format: String) -> [String: FrontMatterValue] {
        switch format {
        case "toml": return toml(text)
        case "yaml", "yml": return (try? FrontMatterParser.composedFields(text)) ?? [:]
        case "json":
            if case .object(let fields)? = try? JSONDecoder().decode(FrontMatterValue.self, from: Data(text.utf8)) { return fields }
            return [:]
        default: return [:]
        }
    }

    /// `[table]`, `[[array.of.tables]]`, `key = value` and `dotted.key = value` lines with
    /// strings, numbers, booleans and one-line arrays of those; other lines are skipped.
    static func toml(_ text: String) -> [String: FrontMatterValue] {
        var root = FrontMatterValue.object([:])
        var table: [PathStep] = []
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("[[") && line.hasSuffix("]]") {
                let keys = splitKey(String(line.dropFirst(2).dropLast(2)))
                table = keys.map { .key($0) }
                let count = appendTable(&root, at: table)
                table.append(.index(count - 1))
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                table = resolveTable(root, splitKey(String(line.dropFirst().dropLast())))
                continue
            }
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            let keys = splitKey(String(line[..<eq]))
            guard !keys.isEmpty, let value = scalar(line[line.index(after: eq)...].trimmingSpaces()) else { continue }
            set(&root, at: table + keys.map { .key($0) }, value)
        }
        if case .object(let fields) = root { return fields }
        return [:]
    }

    enum PathStep { case key(String), index(Int) }

    private static func splitKey(_ raw: String) -> [String] {
        raw.split(separator: ".").map { $0.trimmingSpaces().trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            .filter { !$0.isEmpty }
    }

    /// A `[a.b]` header inside an array of tables (`[[a]]` then `[a.b]`) names the last element.
    private static func resolveTable(_ root: FrontMatterValue, _ keys: [String]) -> [PathStep] {
        var steps: [PathStep] = []
        var node: FrontMatterValue? = root
        for key in keys {
            steps.append(.key(key))
            if case .object(let fields)? = node { node = fields[key] } else { node = nil }
            if case .array(let items)? = node, !items.isEmpty {
                steps.append(.index(items.count - 1))
                node = items.last
            }
        }
        return steps
    }

    private static func appendTable(_ root: inout FrontMatterValue, at path: [PathStep]) -> Int {
        var items: [FrontMatterValue] = []
        if case .array(let existing)? = get(root, path) { items = existing }
        items.append(.object([:]))
        set(&root, at: path, .array(items))
        return items.count
    }

    private static func get(_ node: FrontMatterValue, _ path: [PathStep]) -> FrontMatterValue? {
        guard let step = path.first else { return node }
        switch (step, node) {
        case (.key(let key), .object(let fields)): return fields[key].flatMap { get($0, Array(path.dropFirst())) }
        case (.index(let index), .array(let items)) where items.indices.contains(index): return get(items[index], Array(path.dropFirst()))
        default: return nil
        }
    }

    private static func set(_ node: inout FrontMatterValue, at path: [PathStep], _ value: FrontMatterValue) {
        guard let step = path.first else { return node = value }
        let rest = Array(path.dropFirst())
        switch step {
        case .key(let key):
            var fields: [String: FrontMatterValue] = [:]
            if case .object(let existing) = node { fields = existing }
            var child = fields[key] ?? .object([:])
            set(&child, at: rest, value)
            fields[key] = child
            node = .object(fields)
        case .index(let index):
            guard case .array(var items) = node, items.indices.contains(index) else { return }
            set(&items[index], at: rest, value)
            node = .array(items)
        }
    }

    private static func scalar(_ raw: String) -> FrontMatterValue? {
        var text = raw
        if let hash = commentStart(text) { text = String(text[..<hash]).trimmingSpaces() }
        if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast()
            if inner.contains("[") { return nil }
            return .array(inner.split(separator: ",").compactMap { scalar($0.trimmingSpaces()) })
        }
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            return .string(String(text.dropFirst().dropLast()))
        }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let int = Int(text) { return .int(int) }
        return nil
    }

    private static func commentStart(_ text: String) -> String.Index? {
        var quote: Character?
        for index in text.indices {
            let char = text[index]
            if let open = quote {
                if char == open { quote = nil }
            } else if char == "\"" || char == "'" {
                quote = char
            } else if char == "#" {
                return index
            }
        }
        return nil
    }
}
