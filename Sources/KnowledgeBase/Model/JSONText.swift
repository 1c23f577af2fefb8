import Foundation

/// JSON text for the values the index stores as JSON (front matter, term aliases), written
/// exactly as `JSONEncoder` with sorted keys and unescaped slashes writes them. Written by
/// hand because JSONEncoder boxes every value through its container machinery, and every
/// note's front matter and term aliases pass through here when a corpus is indexed.
package enum JSONText {
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

    private static func append(_ string: String, to out: inout String) {
        // Most strings need no escape at all.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\"" + string + "\""
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 2)
        appendString(string, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string` as a JSON string: quote, backslash and control characters escaped (and
    /// `/` too when `escapingSlashes`, as `JSONEncoder` does by default), everything else as
    /// is. Byte by byte: every character that needs an escape is ASCII, and no byte of a
    /// longer UTF-8 sequence is.
    package static func appendString(_ string: String, to out: inout [UInt8], escapingSlashes: Bool = false) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "/") where escapingSlashes: out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
