import Foundation

/// JSON text for the values the index stores as JSON (front matter, term aliases), written
/// exactly as `JSONEncoder` with sorted keys and unescaped slashes writes them. Written by
/// hand because JSONEncoder boxes every value through its container machinery, and every
/// note's front matter and term aliases pass through here when a corpus is indexed.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            append(string, to: &out)
        }
        return out + "]"
    }

    static func object(_ fields: [String: FrontMatterValue]) -> String {
        var out = ""
        append(.object(fields), to: &out)
        return out
    }

    private static func append(_ value: FrontMatterValue, to out: inout String) {
        switch value {
        case .string(let string): append(string, to: &out)
        case .int(let int): out += String(int)
        case .bool(let bool): out += bool ? "true" : "false"
        case .null: out += "null"
        case .double:
            // Rare in front matter; JSONEncoder's number formatting is not worth repeating.
            let encoder = JSONEncoder()
            out += (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                append(item, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                append(key, to: &out)
                out += ":"
                append(fields[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as is.
    private static func append(_ string: String, to out: inout String) {
        out += "\""
        // Most strings need no escape at all.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += string
            out += "\""
            return
        }
        var plainStart = string.unicodeScalars.startIndex
        for index in string.unicodeScalars.indices {
            let scalar = string.unicodeScalars[index]
            guard scalar.value < 0x20 || scalar == "\"" || scalar == "\\" else { continue }
            out.unicodeScalars.append(contentsOf: string.unicodeScalars[plainStart..<index])
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            plainStart = string.unicodeScalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: string.unicodeScalars[plainStart...])
        out += "\""
    }
}
