import Foundation

/// Reads the TOML that Hugo front matter uses: `key = value` pairs, `[table]` headers, strings,
/// numbers, booleans, dates (kept as text) and arrays. No TOML package resolves on this project's
/// machines (TOMLKit's test dependency is not mirrored), so this small reader covers front matter
/// and rejects the rest with a line number instead of guessing.
enum TOMLFrontMatterReader {
    static func read(_ raw: String) throws -> [String: FrontMatterValue] {
        var root: [String: FrontMatterValue] = [:]
        var table: String?
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false)
        var index = -1
        while index + 1 < lines.count {
            index += 1
            var line = stripComment(String(lines[index])).trimmingSpaces()
            if line.isEmpty { continue }
            let lineNumber = index + 2
            // A value may be an array over several lines (`tags = [` … `]`): read on to its end.
            if !line.hasPrefix("["), line.contains("=") {
                while openBrackets(line) > 0, index + 1 < lines.count {
                    index += 1
                    line += " " + stripComment(String(lines[index])).trimmingSpaces()
                }
            }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw FrontMatterError("unclosed table header at line \(lineNumber)") }
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                table = name
                if root[name] == nil { root[name] = .object([:]) }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw FrontMatterError("expected key = value at line \(lineNumber)")
            }
            let key = line[..<eq].trimmingSpaces().trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            var scanner = Scanner(text: String(line[line.index(after: eq)...]))
            let value = try scanner.value(line: lineNumber)
            if let table, case .object(var fields)? = root[table] {
                fields[key] = value
                root[table] = .object(fields)
            } else {
                root[key] = value
            }
        }
        return root
    }

    /// How many `[` are still open in `line`, strings aside.
    private static func openBrackets(_ line: String) -> Int {
        var quote: Character?
        var depth = 0
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "[" {
                depth += 1
            } else if ch == "]" {
                depth -= 1
            }
        }
        return depth
    }

    /// Drops a `#` comment that is not inside a string.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        for (offset, ch) in line.enumerated() {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" {
                return String(line.prefix(offset))
            }
        }
        return line
    }

    private struct Scanner {
        var chars: [Character]
        var position = 0

        init(text: String) { chars = Array(text) }

        mutating func skipSpaces() {
            while position < chars.count, chars[position] == " " || chars[position] == "\t" { position += 1 }
        }

        mutating func value(line: Int) throws -> FrontMatterValue {
            skipSpaces()
            guard position < chars.count else { throw FrontMatterError("missing value at line \(line)") }
            switch chars[position] {
            case "\"", "'":
                return .string(try string(line: line))
            case "[":
                position += 1
                var items: [FrontMatterValue] = []
                while true {
                    skipSpaces()
                    guard position < chars.count else { throw FrontMatterError("unclosed array at line \(line)") }
                    if chars[position] == "]" { position += 1; return .array(items) }
                    if chars[position] == "," { position += 1; continue }
                    items.append(try value(line: line))
                }
            default:
                var token = ""
                while position < chars.count, ![",", "]"].contains(chars[position]) {
                    token.append(chars[position])
                    position += 1
                }
                token = token.trimmingSpaces()
                if token == "true" { return .bool(true) }
                if token == "false" { return .bool(false) }
                if let i = Int(token.replacingOccurrences(of: "_", with: "")) { return .int(i) }
                if let d = Double(token.replacingOccurrences(of: "_", with: "")) { return .double(d) }
                // Dates and times stay exactly as written.
                return .string(token)
            }
        }

        mutating func string(line: Int) throws -> String {
            let quote = chars[position]
            position += 1
            var out = ""
            while position < chars.count {
                let ch = chars[position]
                position += 1
                if ch == quote { return out }
                if ch == "\\", quote == "\"", position < chars.count {
                    let escaped = chars[position]
                    position += 1
                    switch escaped {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(escaped)
                    }
                } else {
                    out.append(ch)
                }
            }
            throw FrontMatterError("unclosed string at line \(line)")
        }
    }
}
