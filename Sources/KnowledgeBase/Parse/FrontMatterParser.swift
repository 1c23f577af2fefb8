import Foundation
import Yams

/// The front matter of a note, split from its body.
package struct FrontMatter: Sendable {
    package enum Format: String, Sendable { case yaml, toml, json, none }
    package var format: Format
    /// Every key with a JSON-compatible value (strings, numbers, booleans, arrays, objects).
    package var fields: [String: FrontMatterValue]
    /// The Markdown after the front matter.
    package var body: String
    /// Line of the file where `body` starts (1-based), for error positions.
    package var bodyLine: Int
    /// A problem reading the front matter; the body is still returned.
    package var warning: String?
}

/// Splits YAML (`---`), TOML (`+++`) or JSON (`{`) front matter from a note and reads it.
package enum FrontMatterParser {
    package static func parse(_ text: String) -> FrontMatter {
        if let (raw, body, bodyLine) = fenced(text, fence: "---") {
            return read(format: .yaml, raw: raw, body: body, bodyLine: bodyLine)
        }
        if let (raw, body, bodyLine) = fenced(text, fence: "+++") {
            return read(format: .toml, raw: raw, body: body, bodyLine: bodyLine)
        }
        if text.hasPrefix("{"), let (raw, body, bodyLine) = jsonBlock(text) {
            return read(format: .json, raw: raw, body: body, bodyLine: bodyLine)
        }
        return FrontMatter(format: .none, fields: [:], body: text, bodyLine: 1, warning: nil)
    }

    /// Serialises fields as a JSON object with sorted keys.
    package static func json(_ fields: [String: FrontMatterValue]) -> String {
        JSONText.object(fields)
    }

    private static func read(format: FrontMatter.Format, raw: String, body: String, bodyLine: Int) -> FrontMatter {
        var result = FrontMatter(format: format, fields: [:], body: body, bodyLine: bodyLine, warning: nil)
        do {
            switch format {
            case .yaml: (result.fields, result.warning) = try yamlFields(raw)
            case .toml: result.fields = try TOMLReader.read(raw, firstLine: 2)
            case .json: result.fields = try jsonFields(raw)
            case .none: break
            }
        } catch let error as YamlError {
            result.warning = "malformed YAML front matter: \(describe(error))"
        } catch {
            result.warning = "malformed \(format.rawValue.uppercased()) front matter: \(error)"
        }
        return result
    }

    /// Finds `fence` on the first line and again on a later line of its own. Scans line by line
    /// and stops at the closing fence, so a long body is not split into lines for nothing.
    private static func fenced(_ text: String, fence: String) -> (String, String, Int)? {
        guard text.hasPrefix(fence) else { return nil }
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var lineNumber = 1
        var contentStart: String.Index?
        while lineStart < bytes.endIndex {
            let lineEnd = text.firstIndex(ofByte: UInt8(ascii: "\n"), from: lineStart) ?? bytes.endIndex
            // A line break always ends a Character, so the next line starts one byte on.
            let next = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : bytes.endIndex
            if isFence(text[lineStart..<lineEnd], fence) {
                if let contentStart {
                    // Without the line break before the fence (dropLast() walked Characters back).
                    let raw = lineStart > contentStart ? String(text[contentStart..<bytes.index(before: lineStart)]) : ""
                    return (raw, String(text[next...]), lineNumber + 1)
                }
                contentStart = next
            } else if contentStart == nil {
                return nil
            }
            lineStart = next
            lineNumber += 1
        }
        return nil
    }

    /// `line` is `fence` once spaces around it are trimmed. Only a line starting with the
    /// fence's first byte, a space, a tab or a non-ASCII byte (where other spaces start) can
    /// be one, so the others, nearly every line of front matter, are not trimmed.
    private static func isFence(_ line: Substring, _ fence: String) -> Bool {
        guard let first = line.utf8.first else { return false }
        guard first == fence.utf8.first || first == 0x20 || first == 0x09 || first >= 0x80 else { return false }
        return line.trimmingSpaces() == fence
    }

    /// Hugo's JSON front matter is an object at the start of the file, ending on a line that
    /// closes it: that line is the one holding the `}` that matches the first `{` (outside
    /// strings), with nothing but spaces after it, and the object must be valid JSON.
    ///
    /// Trying every line that ends in `}` (joining all the lines before it and parsing them
    /// as JSON each time) is quadratic: a note of many such lines after a `{` would take
    /// seconds. Only the
    /// line holding the matching `}` can end valid JSON, so one pass finds it and one parse
    /// checks it.
    private static func jsonBlock(_ text: String) -> (String, String, Int)? {
        var text = text
        guard let end = text.withUTF8(JSONObjectEnd.lineEnd) else { return nil }
        let bytes = text.utf8
        let cut = bytes.index(bytes.startIndex, offsetBy: end.offset)
        // A line break always ends a Character, so the byte offsets are Character boundaries.
        let raw = String(text[..<cut])
        guard (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) is [String: Any] else { return nil }
        let body = cut < bytes.endIndex ? String(text[bytes.index(after: cut)...]) : ""
        return (raw, body, end.line + 1)
    }

    /// `Constructor.default` builds a new constructor and its three tables on every call. This
    /// one is never changed after it is made, so every parsing thread can share it.
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// The fields, and a warning when aliases would copy more than they may. Such a text is
    /// never given to Yams: composing it, and then converting its tree (or hashing a key that
    /// is an alias), walks every copy.
    private static func yamlFields(_ raw: String) throws -> ([String: FrontMatterValue], String?) {
        // Only a text with a `*` can hold an alias.
        if raw.containsByte(UInt8(ascii: "*")) {
            let budget = YAMLEventReader.aliasBudget(forBytes: raw.utf8.count)
            let nodes = YAMLEventReader.expandedNodeCount(raw)
            if nodes > budget {
                let size = nodes == .max ? "more than \(budget)" : "\(nodes)"
                guard let (fields, cutShort) = YAMLEventReader.fields(raw, aliasBudget: budget) else {
                    return ([:], "aliases would expand the YAML front matter to \(size) values, past the limit of \(budget): not read")
                }
                return (fields, cutShort ? "aliases would expand the YAML front matter to \(size) values, past the limit of \(budget): the aliases past it were left out" : nil)
            }
        }
        return (try YAMLEventReader.fields(raw) ?? composedFields(raw), nil)
    }

    /// The fields as Yams composes them: what `YAMLEventReader` must agree with, and the
    /// reading of whatever it leaves (errors included).
    static func composedFields(_ raw: String) throws -> [String: FrontMatterValue] {
        // `Resolver.basic` leaves plain scalars untyped for `PlainScalarTyper`. The encoding is
        // given because Yams's default reads the whole environment each call.
        guard let node = try Yams.compose(yaml: raw, .basic, constructor, .utf8) else { return [:] }
        guard case .object(let fields) = value(of: node, depth: 0) else {
            throw FrontMatterError("YAML front matter is not a mapping of keys to values")
        }
        return fields
    }

    /// Converts a YAML node, keeping timestamps and anything unusual as the text written.
    private static func value(of node: Node, depth: Int) -> FrontMatterValue {
        guard depth < 64 else { return .null }
        switch node {
        case .scalar(let scalar):
            // The scalar's own tag: empty when none was written (and no resolver ran).
            let tag = scalar.tag.description
            if tag.isEmpty, scalar.style == .plain { return PlainScalarTyper.value(of: scalar.string) }
            if tag.hasSuffix(":null") { return .null }
            if tag.hasSuffix(":bool"), let b = node.bool { return .bool(b) }
            if tag.hasSuffix(":int"), let i = node.int { return .int(i) }
            if tag.hasSuffix(":float"), let d = node.float { return .double(d) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map { value(of: $0, depth: depth + 1) })
        case .mapping(let mapping):
            var out: [String: FrontMatterValue] = [:]
            for (key, item) in mapping {
                out[key.string ?? "\(key.any)"] = value(of: item, depth: depth + 1)
            }
            return .object(out)
        case .alias:
            return .null
        }
    }

    private static func jsonFields(_ raw: String) throws -> [String: FrontMatterValue] {
        guard case .object(let fields) = try JSONDecoder().decode(FrontMatterValue.self, from: Data(raw.utf8)) else {
            throw FrontMatterError("JSON front matter is not an object")
        }
        return fields
    }

    /// "problem at line L, column C" from a Yams error (line counted in the whole file).
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line + 1), column \(mark.column)"
        default:
            return "\(error)"
        }
    }
}

