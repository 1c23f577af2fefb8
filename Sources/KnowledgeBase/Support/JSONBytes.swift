/// JSON strings and numbers as compact JSON text, appended to a byte buffer: what the language
/// server and the MCP server write their value trees with. Foundation's `JSONEncoder` goes
/// through `Encodable`'s containers for every value, which for a reply of a few hundred small
/// values cost more than finding the answer. (Each server writes its own arrays and objects:
/// a generic walk here, even marked inlinable, ran unspecialised from their modules and was
/// slower than the encoder.)
package enum JSONBytes {
    /// `value` as a JSON string: quoted, with `"`, `\` and control characters escaped, and `/`
    /// and every other character as they are (UTF-8).
    package static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `value` as a JSON number: whole numbers without a fraction, others in Swift's shortest
    /// form that reads back the same; `null` for an infinity or NaN, which JSON cannot say.
    package static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            out += String(Int64(value)).utf8
        } else if value.isFinite {
            out += String(value).utf8
        } else {
            out += "null".utf8
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
