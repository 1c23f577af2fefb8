import Foundation
import MCP

/// Reads JSON text into the SDK's `Value`. `Value`'s own `Decodable` conformance tries each
/// JSON type in turn and throws on every miss, which made decoding a note card most of a
/// call's time; this reads each byte once. Integers stay `.int`, numbers with a fraction or
/// exponent become `.double`.
struct JSONValueReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var index = 0

    /// The value `data` holds; throws `Malformed` for text that is not one JSON value.
    static func read(_ data: Data) throws -> Value {
        var reader = JSONValueReader(bytes: [UInt8](data))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw Malformed() }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func value() throws -> Value {
        skipSpace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func object() throws -> Value {
        index += 1
        var fields: [String: Value] = [:]
        skipSpace()
        if try take(UInt8(ascii: "}")) { return .object(fields) }
        repeat {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Malformed() }
            let key = try string()
            skipSpace()
            guard try take(UInt8(ascii: ":")) else { throw Malformed() }
            fields[key] = try value()
            skipSpace()
        } while try take(UInt8(ascii: ","))
        guard try take(UInt8(ascii: "}")) else { throw Malformed() }
        return .object(fields)
    }

    private mutating func array() throws -> Value {
        index += 1
        var items: [Value] = []
        skipSpace()
        if try take(UInt8(ascii: "]")) { return .array(items) }
        repeat {
            items.append(try value())
            skipSpace()
        } while try take(UInt8(ascii: ","))
        guard try take(UInt8(ascii: "]")) else { throw Malformed() }
        return .array(items)
    }

    private mutating func string() throws -> String {
        index += 1
        var run = index
        var text = ""
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                text += String(decoding: bytes[run..<index], as: UTF8.self)
                index += 1
                return text
            }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            text += String(decoding: bytes[run..<index], as: UTF8.self)
            index += 1
            guard index < bytes.count else { throw Malformed() }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "n"): text += "\n"
            case UInt8(ascii: "t"): text += "\t"
            case UInt8(ascii: "r"): text += "\r"
            case UInt8(ascii: "b"): text += "\u{08}"
            case UInt8(ascii: "f"): text += "\u{0C}"
            case UInt8(ascii: "u"): text.unicodeScalars.append(try unicodeEscape())
            default: text.unicodeScalars.append(Unicode.Scalar(escaped))
            }
            run = index
        }
        throw Malformed()
    }

    /// The scalar of `\uXXXX` (the `\u` read), joining a surrogate pair.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count,
           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let low = try hex4()
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low &- 0xDC00)) ?? "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw Malformed()
        }
        index += 4
        return value
    }

    private mutating func number() throws -> Value {
        let start = index
        var fractional = false
        while index < bytes.count, let byte = Optional(bytes[index]),
              (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { fractional = true }
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !fractional, let integer = Int(text) { return .int(integer) }
        guard let double = Double(text) else { throw Malformed() }
        return .double(double)
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw Malformed()
        }
        index += expected.count
    }

    private mutating func take(_ byte: UInt8) throws -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }
}