struct FrontMatterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Types an untagged plain YAML scalar as Yams's default resolver does: bool, int, float or
/// null, tried in that order, by the same rules. The resolver ran up to four regular
/// expressions on every scalar (titles and tags included), and again whenever Yams hashed a
/// key; here the keyword rules are set lookups and the number patterns run only on text that
/// starts like a number.
enum PlainScalarTyper {
    private static let booleans: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]
    private static let trueWords: Set<String> = ["true", "yes", "on"]
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL", ""]
    /// Yams's own int and float patterns. NSRegularExpression is immutable and safe to share.
    nonisolated(unsafe) private static let int = try? NSRegularExpression(pattern: Resolver.Rule.int.pattern)
    nonisolated(unsafe) private static let float = try? NSRegularExpression(pattern: Resolver.Rule.float.pattern)

    /// The longest keyword in `booleans` and `nulls`: a longer scalar skips their hashing.
    private static let longestKeyword = booleans.union(nulls).map(\.utf8.count).max() ?? 0

    static func value(of text: String) -> FrontMatterValue {
        let short = text.utf8.count <= longestKeyword
        // Yams's Bool rule for an untagged scalar, without a Tag made for it.
        if short, booleans.contains(text) { return .bool(trueWords.contains(text.lowercased())) }
        if let first = text.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            || first == UInt8(ascii: ".") || first.isASCIIDigit {
            // Yams's own conversion strips `_` through Foundation first; a plain decimal has none.
            if isPlainDecimal(text) { return Int(text).map { .int($0) } ?? .string(text) }
            let mayBeNumber = !hasInnerSign(text)
            if mayBeNumber, matches(int, text) { return Int.construct(from: Node.Scalar(text)).map { .int($0) } ?? .string(text) }
            if mayBeNumber, matches(float, text) {
                return Double.construct(from: Node.Scalar(text)).map { .double($0) } ?? .string(text)
            }
        }
        return short && nulls.contains(text) ? .null : .string(text)
    }

    /// `0` or a run of digits not starting with 0, which the int pattern always accepts; most
    /// numbers in front matter (weights, years) are these, and the pattern is slow to run.
    private static func isPlainDecimal(_ text: String) -> Bool {
        let digits = text.utf8
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1 else { return false }
        return digits.allSatisfy(\.isASCIIDigit)
    }

    /// A sign after the first character and not after an exponent's `e`, as in a date
    /// (`2019-07-06`): neither the int nor the float pattern accepts one there.
    private static func hasInnerSign(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for (offset, byte) in text.utf8.enumerated() {
            if offset > 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+"),
               previous != UInt8(ascii: "e"), previous != UInt8(ascii: "E") { return true }
            previous = byte
        }
        return false
    }

    private static func matches(_ pattern: NSRegularExpression?, _ text: String) -> Bool {
        pattern?.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}

/// Where a JSON object that opens a text ends, found in one pass over its bytes.
enum JSONObjectEnd {
    /// The end of the line (its `\n`, or the text's end) holding the `}` that closes the `{`
    /// at offset 0, and that line's number (1-based); nil when the object never closes or
    /// more than spaces follow its `}` on that line. Brackets inside strings are skipped.
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, line: Int)? {
        guard bytes.first == UInt8(ascii: "{") else { return nil }
        var depth = 0
        var line = 1
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return restOfLineIsBlank(bytes, after: index).map { ($0, line) } }
            }
            index += 1
        }
        return nil
    }

    /// The offset of the line break ending the line after `index` (or the text's end), when
    /// only spaces and tabs come before it.
    private static func restOfLineIsBlank(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Int? {
        var next = index + 1
        while next < bytes.count, bytes[next] != 0x0A {
            guard bytes[next] == 0x20 || bytes[next] == 0x09 else { return nil }
            next += 1
        }
        return next
    }
}
