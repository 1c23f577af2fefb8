import Foundation

/// A card's stored text, written by hand as `JSONEncoder` with sorted keys writes it (slashes
/// escaped too), so texts stored by either compare equal. Every card of every note passes
/// through here on each sync, and JSONEncoder's boxing of each value was most of a sync's cost.
enum CardJSON {
    static func text(of card: StudyCard) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out += "{\"answer\":".utf8
        append(card.answer, to: &out)
        out += ",\"explanation\":".utf8
        append(card.explanation, to: &out)
        out += ",\"key\":".utf8
        append(card.key, to: &out)
        out += ",\"kind\":".utf8
        append(card.kind.rawValue, to: &out)
        out += ",\"links\":".utf8
        append(card.links, to: &out)
        out += ",\"notePath\":".utf8
        append(card.notePath, to: &out)
        out += ",\"noteTitle\":".utf8
        append(card.noteTitle, to: &out)
        out += ",\"options\":[".utf8
        for (index, option) in card.options.enumerated() {
            out += (index > 0 ? ",{\"correct\":" : "{\"correct\":").utf8
            out += (option.correct ? "true" : "false").utf8
            out += ",\"label\":".utf8
            append(option.label, to: &out)
            out += ",\"text\":".utf8
            append(option.text, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "],\"prompt\":".utf8
        append(card.prompt, to: &out)
        out += ",\"tags\":".utf8
        append(card.tags, to: &out)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ strings: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON string: quote, backslash, slash and control characters escaped. Byte by byte:
    /// every character that needs an escape is ASCII, and no byte of a longer UTF-8 sequence is.
    private static func append(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out += [UInt8(ascii: "\\"), byte]
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
