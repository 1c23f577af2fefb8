import Foundation
import KnowledgeBase
import MCP

/// MCP `Value`s as compact JSON with sorted keys, written straight from the tree (`JSONBytes`):
/// a tool's answer is written twice per call (as the text block and as the structured
/// content), and Foundation's encoder took as long for that as the query itself.
enum ValueWriter {
    /// A value holding binary data (`.data`), which the SDK writes as a data URL of its own.
    struct BinaryData: Error {}

    /// `value` as JSON bytes; throws `BinaryData` for a value the SDK's encoder must write.
    static func bytes(_ value: Value) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        try append(value, to: &out)
        return out
    }

    /// `value` as JSON text, through the SDK's encoder when it holds binary data.
    static func text(_ value: Value) -> String {
        if let bytes = try? bytes(value) { return String(decoding: bytes, as: UTF8.self) }
        return (try? ResultShape.encoded(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }

    private static func append(_ value: Value, to out: inout [UInt8]) throws {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .int(let number): out += String(number).utf8
        case .double(let number): JSONBytes.appendNumber(number, to: &out)
        case .string(let text): JSONBytes.appendString(text, to: &out)
        case .data: throw BinaryData()
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                try append(fields[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
